from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from accounts import policy
from core.api.filters import IdFilter

from ..domain.catalogue import copy_set
from ..enums import Category, IncidentDomain
from ..models import CriteriaSet, FrozenCriteriaSetError, Incident
from .serializers import CopySerializer, CriteriaSetSerializer, CriterionSerializer, IncidentSerializer


class CriteriaSetFrozen(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "frozen"
    default_detail = _("该认定条件已冻结，不能修改。")


class PolicyObjectPermissions:
    """Reads ask the policy for ``view_action``, writes for ``change_action``."""

    view_action = change_action = None

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        policy.authorize(request.user, self.view_action if request.method in SAFE_METHODS else self.change_action, obj)


class CriteriaSetFilter(django_filters.FilterSet):
    year = IdFilter()
    category = django_filters.ChoiceFilter(choices=Category.choices)

    class Meta:
        model = CriteriaSet
        fields = ["year", "category"]


class CriteriaSetViewSet(
    PolicyObjectPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The conditions of each year and category, with their criteria.

    Every signed-in user reads them; an administrator may edit a set that no
    campaign has frozen (``PATCH``, and ``PATCH criteria/{number}/`` for one
    criterion) and copy a set into a new year (``POST copy/``).
    """

    serializer_class = CriteriaSetSerializer
    filterset_class = CriteriaSetFilter
    http_method_names = ["get", "patch", "post", "head", "options"]
    view_action = "criteria.view"
    change_action = "criteria.change"

    def get_queryset(self):
        queryset = CriteriaSet.objects.prefetch_related("criteria").order_by("-year", "category")
        return policy.visible(self.request.user, queryset)

    def handle_exception(self, exc):
        if isinstance(exc, FrozenCriteriaSetError):
            exc = CriteriaSetFrozen(" ".join(exc.messages))
        return super().handle_exception(exc)

    @extend_schema(request=CopySerializer, responses={201: CriteriaSetSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        source = self.get_object()
        serializer = CopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new_set = copy_set(source, serializer.validated_data["year"])
        new_set = self.get_queryset().get(pk=new_set.pk)
        return Response(CriteriaSetSerializer(new_set).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CriterionSerializer, responses=CriterionSerializer)
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"criteria/(?P<number>\d+(?:\.\d+)*)",
        serializer_class=CriterionSerializer,
    )
    def criterion(self, request, pk=None, number=None):
        criterion = get_object_or_404(self.get_object().criteria.all(), number=number)
        if request.method in SAFE_METHODS:
            return Response(CriterionSerializer(criterion).data)
        serializer = CriterionSerializer(criterion, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class IncidentFilter(django_filters.FilterSet):
    division = django_filters.CharFilter(field_name="division__code", label=_("区划代码"))
    province = django_filters.CharFilter(field_name="division__province__code", label=_("省级区划代码"))
    domain = django_filters.ChoiceFilter(choices=IncidentDomain.choices)
    government_responsibility = django_filters.BooleanFilter()
    date_from = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte", label=_("发生日期起"))
    date_to = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte", label=_("发生日期止"))

    class Meta:
        model = Incident
        fields = ["division", "province", "domain", "government_responsibility", "date_from", "date_to"]


class IncidentViewSet(
    PolicyObjectPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The register of major quality-safety incidents (art. 15); SAMR staff record them."""

    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    http_method_names = ["get", "patch", "post", "head", "options"]
    view_action = "incident.view"
    change_action = "incident.change"

    def get_queryset(self):
        queryset = Incident.objects.select_related("division")
        return policy.visible(self.request.user, queryset)

    def create(self, request, *args, **kwargs):
        if not policy.can(request.user, "incident.change"):
            raise exceptions.PermissionDenied
        return super().create(request, *args, **kwargs)
