"""The publicity API (docs/publicity.md "API"): the public's read of the publicity and the published lists, the
public's objections and SAMR's handling of them, and the list actions ``PublicityActionsMixin`` adds to
``/api/v1/national-lists/``.

Thin views as in ``nominations.api``: every change is one call of a ``publicity.domain`` function (which authorises,
checks, locks and audits). The public endpoints need no login and are throttled per client address; the objection
limit per address and hour is also enforced by the domain, in the database.
"""

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts import policy
from accounts.security import require_recent_authentication
from core.api.filters import IdFilter, StrictBooleanFilter
from core.api.parsers import JSONParser
from core.api.views import DomainViewMixin
from core.domain.audit import client_ip, record
from core.downloads import private_file_response
from criteria.enums import Category
from national.models import NationalListEntry

from .domain import objections, publication, publicity
from .enums import ObjectionStatus
from .models import Objection, PublicityPeriod, PublishedList
from .serializers import (
    DismissInputSerializer,
    InvestigateInputSerializer,
    NoteInputSerializer,
    ObjectionCreateSerializer,
    ObjectionReceiptSerializer,
    ObjectionSerializer,
    PubliciseInputSerializer,
    PublicityPeriodSerializer,
    PublishedListSerializer,
    UpholdInputSerializer,
)


class PublicReadThrottle(AnonRateThrottle):
    """Anonymous reads of the public endpoints, per client address (the cache's count)."""

    scope = "publicity_read"
    rate = "120/minute"


class ObjectionThrottle(AnonRateThrottle):
    """A burst guard in front of the domain's hourly limit per address."""

    scope = "publicity_objection"
    rate = "10/minute"


class ObjectionLimitReached(exceptions.APIException):
    """The domain's hourly limit per address: a 429 with ``Retry-After``."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, error):
        super().__init__(detail=error.messages[0])
        self.wait = error.wait


def period_queryset():
    entries = NationalListEntry.objects.select_related("nomination__division__province").order_by("position", "pk")
    return PublicityPeriod.objects.select_related("national_list__campaign").prefetch_related(
        Prefetch("national_list__entries", queryset=entries)
    )


# ---------------------------------------------------------------- publicity periods (public)


class PublicityPeriodFilter(django_filters.FilterSet):
    open = StrictBooleanFilter(method="filter_open", label=_("仅正在公示的（true）或仅已结束的（false）"))
    category = django_filters.ChoiceFilter(field_name="national_list__category", choices=Category.choices)
    year = IdFilter(field_name="national_list__campaign__year", label=_("年度"))

    class Meta:
        model = PublicityPeriod
        fields = ["open", "category", "year"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        now = timezone.now()
        return queryset.filter(ends_at__gt=now) if value else queryset.filter(ends_at__lte=now)


class PublicityPeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """The publicity of the national lists (对外公示, art. 7(4)), running and past, with their lists; no login.

    A period scheduled to start later is not shown before its start.
    """

    serializer_class = PublicityPeriodSerializer
    filterset_class = PublicityPeriodFilter
    permission_classes = [AllowAny]
    throttle_classes = [PublicReadThrottle]

    def get_queryset(self):
        return period_queryset().filter(starts_at__lte=timezone.now()).order_by("-starts_at", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


# ---------------------------------------------------------------- objections


class ObjectionFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ObjectionStatus.choices, label=_("状态（可多选）"))
    period = IdFilter(field_name="period_id", label=_("公示编号"))
    nomination = IdFilter(field_name="nomination_id", label=_("申报编号"))
    q = django_filters.CharFilter(method="search", label=_("受理编号或地方名称"))

    class Meta:
        model = Objection
        fields = ["status", "period", "nomination"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(receipt__icontains=value) | Q(nomination__division__name__contains=value))


class ObjectionViewSet(
    DomainViewMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Objections (异议): anyone files one without login and gets a receipt number; SAMR's reviewers and leadership
    list, read and handle them (others see none)."""

    serializer_class = ObjectionSerializer
    filterset_class = ObjectionFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return super().get_permissions()

    def get_throttles(self):
        if self.action == "create":
            return [ObjectionThrottle()]
        return super().get_throttles()

    def get_queryset(self):
        queryset = Objection.objects.select_related("nomination__division__province", "resolved_by", "period").order_by(
            "-submitted_at", "-pk"
        )
        return policy.visible(self.request.user, queryset)

    @extend_schema(
        request={"multipart/form-data": ObjectionCreateSerializer, "application/json": ObjectionCreateSerializer},
        responses={201: ObjectionReceiptSerializer},
    )
    def create(self, request):
        """File an objection during the publicity of the list that holds ``nomination``; returns the receipt."""
        payload = self.validated(ObjectionCreateSerializer)
        try:
            objection = objections.file_objection(
                payload["nomination"],
                name=payload["name"],
                contact=payload["contact"],
                grounds=payload["grounds"],
                evidence=payload["evidence"],
                ip=client_ip(request),
                request=request,
            )
        except objections.TooManyObjections as error:
            raise ObjectionLimitReached(error) from None
        return Response(ObjectionReceiptSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InvestigateInputSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def investigate(self, request, pk=None):
        found = self.get_object()
        payload = self.validated(InvestigateInputSerializer)
        objections.investigate(request.user, found, note=payload["note"], request=request)
        return Response(self.detail_data(found))

    @extend_schema(request=UpholdInputSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def uphold(self, request, pk=None):
        """The objection is upheld: the locality is disqualified and leaves the list (SAMR leadership)."""
        found = self.get_object()
        require_recent_authentication(request)
        payload = self.validated(UpholdInputSerializer)
        objections.uphold(
            request.user, found, resolution=payload["resolution"], fraud=payload["fraud"], request=request
        )
        return Response(self.detail_data(found))

    @extend_schema(request=DismissInputSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        found = self.get_object()
        payload = self.validated(DismissInputSerializer)
        objections.dismiss(request.user, found, resolution=payload["resolution"], request=request)
        return Response(self.detail_data(found))

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("文件内容；Content-Type 为文件的实际类型")
            )
        }
    )
    @action(detail=True, methods=["get"])
    def evidence(self, request, pk=None):
        """The evidence file (every download audited); 404 when the objection has none."""
        found = self.get_object()
        if not found.evidence:
            raise Http404
        record(request.user, "objection.evidence.download", found, request=request, sha256=found.evidence_sha256)
        return private_file_response(
            found.evidence.open("rb"), content_type=found.evidence_content_type, name=found.evidence_name
        )


