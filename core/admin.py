from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
