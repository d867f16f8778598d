"""Serializers of the national stage (issue 5): findings, assignments, opinions, the national list and its balance.

Input serializers check only shape and types; every rule is checked by ``national.domain.evaluation`` and
``national.domain.national_list``, which answer in Chinese.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import AllowedActionsField, VisiblePrimaryKeyField
from criteria.enums import Category
from nominations.api.nomination_serializers import AttachmentSerializer, PersonField, VisibleCampaignField
from nominations.models import Nomination
from provinces.enums import Level, Region

from ..domain.national_list import SETTING_FIELDS
from ..models import (
    AssignmentStage,
    ExpertAssignment,
    InformationRequest,
    NationalList,
    NationalListEntry,
    NationalListState,
    SamrFinding,
)

# ---------------------------------------------------------------- findings and opinions


class FindingSerializer(serializers.ModelSerializer):
    # A plain string: a second enum component named "kind" (the criteria's) would get a hashed name.
    kind = serializers.CharField(read_only=True, help_text=_("inspection、assessment、indicator 或 other"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    recorded_by = PersonField()

    class Meta:
        model = SamrFinding
        fields = ["id", "kind", "kind_display", "criterion", "text", "value", "source", "recorded_by", "recorded_at"]
        read_only_fields = fields


class FindingInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("inspection、assessment、indicator 或 other"))
    text = serializers.CharField(trim_whitespace=False, help_text=_("掌握情况的内容"))
    criterion = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("对应条件编号"))
    value = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    source = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("例如：国务院大督查"))


class OpinionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField(help_text=_("expert（专家意见）或 department（相关部门意见）"))
    stage_display = serializers.CharField(source="get_stage_display")
    reviewer = PersonField()
    criteria = serializers.JSONField(help_text=_("{条件编号: {score, remark}}"))
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    comment = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField()


class OpinionItemInputSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    remark = serializers.CharField(required=False, allow_blank=True)


class OpinionInputSerializer(serializers.Serializer):
    criteria = serializers.DictField(
        child=OpinionItemInputSerializer(), help_text=_("{条件编号: {score: 0–100, remark}}")
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AggregateSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("已评分的意见数"))
    mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    median = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class EvaluateSerializer(serializers.Serializer):
    score = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, default=None, help_text=_("评估得分 0–100；不填取意见平均分")
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# ---------------------------------------------------------------- assignments


class AssignmentSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.username", read_only=True)
    expert_name = PersonField(source="expert")
    stage = serializers.CharField(read_only=True, help_text=_("expert（专家意见）或 department（相关部门意见）"))
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    assigned_by = PersonField()
    division_name = serializers.CharField(source="nomination.division.name", read_only=True)
    category = serializers.CharField(source="nomination.category", read_only=True)

    class Meta:
        model = ExpertAssignment
        fields = [
            "id",
            "nomination",
            "division_name",
            "category",
            "expert",
            "expert_name",
            "stage",
            "stage_display",
            "assigned_by",
            "assigned_at",
        ]
        read_only_fields = fields


def VisibleNominationField(**kwargs):  # noqa: N802 - used like a field class
    """A nomination the user may see; another id answers as not found."""
    return VisiblePrimaryKeyField(queryset=Nomination.objects.select_related("division__province"), **kwargs)


class AssignmentInputSerializer(serializers.Serializer):
    nomination = VisibleNominationField()
    expert = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        help_text=_("专家或相关部门账号的用户名"),
    )
    stage = serializers.ChoiceField(choices=AssignmentStage.choices, default=AssignmentStage.EXPERT)


# ---------------------------------------------------------------- the national list


class NationalListEntrySerializer(serializers.ModelSerializer):
    nomination = serializers.IntegerField(source="nomination_id", read_only=True)
    division = serializers.CharField(source="nomination.division.code", read_only=True)
    division_name = serializers.CharField(source="nomination.division.name", read_only=True)
    region = serializers.ChoiceField(source="nomination.division.region", choices=Region.choices, read_only=True)
    level = serializers.ChoiceField(source="nomination.division.level", choices=Level.choices, read_only=True)
    underdeveloped = serializers.BooleanField(source="nomination.division.underdeveloped", read_only=True)
    province_name = serializers.CharField(source="nomination.division.province.name", read_only=True)
    national_score = serializers.DecimalField(
        source="nomination.national_score", max_digits=6, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = NationalListEntry
        fields = [
            "position",
            "nomination",
            "division",
            "division_name",
            "region",
            "level",
            "underdeveloped",
            "province_name",
            "national_score",
        ]
        read_only_fields = fields


class BalanceSettingsSerializer(serializers.ModelSerializer):
    """The list's bonuses (0–20 points) and shares (counts; ``max_per_province`` null for no cap), art. 8."""

    class Meta:
        model = NationalList
        fields = list(SETTING_FIELDS)
        read_only_fields = fields


