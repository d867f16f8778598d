from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts import policy
from core.admin import AuditedAdmin

from .domain import sanctions
from .domain.catalogue import CRITERION_FIELDS, copy_set
from .domain.incidents import save_incident
from .enums import IncidentDomain
from .models import (
    MAX_YEAR,
    MIN_YEAR,
    CriteriaSet,
    Criterion,
    Incident,
    IndicatorImport,
    IndicatorValue,
    Sanction,
    frozen_error,
)


class CriterionForm(forms.ModelForm):
    incident_domains = forms.MultipleChoiceField(
        label=_("计入的事件领域"),
        choices=IncidentDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Criterion
        fields = CRITERION_FIELDS


class CriterionInline(admin.StackedInline):
    model = Criterion
    form = CriterionForm
    extra = 0
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("number", "title"),
                    "text",
                    "kind",
                    ("evidence_required", "max_attachments"),
                    ("weight", "position"),
                )
            },
        ),
        (_("量化指标"), {"fields": (("indicator_name", "unit"), ("comparator", "threshold"))}),
        (_("未发生重大质量安全事件"), {"fields": ("lookback_years", "incident_domains")}),
        (_("附加指标（不设门槛，供评审参考）"), {"fields": ("extra_indicators",)}),
    )

    # A frozen set shows its criteria read-only; the set's own form refuses the save.
    def has_add_permission(self, request, obj=None):
        return policy.can(request.user, "criteria.change", obj) and not (obj and obj.is_frozen)

    def has_change_permission(self, request, obj=None):
        return policy.can(request.user, "criteria.change", obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "criteria.view", obj)


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("目标年度"), min_value=MIN_YEAR, max_value=MAX_YEAR)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(AuditedAdmin):
    audit_names = {CriteriaSet: "criteria_set", Criterion: "criterion"}
    list_display = ["year", "category", "article", "rule", "frozen_at", "copied_from"]
    list_filter = ["year", "category"]
    list_select_related = ["copied_from"]
    fields = ["year", "category", "document_number", "document_title", "article", "rule", "frozen_at", "copied_from"]
    inlines = [CriterionInline]
    actions = ["copy_to_new_year"]

    def has_module_permission(self, request):
        return policy.can(request.user, "criteria.view")

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "criteria.view", obj)

    def has_add_permission(self, request):
        return policy.can(request.user, "criteria.change")

    def has_change_permission(self, request, obj=None):
        return policy.can(request.user, "criteria.change", obj)

    def has_delete_permission(self, request, obj=None):
        return policy.can(request.user, "criteria.change", obj) and not (obj and obj.is_frozen)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would bypass the frozen check
        return actions

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return self.fields
        return ["frozen_at", "copied_from"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and obj is not None and obj.is_frozen:
            self.message_user(request, frozen_error(obj).messages[0], messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("复制到新年度"), permissions=["change"])
    def copy_to_new_year(self, request, queryset):
        latest = CriteriaSet.objects.aggregate(latest=Max("year"))["latest"] or MIN_YEAR
        form = CopyForm(request.POST if "apply" in request.POST else None, initial={"year": latest + 1})
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["year"]
            for source in queryset:
                try:
                    copy = copy_set(source, year)
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                else:
                    self.message_user(
                        request,
                        _("已将%(source)s复制为%(copy)s，可以修改。") % {"source": source, "copy": copy},
                        messages.SUCCESS,
                    )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("复制到新年度"),
            "opts": self.model._meta,
            "form": form,
            "sets": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/criteria/criteriaset/copy.html", context)


@admin.register(Incident)
class IncidentAdmin(AuditedAdmin):
    audit_names = {Incident: "incident"}
    list_display = [
        "occurred_on",
        "title",
        "division",
        "domain",
        "determining_authority",
        "government_responsibility",
    ]
    list_filter = ["domain", "determining_authority", "government_responsibility"]
    search_fields = ["title", "division__code", "division__name", "source_document"]
    list_select_related = ["division"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["division"]
    readonly_fields = ["recorded_by", "created_at", "updated_at"]

    def get_queryset(self, request):
        return policy.visible(request.user, super().get_queryset(request))

    def has_module_permission(self, request):
        return policy.can(request.user, "incident.view")

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "incident.view", obj)

    def has_add_permission(self, request):
        return policy.can(request.user, "incident.change")

    def has_change_permission(self, request, obj=None):
        return policy.can(request.user, "incident.change", obj)

    def has_delete_permission(self, request, obj=None):
        return policy.can(request.user, "incident.change", obj)

    def save_model(self, request, obj, form, change):
        save_incident(request.user, obj)  # audited there, for the API too


class ReadOnlyIndicatorAdmin(admin.ModelAdmin):
    """SAMR's indicator data is read here; it changes only through an import (``criteria.domain.indicators``)."""

    def get_queryset(self, request):
        return policy.visible(request.user, super().get_queryset(request))

    def has_module_permission(self, request):
        return policy.can(request.user, "indicator.view")

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "indicator.view", obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyIndicatorAdmin):
    list_display = ["division", "criterion_number", "year", "value", "source", "imported_at", "batch"]
    list_filter = ["year", "criterion_number"]
    search_fields = ["division__code", "division__name", "source"]
    list_select_related = ["division", "batch"]


@admin.register(IndicatorImport)
class IndicatorImportAdmin(ReadOnlyIndicatorAdmin):
    list_display = [
        "created_at",
        "file_name",
        "created_by",
        "rows",
        "created_count",
        "changed_count",
        "unchanged_count",
    ]
    search_fields = ["file_name", "sha256"]
    list_select_related = ["created_by"]


class SanctionForm(forms.ModelForm):
    class Meta:
        model = Sanction
        fields = ["division", "kind", "reason", "first_year", "last_year", "decision_number", "note"]

    def clean(self):
        data = super().clean()
        for problem in sanctions.check_term(
            data.get("division"), data.get("kind"), data.get("reason"), data.get("first_year"), data.get("last_year")
        ):
            self.add_error(None, problem)
        if not (data.get("decision_number") or "").strip():
            self.add_error("decision_number", _("请填写决定文号。"))
        return data


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    """The register: a sanction decided outside the portal is added here through ``sanctions.register`` (audited);
    none is ever edited or deleted: it ends with its last campaign year or by a lifting decision
    (``POST /api/v1/sanctions/{id}/lift/``)."""

    form = SanctionForm
    list_display = [
        "division",
        "kind",
        "reason",
        "first_year",
        "last_year",
        "starts_on",
        "lifted_at",
        "decision_number",
    ]
    list_filter = ["kind", "reason"]
    search_fields = ["division__name", "division__code", "decision_number"]
    list_select_related = ["division"]
    raw_id_fields = ["division"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        created = sanctions.register(request.user, request=request, **form.cleaned_data)
        obj.pk, obj.starts_on, obj.created_by = created.pk, created.starts_on, created.created_by
        obj._state.adding = False
