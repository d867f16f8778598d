"""Serializers of applications and provincial recommendations (issue 4).

Output serializers read what the domain returns; input serializers check only
the shape and types of a request. Every rule of the measures is checked by the
domain functions in ``nominations.domain``, which answer in Chinese.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import policy
from core.api.fields import AllowedActionsField, ChoiceLabelField, VisiblePrimaryKeyField
from core.models import AuditEvent
from criteria.enums import Category, Verdict
from provinces.enums import Level, Region, Role

from ..enums import NominationState, RecommendationState, ReviewStage
from ..models import Attachment, Campaign, Nomination, ProvinceRecommendation, Review


def person_name(user):
    return (user.full_name or user.username) if user is not None else None


@extend_schema_field(OpenApiTypes.STR)
class PersonField(serializers.Field):
    """A user shown by name (姓名, else the username); never the e-mail or the id."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return person_name(value)


def VisibleCampaignField(**kwargs):  # noqa: N802 - used like a field class
    """A campaign id among those the requesting user may see."""
    return VisiblePrimaryKeyField(queryset=Campaign.objects.all(), **kwargs)


# ---------------------------------------------------------------- applications


class NominationSerializer(serializers.ModelSerializer):
    campaign_year = serializers.IntegerField(source="campaign.year", read_only=True)
    category_display = ChoiceLabelField(Category, source="category")
    division = serializers.CharField(source="division.code", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    level = serializers.ChoiceField(source="division.level", choices=Level.choices, read_only=True)
    level_display = ChoiceLabelField(Level, source="division.level")
    region = serializers.ChoiceField(source="division.region", choices=Region.choices, read_only=True)
    region_display = ChoiceLabelField(Region, source="division.region")
    underdeveloped = serializers.BooleanField(source="division.underdeveloped", read_only=True)
    province = serializers.CharField(source="division.province.code", read_only=True)
    province_name = serializers.CharField(source="division.province.name", read_only=True)
    state = serializers.ChoiceField(choices=NominationState.choices, read_only=True)
    state_display = ChoiceLabelField(NominationState, source="state")
    priority = serializers.BooleanField(read_only=True, help_text=_("第九条：所在地方有典型经验做法，优先考虑。"))
    application_deadline = serializers.DateTimeField(source="campaign.application_deadline", read_only=True)
    province_deadline = serializers.DateTimeField(source="campaign.province_deadline", read_only=True)
    allowed_actions = AllowedActionsField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "campaign",
            "campaign_year",
            "criteria_set",
            "category",
            "category_display",
            "division",
            "division_name",
            "level",
            "level_display",
            "region",
            "region_display",
            "underdeveloped",
            "province",
            "province_name",
            "state",
            "state_display",
            "summary",
            "version",
            "submitted_at",
            "pledge_accepted_at",
            "return_reason",
            "return_deadline",
            "verification_note",
            "rejection_reason",
            "province_score",
            "province_rank",
            "priority",
            "application_deadline",
            "province_deadline",
            "created_at",
            "updated_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not policy.can(self.context["request"].user, "nomination.reviews.view", instance):
            data["province_score"] = data["province_rank"] = None
        return data


class NominationCreateSerializer(serializers.Serializer):
    campaign = VisibleCampaignField()
    category = serializers.ChoiceField(choices=Category.choices)


class AnswerRowSerializer(serializers.Serializer):
    """One line of the checklist: the criterion and the applicant's answer (empty when not answered yet)."""

    criterion = serializers.CharField(help_text=_("条件编号，如 6.3"))
    title = serializers.CharField()
    kind = serializers.CharField(help_text=_("核验方式：attestation、metric 或 no_incident（同认定条件的 kind）"))
    evidence_required = serializers.BooleanField()
    unit = serializers.CharField()
    answered = serializers.BooleanField()
    met = serializers.BooleanField(allow_null=True)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    narrative = serializers.CharField(allow_blank=True)
    highlight = serializers.BooleanField()
    indicators = serializers.DictField(child=serializers.CharField())


class AnswerSheetSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True)
    answers = AnswerRowSerializer(many=True)


class AnswerInputSerializer(serializers.Serializer):
    """An omitted field keeps its stored value."""

    criterion = serializers.CharField(help_text=_("条件编号，如 6.3"))
    met = serializers.BooleanField(required=False, allow_null=True)
    value = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text=_("量化指标的数值，如 97.5 或 97.5%")
    )
    narrative = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    highlight = serializers.BooleanField(required=False, help_text=_("第五条：突出亮点"))
    indicators = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, allow_null=True)


class AnswerSheetInputSerializer(serializers.Serializer):
    """``PUT`` body: this object, or only the list of answers."""

    summary = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    answers = AnswerInputSerializer(many=True, required=False)


class AttachmentSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.number", allow_null=True, read_only=True)
    uploaded_by = PersonField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "criterion",
            "purpose",
            "original_name",
            "kind",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "uploaded_by",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        path = reverse(
            "api:nomination-attachment-download",
            kwargs={"pk": attachment.nomination_id, "attachment_id": attachment.pk},
        )
        return self.context["request"].build_absolute_uri(path)


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("PDF、图片、Word/Excel/PowerPoint 或 OFD；类型按内容判断"))
    criterion = serializers.CharField(required=False, allow_blank=True, help_text=_("对应的条件编号（可不填）"))


