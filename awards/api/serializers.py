"""Serializers of the final stage (issue 6): the report, awards and their tasks, disqualification, sanctions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import VisiblePrimaryKeyField
from criteria.models import Incident, Sanction
from nominations.api.nomination_serializers import PersonField

from ..models import Award, AwardTask, Measure, TaskKind, TaskStatus


class ReportInputSerializer(serializers.Serializer):
    document_number = serializers.CharField(help_text=_("上报文号，例如 国市监信函〔2026〕12号"))
    document_date = serializers.DateField(help_text=_("上报日期"))
    measures = serializers.ListField(
        child=serializers.ChoiceField(choices=Measure.choices),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("激励措施代码；不填为本类别全部措施"),
    )


class DisqualifyInputSerializer(serializers.Serializer):
    finding = serializers.CharField(trim_whitespace=False, help_text=_("认定的事实和依据"))
    fraud = serializers.BooleanField(default=False, help_text=_("弄虚作假（第十四条）：同时限制申报和推荐资格"))
    decision_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class MeasureSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


@extend_schema_field(MeasureSerializer(many=True))
class MeasuresField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return [{"code": code, "label": str(Measure(code).label) if code in Measure.values else code} for code in value]


class AwardSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="nomination.division.code", read_only=True)
    division_name = serializers.CharField(source="nomination.division.name", read_only=True)
    category = serializers.CharField(source="nomination.category", read_only=True)
    campaign_year = serializers.IntegerField(source="nomination.campaign.year", read_only=True)
    measures = MeasuresField()
    granted_by = PersonField()
    revoked_by = PersonField()
    is_revoked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "nomination",
            "division",
            "division_name",
            "category",
            "campaign_year",
            "measures",
            "granted_at",
            "granted_by",
            "is_revoked",
            "revoked_at",
            "revoked_by",
            "revocation_reason",
            "incident",
        ]
        read_only_fields = fields


class RevokeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(trim_whitespace=False, help_text=_("撤销原因"))
    incident = VisiblePrimaryKeyField(
        queryset=Incident.objects.select_related("division"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("第十五条：所涉重大质量安全事件编号"),
    )


class AwardTaskSerializer(serializers.ModelSerializer):
    division_name = serializers.CharField(source="award.nomination.division.name", read_only=True)
    kind = serializers.ChoiceField(choices=TaskKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices, read_only=True)
    assigned_by = PersonField()

    class Meta:
        model = AwardTask
        fields = [
            "id",
            "award",
            "division_name",
            "kind",
            "title",
            "description",
            "due_on",
            "status",
            "report",
            "reported_at",
            "assigned_by",
            "assigned_at",
        ]
        read_only_fields = fields


class AwardTaskInputSerializer(serializers.Serializer):
    award = VisiblePrimaryKeyField(queryset=Award.objects.select_related("nomination__division"))
    kind = serializers.ChoiceField(choices=TaskKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = serializers.DateField()


class TaskReportInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(TaskStatus.DONE, TaskStatus.DONE.label), (TaskStatus.PROBLEM, TaskStatus.PROBLEM.label)]
    )
    report = serializers.CharField(trim_whitespace=False)


class SanctionSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.code", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    in_force = serializers.SerializerMethodField()
    # The application of the fraud finding that started it (``SanctionViewSet`` annotates it), if any.
    nomination = serializers.IntegerField(source="nomination_id", label=_("所涉申报"), read_only=True, allow_null=True)

    class Meta:
        model = Sanction
        fields = [
            "id",
            "division",
            "division_name",
            "kind",
            "reason",
            "starts_on",
            "first_year",
            "last_year",
            "in_force",
            "decision_number",
            "note",
            "lifted_at",
            "lift_reason",
            "lift_document_number",
            "nomination",
            "created_at",
        ]
        read_only_fields = fields

    def get_in_force(self, sanction) -> bool:
        """For the campaign year of today (``SanctionViewSet`` reads it once per request)."""
        return sanction.in_force(self.context["campaign_year"])


class SanctionLiftInputSerializer(serializers.Serializer):
    reason = serializers.CharField(trim_whitespace=False, help_text=_("解除理由"))
    document_number = serializers.CharField(max_length=64, help_text=_("解除决定文号"))
