"""The administrative tree through the API (``/api/v1/divisions/``), read through the policy."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from rest_framework import serializers, viewsets

from accounts import policy
from provinces.enums import Level, Region
from provinces.models import Division

from .filters import StrictBooleanFilter


class DivisionSerializer(serializers.ModelSerializer):
    # A province has no parent; the national tree's roots have no province (schema: nullable).
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    region_display = serializers.CharField(source="get_region_display", read_only=True)

    class Meta:
        model = Division
        fields = [
            "code",
            "name",
            "level",
            "level_display",
            "kind",
            "kind_display",
            "parent",
            "province",
            "region",
            "region_display",
            "underdeveloped",
            "is_standard",
        ]


class DivisionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    region = django_filters.ChoiceFilter(choices=Region.choices)
    parent = django_filters.CharFilter(field_name="parent__code", label=_("上级区划代码"))
    province = django_filters.CharFilter(field_name="province__code", label=_("省级区划代码"))
    underdeveloped = StrictBooleanFilter(label=_("欠发达地区"))
    q = django_filters.CharFilter(method="search", label=_("名称或代码"))

    class Meta:
        model = Division
        fields = ["level", "region", "parent", "province", "underdeveloped"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__contains=value) | Q(code__startswith=value))


class DivisionViewSet(viewsets.ReadOnlyModelViewSet):
    """The administrative tree. Divisions are named by their 6-digit code."""

    serializer_class = DivisionSerializer
    filterset_class = DivisionFilter
    lookup_field = "code"
    lookup_value_regex = r"\d{6}"

    def get_queryset(self):
        queryset = Division.objects.active().select_related("parent", "province").order_by("code")
        return policy.visible(self.request.user, queryset)
