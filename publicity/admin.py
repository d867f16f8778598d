from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .domain.workdays import package_knows
from .models import CalendarOverride, CalendarYear, PublicityPeriod, PublishedList


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for the record: periods and published lists change only through ``publicity.domain``."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicityPeriod)
class PublicityPeriodAdmin(ReadOnlyAdmin):
    list_display = ["notice_title", "national_list", "starts_at", "ends_at", "working_days", "closed_at"]
    list_select_related = ["national_list__campaign"]
    ordering = ["-starts_at"]


@admin.register(PublishedList)
class PublishedListAdmin(ReadOnlyAdmin):
    list_display = ["national_list", "version", "published_at", "published_by", "note"]
    list_select_related = ["national_list__campaign", "published_by"]
    ordering = ["-published_at"]
