from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.domain.audit import record

from .domain.campaigns import attach_notice, open_campaign
from .models import (
    Campaign,
    CampaignAcknowledgement,
    Nomination,
    ProvinceCap,
    ProvinceRecommendation,
    Quota,
    TypicalExperience,
)


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0


class ProvinceCapInline(admin.TabularInline):
    model = ProvinceCap
    extra = 0
    autocomplete_fields = ["province"]


class CampaignForm(forms.ModelForm):
    notice_upload = forms.FileField(
        label=_("通知附件"), required=False, help_text=_("总局通知的正式文件（PDF、OFD 等），按内容检查后私密保存。")
    )

    class Meta:
        model = Campaign
        fields = [
            "year",
            "title",
            "notice_number",
            "notice_text",
            "criteria_sets",
            "application_deadline",
            "province_deadline",
            "national_deadline",
            "reference_date",
            "publicity_working_days",
            "max_attachments",
            "max_file_mb",
        ]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignForm
    list_display = ["year", "title", "status", "application_deadline", "province_deadline", "national_deadline"]
    list_filter = ["status"]
    readonly_fields = ["status", "opened_at"]
    filter_horizontal = ["criteria_sets"]
    inlines = [QuotaInline, ProvinceCapInline]
    actions = ["open_selected"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        upload = form.cleaned_data.get("notice_upload")
        if upload:
            attach_notice(request.user, obj, upload, request=request)

    @admin.action(description=_("启动所选年度工作（冻结认定条件）"))
    def open_selected(self, request, queryset):
        for campaign in queryset:
            try:
                open_campaign(request.user, campaign, request=request)
            except ValidationError as error:
                self.message_user(request, f"{campaign}：{'；'.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(campaign)s 已启动。") % {"campaign": campaign}, messages.SUCCESS)


@admin.register(CampaignAcknowledgement)
class CampaignAcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "province", "acknowledged_by", "acknowledged_at"]
    list_filter = ["campaign"]
    list_select_related = ["campaign", "province", "acknowledged_by"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    """Applications are changed only through the workflow (web pages and API), never here."""

    list_display = ["division", "category", "campaign", "state", "province_rank", "province_score", "submitted_at"]
    list_filter = ["campaign", "category", "state"]
    search_fields = ["division__name", "division__code"]
    list_select_related = ["division", "campaign"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(ProvinceRecommendation)
class ProvinceRecommendationAdmin(ReadOnlyAdmin):
    list_display = ["province", "category", "campaign", "state", "government_document_number", "recommended_at"]
    list_filter = ["campaign", "category", "state"]
    list_select_related = ["province", "campaign"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(TypicalExperience)
class TypicalExperienceAdmin(admin.ModelAdmin):
    list_display = ["division", "title", "year", "active"]
    list_filter = ["year", "active"]
    search_fields = ["division__name", "division__code", "title"]
    list_select_related = ["division"]
    raw_id_fields = ["province", "division"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.province = obj.division.province
        super().save_model(request, obj, form, change)
        record(
            request.user, "typical_experience.change" if change else "typical_experience.create", obj, request=request
        )
