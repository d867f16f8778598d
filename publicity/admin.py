from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import PublicityPeriod, PublishedList


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