class VerdictSerializer(serializers.Serializer):
    number = serializers.CharField()
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    verdict_display = serializers.SerializerMethodField()
    reason = serializers.CharField()

    def get_verdict_display(self, verdict) -> str:
        return Verdict(verdict.verdict).label


class EvaluationSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    criteria = VerdictSerializer(many=True, source="verdicts")


class AuditEventSerializer(serializers.ModelSerializer):
    """One line of the history; the IP address stays in the audit table."""

    actor = PersonField()
    role_display = serializers.SerializerMethodField()
    bureau = serializers.CharField(source="bureau.name", allow_null=True, read_only=True)

    class Meta:
        model = AuditEvent
        fields = ["at", "actor", "role", "role_display", "bureau", "action", "from_state", "to_state", "comment"]
        read_only_fields = fields

    def get_role_display(self, event) -> str:
        return Role(event.role).label if event.role in Role.values else event.role


class ChangeSerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text=_("条件编号；申报概述的修改为空"))
    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class ReviewSerializer(serializers.ModelSerializer):
    stage = serializers.ChoiceField(choices=ReviewStage.choices, read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    reviewer = PersonField()
    criteria = serializers.JSONField(read_only=True, help_text=_("{条件编号: {score, remark}}"))

    class Meta:
        model = Review
        fields = ["id", "stage", "stage_display", "reviewer", "criteria", "score", "comment", "updated_at"]
        read_only_fields = fields


class ReviewItemInputSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    remark = serializers.CharField(required=False, allow_blank=True)


class ReviewInputSerializer(serializers.Serializer):
    criteria = serializers.DictField(
        child=ReviewItemInputSerializer(), help_text=_("{条件编号: {score: 0–100, remark}}")
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# ---------------------------------------------------------------- transitions


class SubmitSerializer(serializers.Serializer):
    pledge = serializers.BooleanField(default=False, help_text=_("接受真实性承诺（GET pledge/ 取得承诺全文）"))


class ResubmitSerializer(SubmitSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateTimeField(allow_null=True, default=None, help_text=_("修改期限（ISO 8601）"))


class VerifySerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PledgeTextSerializer(serializers.Serializer):
    text = serializers.CharField()


# ---------------------------------------------------------------- provincial recommendations


class RecommendationEntrySerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.code", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    level = serializers.ChoiceField(source="division.level", choices=Level.choices, read_only=True)
    region = serializers.ChoiceField(source="division.region", choices=Region.choices, read_only=True)
    underdeveloped = serializers.BooleanField(source="division.underdeveloped", read_only=True)
    # Plain strings: the schema names enum components by field name, and a second component with the
    # "state" of applications would give them hashed names.
    state = serializers.CharField(read_only=True, help_text=_("申报状态，取值同申报的 state"))
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    priority = serializers.BooleanField(read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "division",
            "division_name",
            "level",
            "region",
            "underdeveloped",
            "state",
            "state_display",
            "province_rank",
            "province_score",
            "priority",
        ]
        read_only_fields = fields


class RecommendationSerializer(serializers.ModelSerializer):
    campaign_year = serializers.IntegerField(source="campaign.year", read_only=True)
    province = serializers.CharField(source="province.code", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    state = serializers.ChoiceField(choices=RecommendationState.choices, read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    cap = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("本省本类别的推荐上限；未设置为空"))
    document_url = serializers.SerializerMethodField()
    confirmed_by = PersonField()
    recommended_by = PersonField()
    entries = RecommendationEntrySerializer(
        many=True, read_only=True, help_text=_("本省本类别已核实、拟推荐和已推荐的申报，按省内排序")
    )
    allowed_actions = AllowedActionsField()

    class Meta:
        model = ProvinceRecommendation
        fields = [
            "id",
            "campaign",
            "campaign_year",
            "province",
            "province_name",
            "category",
            "category_display",
            "state",
            "state_display",
            "cap",
            "government_document_number",
            "government_document_date",
            "government_document_sha256",
            "document_url",
            "confirmed_at",
            "confirmed_by",
            "recommended_at",
            "recommended_by",
            "entries",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_document_url(self, recommendation) -> str | None:
        if not recommendation.government_document:
            return None
        path = reverse("api:province-recommendation-document", kwargs={"pk": recommendation.pk})
        return self.context["request"].build_absolute_uri(path)


class RecommendationCreateSerializer(serializers.Serializer):
    campaign = VisibleCampaignField()
    category = serializers.ChoiceField(choices=Category.choices)


class RankSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=True, help_text=_("申报编号，按排序从前到后")
    )


class ConfirmSerializer(serializers.Serializer):
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    document_date = serializers.DateField(allow_null=True, default=None)
    document = serializers.FileField(required=False, allow_null=True, help_text=_("确认文件扫描件（可不传）"))
