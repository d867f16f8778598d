from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .domain.audit import record
from .domain.workdays import package_knows
from .models import AuditEvent, CalendarOverride, CalendarYear


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for the record, never changed here: what the domain writes, the admin only reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """An admin whose every write of rule-bearing data is on the audit trail, with who and when
    (``<model>.create``, ``.change`` with the fields changed, ``.delete``), its inlines' rows included. A deletion is
    recorded before it happens, inside the admin's transaction: both stand or neither."""

    # The name of each model's actions in the trail (``{Model: "criteria_set"}``); by default the model's name.
    audit_names = {}

    def audit(self, request, obj, verb, **data):
        name = self.audit_names.get(type(obj), obj._meta.model_name)
        record(request.user, f"{name}.{verb}", obj, request=request, **data)

    @staticmethod
    def changed_fields(form):
        """The fields whose value changed (a form's ``changed_data`` also lists values only written differently, such
        as a JSON list re-typed)."""
        return sorted(name for name in form.changed_data if form.initial.get(name) != form.cleaned_data.get(name))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        fields = self.changed_fields(form)
        if fields or not change:
            self.audit(request, obj, "change" if change else "create", fields=fields)

    def delete_model(self, request, obj):
        self.audit(request, obj, "delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.audit(request, obj, "delete")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                self.audit(request, deleted.instance, "delete")
        changed = {f.instance.pk: self.changed_fields(f) for f in formset.initial_forms if f.is_valid()}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self.audit(request, obj, "create")
        for obj, _fields in formset.changed_objects:
            if changed.get(obj.pk):
                self.audit(request, obj, "change", fields=changed[obj.pk])


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail: visible, never editable (append-only)."""

    list_display = ["at", "actor", "role", "bureau", "action", "object_repr", "from_state", "to_state", "ip"]
    list_filter = ["action", "role"]
    search_fields = ["object_repr", "actor__username", "comment"]
    list_select_related = ["actor", "bureau"]
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "note"]
    list_filter = ["kind"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "complete", "in_package", "note"]
    list_filter = ["complete"]
    ordering = ["-year"]

    @admin.display(description=_("内置日历已含该年"), boolean=True)
    def in_package(self, obj):
        return package_knows(obj.year)
