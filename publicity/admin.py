from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .domain.workdays import package_knows
from .models import CalendarOverride, CalendarYear


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
