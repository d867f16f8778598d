"""Serializers of the publicity API. Input serializers check only shape and types; ``publicity.domain`` checks every
rule and answers in Chinese."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import AllowedActionsField
from criteria.enums import Category
from nominations.api.nomination_serializers import PersonField
from provinces.enums import Level

from .models import Objection, PublicityPeriod, PublishedList

# ---------------------------------------------------------------- publicity periods (public)


class PublicEntrySerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text=_("序号"))
    nomination = serializers.IntegerField(source="nomination_id", help_text=_("申报编号：提出异议时用"))
    division = serializers.CharField(source="nomination.division.code", help_text=_("区划代码"))
    division_name = serializers.CharField(source="nomination.division.name")
    province = serializers.CharField(source="nomination.division.province.code", allow_null=True, default=None)
    province_name = serializers.CharField(source="nomination.division.province.name", allow_null=True, default=None)
    level = serializers.ChoiceField(source="nomination.division.level", choices=Level.choices)


class PublicityPeriodSerializer(serializers.ModelSerializer):
    national_list = serializers.IntegerField(source="national_list_id", read_only=True)
    campaign_year = serializers.IntegerField(source="national_list.campaign.year", read_only=True)
    category = serializers.ChoiceField(source="national_list.category", choices=Category.choices, read_only=True)
    category_display = serializers.CharField(source="national_list.get_category_display", read_only=True)
    last_day = serializers.DateField(read_only=True, help_text=_("公示期最后一日（至 24 时）"))
    is_open = serializers.SerializerMethodField(help_text=_("现在是否在公示期内"))
    has_ended = serializers.SerializerMethodField(help_text=_("公示期是否已届满"))
    entries = PublicEntrySerializer(source="national_list.entries", many=True, read_only=True)

    class Meta:
        model = PublicityPeriod
        fields = [
            "id",
            "national_list",
            "campaign_year",
            "category",
            "category_display",
            "notice_title",
            "notice_text",
            "starts_at",
            "ends_at",
            "last_day",
            "working_days",
            "is_open",
            "has_ended",
            "entries",
        ]
        read_only_fields = fields

    def get_is_open(self, period) -> bool:
        return period.is_open(self.context.get("now"))

    def get_has_ended(self, period) -> bool:
        return period.has_ended(self.context.get("now"))


class PubliciseInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text=_("公示开始时间；不填则立即开始")
    )
    notice_title = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("公示标题"))
    notice_text = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False, help_text=_("公示内容")
    )


# ---------------------------------------------------------------- objections

# A plain string: a second enum component named "status" (the campaigns') would get a hashed name.
STATUS_HELP = _("received（已受理）、investigating（核查中）、upheld（异议成立）或 dismissed（异议不成立）")


class ObjectionCreateSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(help_text=_("异议对象：公示名单中地方的申报编号（见 /api/v1/publicity/）"))
    name = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("真实姓名"))
    contact = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("手机号码、固定电话或电子邮箱")
    )
    grounds = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False, help_text=_("异议的事实和理由")
    )
    evidence = serializers.FileField(
        required=False, allow_null=True, default=None, allow_empty_file=True, help_text=_("证明材料（可选）")
    )


class ObjectionReceiptSerializer(serializers.ModelSerializer):
    """What the public gets back: the receipt, never the data it sent."""

    division_name = serializers.CharField(source="nomination.division.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = Objection
        fields = ["receipt", "submitted_at", "nomination", "division_name", "status"]
        read_only_fields = fields


class ObjectionSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="nomination.division.code", read_only=True)
    division_name = serializers.CharField(source="nomination.division.name", read_only=True)
    province_name = serializers.CharField(
        source="nomination.division.province.name", allow_null=True, default=None, read_only=True
    )
    category = serializers.ChoiceField(source="nomination.category", choices=Category.choices, read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    evidence_url = serializers.SerializerMethodField(help_text=_("证明材料下载地址（无材料时为 null）"))
    resolved_by = PersonField()
    allowed_actions = AllowedActionsField()

    class Meta:
        model = Objection
        fields = [
            "id",
            "receipt",
            "period",
            "nomination",
            "division",
            "division_name",
            "province_name",
            "category",
            "name",
            "contact",
            "grounds",
            "evidence_name",
            "evidence_content_type",
            "evidence_size",
            "evidence_sha256",
            "evidence_url",
            "submitted_at",
            "ip",
            "status",
            "status_display",
            "resolution",
            "fraud",
            "resolved_by",
            "resolved_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_evidence_url(self, objection) -> str | None:
        if not objection.evidence:
            return None
        path = reverse("api:objection-evidence", kwargs={"pk": objection.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class InvestigateInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("核查安排"))


class UpholdInputSerializer(serializers.Serializer):
    resolution = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("认定的事实和处理意见")
    )
    fraud = serializers.BooleanField(
        required=False, default=False, help_text=_("认定弄虚作假（第十四条）：同时取消申报资格和推荐资格")
    )


class DismissInputSerializer(serializers.Serializer):
    resolution = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("不成立的理由"))


# ---------------------------------------------------------------- published lists (public)


class PublishedEntrySerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text=_("序号"))
    nomination = serializers.IntegerField(help_text=_("申报编号"))
    division = serializers.CharField(help_text=_("区划代码"))
    division_name = serializers.CharField()
    province_name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)


class MovedEntrySerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    division_name = serializers.CharField()
    # "from" is a Python keyword: declared through the field mapping below.
    to = serializers.IntegerField(help_text=_("新序号"))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.IntegerField(help_text=_("原序号"))
        return fields


class ChangesSerializer(serializers.Serializer):
    added = PublishedEntrySerializer(many=True)
    removed = PublishedEntrySerializer(many=True)
    moved = MovedEntrySerializer(many=True)


class PublishedListSerializer(serializers.ModelSerializer):
    campaign_year = serializers.IntegerField(source="national_list.campaign.year", read_only=True)
    category = serializers.ChoiceField(source="national_list.category", choices=Category.choices, read_only=True)
    category_display = serializers.CharField(source="national_list.get_category_display", read_only=True)
    entries = PublishedEntrySerializer(many=True, read_only=True)
    changes = ChangesSerializer(read_only=True, help_text=_("与上一版相比的变化（第 1 版为空）"))

    class Meta:
        model = PublishedList
        fields = [
            "id",
            "national_list",
            "campaign_year",
            "category",
            "category_display",
            "version",
            "entries",
            "changes",
            "published_at",
            "note",
        ]
        read_only_fields = fields


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("说明；更正时必填"))
