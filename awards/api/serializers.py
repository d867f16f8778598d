"""Serializers of the final stage (issue 6): the report, awards and their tasks, disqualification, sanctions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import VisiblePrimaryKeyField
from criteria.models import Incident, Sanction
from nominations.api.nomination_serializers import PersonField

from ..models import (
    Achievement,
    AchievementField,
    Award,
    AwardTask,
    CommittedBy,
    FraudFinding,
    FraudReferral,
    Measure,
    TaskKind,
    TaskStatus,
)


def measure_codes(**kwargs):
    return serializers.ListField(child=serializers.ChoiceField(choices=Measure.choices), **kwargs)


class EntryMeasuresSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(help_text=_("名单上的申报编号"))
    measures = measure_codes(help_text=_("给予该地方的激励措施代码"))


class ReportInputSerializer(serializers.Serializer):
    document_number = serializers.CharField(help_text=_("上报文号，例如 国市监信函〔2026〕12号"))
    document_date = serializers.DateField(help_text=_("上报日期"))
    measures = measure_codes(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("给予每个地方的激励措施代码；不填为各地方符合条件的措施（第十条第一项、第四项须有工作成效记录）"),
    )
    entry_measures = EntryMeasuresSerializer(
        many=True, required=False, default=list, help_text=_("逐个地方选择的激励措施，优先于 measures")
    )

    def validate_entry_measures(self, entries):
        ids = [entry["nomination"] for entry in entries]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("同一申报只能出现一次。"))
        return {entry["nomination"]: entry["measures"] for entry in entries}


class MeasuresInputSerializer(serializers.Serializer):
    measures = measure_codes(help_text=_("该地方的激励措施代码（全部，替换原有措施）"))
    reason = serializers.CharField(trim_whitespace=False, help_text=_("调整原因"))


class DisqualifyInputSerializer(serializers.Serializer):
    finding = serializers.CharField(trim_whitespace=False, help_text=_("认定的事实和依据"))
    fraud = serializers.BooleanField(
        default=False, help_text=_("弄虚作假（第十四条）：按 committed_by 限制申报或推荐资格")
    )
    committed_by = serializers.ChoiceField(
        choices=CommittedBy.choices,
        default=CommittedBy.LOCALITY,
        help_text=_("弄虚作假的主体（仅 fraud 时适用）：申报地方、省级市场监管部门或二者"),
    )
    decision_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class AchievementSerializer(serializers.ModelSerializer):
    recorded_by = PersonField()

    class Meta:
        model = Achievement
        fields = ["id", "nomination", "field", "description", "basis", "recorded_by", "recorded_at"]
        read_only_fields = fields


class AchievementInputSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=AchievementField.choices, help_text=_("工作领域（第十条第一项、第四项）"))
    description = serializers.CharField(trim_whitespace=False, help_text=_("突出成绩或显著成效"))
    basis = serializers.CharField(max_length=200, trim_whitespace=False, help_text=_("依据（第四条）"))


class FraudReferralSerializer(serializers.ModelSerializer):
    recorded_by = PersonField()

    class Meta:
        model = FraudReferral
        fields = ["id", "government", "referred_on", "document_number", "recorded_by", "recorded_at"]
        read_only_fields = fields


class FraudReferralInputSerializer(serializers.Serializer):
    government = serializers.CharField(max_length=100, trim_whitespace=False, help_text=_("建议处理的地方人民政府"))
    referred_on = serializers.DateField(help_text=_("建议日期"))
    document_number = serializers.CharField(max_length=64, trim_whitespace=False, help_text=_("建议文号"))


class HandledApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.CharField()
    state = serializers.CharField()


class FraudFindingSerializer(serializers.ModelSerializer):
    """A finding of art. 14 with what followed: the sanctions, the locality's other applications of the year taken
    back, the referrals to local governments."""

    division = serializers.CharField(source="nomination.division.code", read_only=True)
    division_name = serializers.CharField(source="nomination.division.name", read_only=True)
    campaign_year = serializers.IntegerField(source="nomination.campaign.year", read_only=True)
    sanctions = serializers.SerializerMethodField()
    other_applications = HandledApplicationSerializer(many=True, read_only=True)
    referrals = FraudReferralSerializer(many=True, read_only=True)
    decided_by = PersonField()

    class Meta:
        model = FraudFinding
        fields = [
            "id",
            "nomination",
            "division",
            "division_name",
            "campaign_year",
            "finding",
            "committed_by",
            "decision_number",
            "decided_by",
            "decided_at",
            "sanctions",
            "other_applications",
            "referrals",
        ]
        read_only_fields = fields

    def get_sanctions(self, finding) -> list[int]:
        return sorted(sanction.pk for sanction in finding.sanctions.all())


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
