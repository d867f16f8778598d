"""The API of the national stage (issue 5, docs/api.md "National stage"): assignments and the national list.

Thin views as in ``nomination_views``: querysets come from ``policy.visible``; every change is one call of a
function of ``nominations.domain.national`` or ``nominations.domain.national_list`` (which authorise, lock and audit).
"""

from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import policy
from criteria.enums import Category
from provinces.enums import Region

from ..domain import balance, national, national_list
from ..enums import NominationState
from ..models import ExpertAssignment, NationalList, NationalListEntry, Nomination, Quota
from .national_serializers import (
    AssignmentInputSerializer,
    AssignmentSerializer,
    BalanceSerializer,
    EntryInputSerializer,
    NationalListCreateSerializer,
    NationalListSerializer,
)
from .nomination_views import DomainViewMixin

S = NominationState
NOMINATION_ID = OpenApiParameter("nomination_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("申报编号"))

# ---------------------------------------------------------------- assignments


class AssignmentFilter(django_filters.FilterSet):
    nomination = django_filters.NumberFilter(field_name="nomination_id", label=_("申报编号"))
    expert = django_filters.CharFilter(field_name="expert__username", label=_("专家用户名"))

    class Meta:
        model = ExpertAssignment
        fields = ["nomination", "expert"]


class AssignmentViewSet(
    DomainViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Requests for an expert's or related department's opinion (art. 7(4)).

    SAMR staff see every assignment of what they may see; an expert sees only its own.
    """

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self):
        user = self.request.user
        nominations = policy.visible(user, Nomination.objects.all())
        queryset = (
            ExpertAssignment.objects.filter(nomination__in=nominations.values("pk"))
            .select_related("expert", "assigned_by", "nomination__division")
            .order_by("-assigned_at", "-pk")
        )
        return policy.visible(user, queryset)

    @extend_schema(request=AssignmentInputSerializer, responses={201: AssignmentSerializer})
    def create(self, request):
        payload = self.validated(AssignmentInputSerializer)
        assignment = national.assign(
            request.user, payload["nomination"], payload["expert"], stage=payload["stage"], request=request
        )
        return Response(self.detail_data(assignment), status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        national.unassign(request.user, self.get_object(), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- the national list


class NationalListFilter(django_filters.FilterSet):
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("年度工作编号"))
    category = django_filters.ChoiceFilter(choices=Category.choices)

    class Meta:
        model = NationalList
        fields = ["campaign", "category"]


def candidate(nomination):
    division = nomination.division
    return balance.Candidate(
        id=nomination.pk,
        province=division.province.name,
        region=division.region,
        level=division.level,
        underdeveloped=division.underdeveloped,
        score=nomination.national_score or balance.ZERO,
    )


def count_param(request, name):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        message = _("%(name)s 须为非负整数。") % {"name": name}
        raise exceptions.ValidationError({name: [message], "detail": message})
    return value


BALANCE_PARAMETERS = [
    OpenApiParameter("min_county", OpenApiTypes.INT, description=_("至少多少个县级地方")),
    OpenApiParameter("max_per_province", OpenApiTypes.INT, description=_("每省至多多少个")),
    OpenApiParameter("min_underdeveloped", OpenApiTypes.INT, description=_("至少多少个欠发达地方")),
    *(
        OpenApiParameter(f"min_{value}", OpenApiTypes.INT, description=_("该区域至少多少个地方"))
        for value in Region.values
    ),
]


class NationalListViewSet(DomainViewMixin, viewsets.ReadOnlyModelViewSet):
    """The proposed national list per campaign and category (建议激励支持的地方名单), never above the quota."""

    serializer_class = NationalListSerializer
    filterset_class = NationalListFilter

    def get_queryset(self):
        quota = Quota.objects.filter(campaign=OuterRef("campaign_id"), category=OuterRef("category")).values("places")
        entries = NationalListEntry.objects.select_related("nomination__division__province").order_by("position", "pk")
        queryset = (
            NationalList.objects.select_related("campaign", "approved_by")
            .annotate(quota=Subquery(quota[:1]))
            .prefetch_related(Prefetch("entries", queryset=entries))
            .order_by("-campaign__year", "category", "pk")
        )
        return policy.visible(self.request.user, queryset)

    def nomination(self, pk):
        return get_object_or_404(policy.visible(self.request.user, Nomination.objects.all()), pk=pk)

    @extend_schema(
        request=NationalListCreateSerializer, responses={201: NationalListSerializer, 200: NationalListSerializer}
    )
    def create(self, request):
        """The list of a category: created on first use (201), else the existing one (200)."""
        payload = self.validated(NationalListCreateSerializer)
        found, created = national_list.open_national_list(request.user, payload["campaign"], payload["category"])
        return Response(self.detail_data(found), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=EntryInputSerializer, responses=NationalListSerializer)
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        """Put an evaluated application on the list, at the end; refused when the quota is full."""
        found = self.get_object()
        payload = self.validated(EntryInputSerializer)
        national_list.add(request.user, found, payload["nomination"], request=request)
        return Response(self.detail_data(found))

    @extend_schema(parameters=[NOMINATION_ID], request=None, responses=NationalListSerializer)
    @action(detail=True, methods=["delete"], url_path=r"entries/(?P<nomination_id>\d+)", url_name="entry")
    def remove_entry(self, request, pk=None, nomination_id=None):
        found = self.get_object()
        national_list.remove(request.user, found, self.nomination(nomination_id), request=request)
        return Response(self.detail_data(found))

    @extend_schema(request=None, responses=NationalListSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        found = self.get_object()
        national_list.approve(request.user, found, request=request)
        return Response(self.detail_data(found))

    @extend_schema(parameters=BALANCE_PARAMETERS, responses=BalanceSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def balance(self, request, pk=None):
        """The list's make-up against the quota, and the best list under the given minimum shares (art. 8)."""
        found = self.get_object()
        constraints = balance.Constraints(
            min_county=count_param(request, "min_county") or 0,
            min_per_region={
                region: count for region in Region.values if (count := count_param(request, f"min_{region}"))
            },
            max_per_province=count_param(request, "max_per_province"),
            min_underdeveloped=count_param(request, "min_underdeveloped") or 0,
        )
        quota = found.quota or 0
        listed = [candidate(entry.nomination) for entry in found.entries.all()]
        pool = policy.visible(
            request.user,
            Nomination.objects.filter(
                campaign_id=found.campaign_id, category=found.category, state__in=(S.EVALUATED, S.PROPOSED)
            ).select_related("division__province"),
        )
        suggestion = balance.suggest([candidate(n) for n in pool], quota, constraints)
        figures = balance.distribution(listed, quota)
        data = {
            **figures.__dict__,
            "by_underdeveloped": {str(k).lower(): v for k, v in figures.by_underdeveloped.items()},
            "underdeveloped_shares": {str(k).lower(): v for k, v in figures.underdeveloped_shares.items()},
            "suggestion": {
                "selected": list(suggestion.selected),
                "total_score": suggestion.total_score,
                "feasible": suggestion.feasible,
                "binding": list(suggestion.binding),
                "reasons": list(suggestion.reasons),
                "places": suggestion.places,
            },
        }
        return Response(BalanceSerializer(data).data)