# ---------------------------------------------------------------- published lists (public)


class PublishedListFilter(django_filters.FilterSet):
    national_list = IdFilter(field_name="national_list_id", label=_("名单编号"))
    category = django_filters.ChoiceFilter(field_name="national_list__category", choices=Category.choices)
    year = IdFilter(field_name="national_list__campaign__year", label=_("年度"))
    latest = StrictBooleanFilter(method="filter_latest", label=_("仅每个名单的最新版本"))

    class Meta:
        model = PublishedList
        fields = ["national_list", "category", "year", "latest"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_latest(self, queryset, name, value):
        if not value:
            return queryset
        newest = PublishedList.objects.filter(national_list=OuterRef("national_list")).order_by("-version")
        return queryset.filter(pk=Subquery(newest.values("pk")[:1]))


class PublishedListViewSet(viewsets.ReadOnlyModelViewSet):
    """The final lists as published (最终名单), every version with what it changed; no login."""

    serializer_class = PublishedListSerializer
    filterset_class = PublishedListFilter
    permission_classes = [AllowAny]
    throttle_classes = [PublicReadThrottle]

    def get_queryset(self):
        return PublishedList.objects.select_related("national_list__campaign").order_by(
            "-national_list__campaign__year", "national_list__category", "-version"
        )


# ---------------------------------------------------------------- the list's actions (on /api/v1/national-lists/)


class PublicityActions:
    """``POST /api/v1/national-lists/{id}/publicise/``, ``/finalise/`` and ``/correction/`` (SAMR leadership).

    Added to ``national.api.views.NationalListViewSet`` by the root URLconf (``config/api.py``), which provides
    ``get_object`` (the lists the user may see) and ``validated``.
    """

    @extend_schema(request=PubliciseInputSerializer, responses={201: PublicityPeriodSerializer})
    @action(detail=True, methods=["post"])
    def publicise(self, request, pk=None):
        """对外公示: the approved list is published for the campaign's working days from ``starts_at``."""
        found = self.get_object()
        payload = self.validated(PubliciseInputSerializer)
        period = publicity.publicise(request.user, found, request=request, **payload)
        data = PublicityPeriodSerializer(
            period_queryset().get(pk=period.pk), context={"request": request, "now": timezone.now()}
        ).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NoteInputSerializer, responses={201: PublishedListSerializer})
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        """发布最终名单 after the period, with every objection decided: version 1 of the published list."""
        found = self.get_object()
        require_recent_authentication(request)
        payload = self.validated(NoteInputSerializer)
        published = publication.finalise(request.user, found, note=payload["note"], request=request)
        return Response(PublishedListSerializer(published).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NoteInputSerializer, responses={201: PublishedListSerializer})
    @action(detail=True, methods=["post"])
    def correction(self, request, pk=None):
        """发布更正: the next version of a finalised list, with what changed and why (``note`` required)."""
        found = self.get_object()
        payload = self.validated(NoteInputSerializer)
        published = publication.publish_correction(request.user, found, note=payload["note"], request=request)
        return Response(PublishedListSerializer(published).data, status=status.HTTP_201_CREATED)


def register(router):
    """The publicity routes, on the project's ``/api/v1/`` router (config/urls.py)."""
    router.register("publicity", PublicityPeriodViewSet, basename="publicity")
    router.register("objections", ObjectionViewSet, basename="objection")
    router.register("published-lists", PublishedListViewSet, basename="published-list")
