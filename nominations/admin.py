from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedAdmin, ReadOnlyAdmin

from .domain import quotas
from .domain.campaigns import attach_notice, fixed_fields, open_campaign, save_campaign
from .domain.workflow import close_campaign
from .models import (
    Campaign,
    CampaignAcknowledgement,
    Nomination,
    ProvinceCap,
    ProvinceRecommendation,
    Quota,
    TypicalExperience,
)


class DomainInlineFormSet(forms.BaseInlineFormSet):
    """An inline whose rows are checked and saved by the domain (``rows_problems``), never by the formset."""

    def rows(self):
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and not form.errors and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class QuotaFormSet(DomainInlineFormSet):
    def clean(self):
        super().clean()
        problems = quotas.quota_problems({row["category"]: row["places"] for row in self.rows()})
        if problems:
            raise ValidationError(list(problems.values()))


class CapFormSet(DomainInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.pk is not None:
            problems, _provinces = quotas.cap_problems(self.instance, self.caps())
            if problems:
                raise ValidationError(problems)

    def caps(self):
        return [
            {"province": row["province"].code, "category": row["category"], "cap": row["cap"]} for row in self.rows()
        ]


class QuotaInline(admin.TabularInline):
    """National places (art. 3), set through ``quotas.set_quotas``: checked and audited; never deleted here."""

    model = Quota
    formset = QuotaFormSet
    extra = 0
    can_delete = False


class ProvinceCapInline(admin.TabularInline):
    """Provincial caps, set through ``quotas.set_province_caps``: never below what a province has shortlisted."""

    model = ProvinceCap
    formset = CapFormSet
    extra = 0
    can_delete = False
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
    readonly_fields = ["status", "opened_at", "closed_at", "closed_reason"]
    filter_horizontal = ["criteria_sets"]
    inlines = [QuotaInline, ProvinceCapInline]
    actions = ["open_selected", "close_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, *fixed_fields(obj)]

    def save_model(self, request, obj, form, change):
        """Through ``campaigns.save_campaign``, as the API saves it: checked and audited."""
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in CampaignForm.Meta.fields}
        saved = save_campaign(request.user, obj if change else None, data, request=request)
        obj.pk, obj._state.adding = saved.pk, False
        upload = form.cleaned_data.get("notice_upload")
        if upload:
            attach_notice(request.user, obj, upload, request=request)

    def save_related(self, request, form, formsets, change):
        """The criteria sets were set by ``save_campaign``; the places and caps go through their domain functions."""
        for formset in formsets:
            if isinstance(formset, QuotaFormSet) and formset.rows():
                quotas.set_quotas(
                    request.user, form.instance, {r["category"]: r["places"] for r in formset.rows()}, request=request
                )
            elif isinstance(formset, CapFormSet) and formset.rows():
                quotas.set_province_caps(request.user, form.instance, formset.caps(), request=request)

    @admin.action(description=_("启动所选年度工作（冻结认定条件）"))
    def open_selected(self, request, queryset):
        self._each(request, queryset, open_campaign, _("%(campaign)s 已启动。"))

    @admin.action(description=_("结束所选年度工作（未完成的申报随之结束）"))
    def close_selected(self, request, queryset):
        self._each(request, queryset, close_campaign, _("%(campaign)s 已结束。"))

    def _each(self, request, queryset, action, done):
        """Take the domain's ``action`` on each selected campaign; each refusal is reported with its reasons."""
        for campaign in queryset:
            try:
                action(request.user, campaign, request=request)
            except ValidationError as error:
                self.message_user(request, f"{campaign}：{'；'.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, done % {"campaign": campaign}, messages.SUCCESS)


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
class TypicalExperienceAdmin(AuditedAdmin):
    audit_names = {TypicalExperience: "typical_experience"}

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
