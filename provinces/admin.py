from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .domain.divisions import set_province_region, set_underdeveloped
from .enums import Level
from .models import Bureau, Division, Membership


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "region", "underdeveloped", "active"]
    list_filter = ["level", "region", "underdeveloped", "active", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    list_editable = ["underdeveloped"]  # saved through ``save_model``: every change of the flag is audited
    list_per_page = 100
    readonly_fields = ["code", "name", "level", "kind", "parent", "province", "prefecture", "is_standard"]
    fields = [
        "code",
        "name",
        "level",
        "kind",
        "parent",
        "province",
        "prefecture",
        "region",
        "underdeveloped",
        "is_standard",
        "active",
    ]
    actions = ["mark_underdeveloped", "unmark_underdeveloped"]

    def has_add_permission(self, request):
        return False  # rows come from load_divisions, never typed by hand

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "underdeveloped" in form.changed_data:
            set_underdeveloped([obj], obj.underdeveloped, user=request.user, request=request)
        if "region" in form.changed_data and obj.level == Level.PROVINCE:
            super().save_model(request, obj, form, change)
            count = set_province_region(obj, obj.region, user=request.user, request=request)
            self.message_user(
                request,
                _("%(name)s及其下 %(count)d 个区划已改为%(region)s。")
                % {"name": obj.name, "count": count, "region": obj.get_region_display()},
                messages.SUCCESS,
            )
            return
        if "region" in form.changed_data:
            obj.region = Division.objects.get(pk=obj.pk).region
            self.message_user(request, _("区域随省级单位设置，请修改所属省级单位的区域。"), messages.WARNING)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("标记为欠发达地区"))
    def mark_underdeveloped(self, request, queryset):
        set_underdeveloped(list(queryset), True, user=request.user, request=request)

    @admin.action(description=_("取消欠发达地区标记"))
    def unmark_underdeveloped(self, request, queryset):
        set_underdeveloped(list(queryset), False, user=request.user, request=request)


@admin.register(Bureau)
class BureauAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "division"]
    list_filter = ["level"]
    search_fields = ["name", "division__code", "division__name"]
    list_select_related = ["division"]
    raw_id_fields = ["division"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "bureau", "role", "created_at"]
    list_filter = ["role", "bureau__level"]
    search_fields = ["user__username", "user__full_name", "bureau__name", "bureau__division__code"]
    list_select_related = ["user", "bureau"]
    autocomplete_fields = ["user", "bureau"]