class BalanceSettingsInputSerializer(serializers.Serializer):
    """Any of the settings; those left out stay as they are. Checked by ``national_list.configure``."""

    def get_fields(self):
        fields = {}
        for name in SETTING_FIELDS:
            label = NationalList._meta.get_field(name).verbose_name
            if name.startswith("bonus_"):
                fields[name] = serializers.DecimalField(
                    max_digits=6, decimal_places=2, required=False, help_text=label, coerce_to_string=False
                )
            else:
                fields[name] = serializers.IntegerField(required=False, allow_null=True, help_text=label)
        return fields


class NationalListSerializer(serializers.ModelSerializer):
    campaign_year = serializers.IntegerField(source="campaign.year", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    state = serializers.ChoiceField(choices=NationalListState.choices, read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    quota = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("本类别名额；未设置为空"))
    approved_by = PersonField()
    entries = NationalListEntrySerializer(many=True, read_only=True)
    settings = BalanceSettingsSerializer(source="*", read_only=True)
    allowed_actions = AllowedActionsField()

    class Meta:
        model = NationalList
        fields = [
            "id",
            "campaign",
            "campaign_year",
            "category",
            "category_display",
            "state",
            "state_display",
            "quota",
            "approved_by",
            "approved_at",
            "finalised_at",
            "report_number",
            "report_date",
            "reported_at",
            "settings",
            "entries",
            "allowed_actions",
        ]
        read_only_fields = fields


class NationalListCreateSerializer(serializers.Serializer):
    campaign = VisibleCampaignField()
    category = serializers.ChoiceField(choices=Category.choices)


class EntryInputSerializer(serializers.Serializer):
    nomination = VisibleNominationField()


class SuggestionSerializer(serializers.Serializer):
    selected = serializers.ListField(child=serializers.IntegerField(), help_text=_("建议入选的申报编号，按排序"))
    total_score = serializers.DecimalField(max_digits=12, decimal_places=2)
    feasible = serializers.BooleanField()
    binding = serializers.ListField(child=serializers.CharField(), help_text=_("起约束作用的条件"))
    reasons = serializers.ListField(child=serializers.CharField(), help_text=_("测算说明；无法满足时为原因"))
    places = serializers.IntegerField()


class RankingLineSerializer(serializers.Serializer):
    """One candidate in the national ranking: the raw score and the bonus shown apart (art. 8)."""

    national_rank = serializers.IntegerField(source="line.position")
    nomination = serializers.IntegerField(source="nomination.pk")
    division = serializers.CharField(source="nomination.division.code")
    division_name = serializers.CharField(source="nomination.division.name")
    province_name = serializers.CharField(source="nomination.division.province.name")
    region = serializers.CharField(source="nomination.division.region")
    level = serializers.CharField(source="nomination.division.level")
    underdeveloped = serializers.BooleanField(source="nomination.division.underdeveloped")
    score = serializers.DecimalField(source="line.score", max_digits=6, decimal_places=2)
    bonus = serializers.DecimalField(source="line.bonus", max_digits=6, decimal_places=2)
    adjusted = serializers.DecimalField(source="line.adjusted", max_digits=6, decimal_places=2)
    on_list = serializers.BooleanField()
    suggested = serializers.BooleanField()


class BalanceSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    quota = serializers.IntegerField()
    remaining = serializers.IntegerField()
    over_quota = serializers.BooleanField()
    quota_share = serializers.DecimalField(max_digits=6, decimal_places=1)
    by_region = serializers.DictField(child=serializers.IntegerField())
    by_level = serializers.DictField(child=serializers.IntegerField())
    by_underdeveloped = serializers.DictField(child=serializers.IntegerField(), help_text=_("键为 true/false"))
    by_province = serializers.DictField(child=serializers.IntegerField())
    region_shares = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=1))
    level_shares = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=1))
    underdeveloped_shares = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=1))
    province_shares = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=1))
    suggestion = SuggestionSerializer()
    ranking = RankingLineSerializer(many=True)


# ---------------------------------------------------------------- more information from the province


class InformationRequestSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="nomination.division.code", read_only=True)
    division_name = serializers.CharField(source="nomination.division.name", read_only=True)
    category = serializers.CharField(source="nomination.category", read_only=True)
    is_open = serializers.BooleanField(read_only=True, help_text=_("尚未答复"))
    requested_by = PersonField()
    answered_by = PersonField()
    attachment = AttachmentSerializer(read_only=True, allow_null=True)

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "nomination",
            "division",
            "division_name",
            "category",
            "question",
            "due_at",
            "requested_by",
            "requested_at",
            "is_open",
            "answer",
            "answered_by",
            "answered_at",
            "attachment",
        ]
        read_only_fields = fields


class InformationRequestInputSerializer(serializers.Serializer):
    nomination = VisibleNominationField()
    question = serializers.CharField(trim_whitespace=False, help_text=_("需省级补充的情况"))
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text=_("答复期限"))


class InformationAnswerInputSerializer(serializers.Serializer):
    answer = serializers.CharField(trim_whitespace=False, help_text=_("答复内容"))
    evidence = serializers.FileField(required=False, allow_null=True, default=None, help_text=_("补充材料（可选）"))
