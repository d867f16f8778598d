from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from rest_framework import viewsets

from accounts import policy
from accounts.api.filters import StrictBooleanFilter

from ..enums import Level, Region
from ..models import Division
from .serializers import DivisionSerializer


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
