"""The API of the national stage (issue 5, docs/api.md "National stage"): assignments and the national list.

Thin views as in ``nomination_views``: querysets come from ``policy.visible``; every change is one call of a
function of ``national.domain.evaluation`` or ``national.domain.national_list`` (which authorise, lock and audit).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts import policy
from accounts.security import require_recent_authentication
from core.api.filters import IdFilter
from core.api.parsers import JSONParser
from core.api.views import DomainViewMixin
from criteria.enums import Category
from nominations.api.nomination_serializers import NominationSerializer
from nominations.models import Nomination, Quota
from provinces.enums import Region

from ..domain import balance, evaluation, national_list
from ..models import ExpertAssignment, InformationRequest, NationalList, NationalListEntry
from .serializers import (
    AggregateSerializer,
    AssignmentInputSerializer,
    AssignmentSerializer,
    BalanceSerializer,
    BalanceSettingsInputSerializer,
    EntryInputSerializer,
    EvaluateSerializer,
    FindingInputSerializer,
    FindingSerializer,
    InformationAnswerInputSerializer,
    InformationRequestInputSerializer,
    InformationRequestSerializer,
    NationalListCreateSerializer,
    NationalListSerializer,
    OpinionInputSerializer,
    OpinionSerializer,
)

NOMINATION_ID = OpenApiParameter("nomination_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("申报编号"))

# ---------------------------------------------------------------- assignments


class AssignmentFilter(django_filters.FilterSet):
    nomination = IdFilter(field_name="nomination_id", label=_("申报编号"))
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
        assignment = evaluation.assign(
            request.user, payload["nomination"], payload["expert"], stage=payload["stage"], request=request
        )
        return Response(self.detail_data(assignment), status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        evaluation.unassign(request.user, self.get_object(), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- the national list


class NationalListFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id", label=_("年度工作编号"))
    category = django_filters.ChoiceFilter(choices=Category.choices)

    class Meta:
        model = NationalList
        fields = ["campaign", "category"]


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

    # Its later stages add their routes in the root URLconf (config/api.py): publicity and finalisation
    # (publicity.api.PublicityActions), the report (awards.api.views.ReportActions).

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
        require_recent_authentication(request)
        national_list.approve(request.user, found, request=request)
        return Response(self.detail_data(found))

    @extend_schema(request=BalanceSettingsInputSerializer, responses=NationalListSerializer)
    def partial_update(self, request, pk=None):
        """Change the list's balance settings (bonuses and shares, art. 8); those left out stay as they are."""
        found = self.get_object()
        payload = self.validated(BalanceSettingsInputSerializer)
        national_list.configure(request.user, found, request=request, **payload)
        return Response(self.detail_data(found))

    @extend_schema(request=None, responses=NationalListSerializer)
    @action(detail=True, methods=["post"], url_path="accept-suggestion", url_name="accept-suggestion")
    def accept_suggestion(self, request, pk=None):
        """Make the suggested list the draft: entries added, removed and ordered as suggested."""
        found = self.get_object()
        national_list.accept_suggestion(request.user, found, request=request)
        return Response(self.detail_data(found))

    @extend_schema(parameters=BALANCE_PARAMETERS, responses=BalanceSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def balance(self, request, pk=None):
        """The ranking with the list's bonuses, the list's make-up against the quota, and the best list under the
        list's stored shares (art. 8). Any share given as a query parameter replaces the stored one (what if)."""
        found = self.get_object()
        stored = national_list.constraints_of(found)
        given = {name: count_param(request, name) for name in ("min_county", "max_per_province", "min_underdeveloped")}
        regions = {region: count_param(request, f"min_{region}") for region in Region.values}
        constraints = balance.Constraints(
            min_county=stored.min_county if given["min_county"] is None else given["min_county"],
            min_per_region={
                region: count
                for region in Region.values
                if (count := stored.min_per_region.get(region, 0) if regions[region] is None else regions[region])
            },
            max_per_province=stored.max_per_province
            if given["max_per_province"] is None
            else given["max_per_province"],
            min_underdeveloped=(
                stored.min_underdeveloped if given["min_underdeveloped"] is None else given["min_underdeveloped"]
            ),
        )
        analysis = national_list.analyse(request.user, found, constraints=constraints)
        figures, suggestion = analysis.figures, analysis.suggestion
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
            "ranking": analysis.ranking,
        }
        return Response(BalanceSerializer(data).data)


# ---------------------------------------------------------------- more information from the province (补充材料)


class InformationRequestFilter(django_filters.FilterSet):
    nomination = IdFilter(field_name="nomination_id", label=_("申报编号"))
    open = django_filters.BooleanFilter(field_name="answered_at", lookup_expr="isnull", label=_("仅未答复"))

    class Meta:
        model = InformationRequest
        fields = ["nomination", "open"]


class InformationRequestViewSet(
    DomainViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """SAMR's requests for more information on a recommended application; the province answers each once.

    SAMR reviewers create them; the recommending province's reviewers and head answer; SAMR cannot set the national
    score while one is open.
    """

    serializer_class = InformationRequestSerializer
    filterset_class = InformationRequestFilter

    def get_queryset(self):
        queryset = InformationRequest.objects.select_related(
            "nomination__division", "requested_by", "answered_by", "attachment__criterion", "attachment__uploaded_by"
        ).order_by(F("answered_at").desc(nulls_first=True), "-requested_at", "-pk")
        return policy.visible(self.request.user, queryset)

    @extend_schema(request=InformationRequestInputSerializer, responses={201: InformationRequestSerializer})
    def create(self, request):
        payload = self.validated(InformationRequestInputSerializer)
        created = evaluation.request_information(
            request.user,
            payload["nomination"],
            question=payload["question"],
            due_at=payload["due_at"],
            request=request,
        )
        return Response(self.detail_data(created), status=status.HTTP_201_CREATED)

    @extend_schema(request=InformationAnswerInputSerializer, responses=InformationRequestSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def answer(self, request, pk=None):
        found = self.get_object()
        payload = self.validated(InformationAnswerInputSerializer)
        evaluation.answer_information(
            request.user, found, answer=payload["answer"], evidence=payload["evidence"], request=request
        )
        return Response(self.detail_data(found))


# ---------------------------------------------------------------- the national evaluation of an application


class NationalEvaluationActions:
    """The national evaluation's routes on ``/api/v1/nominations/{id}/`` (art. 4, art. 7(4)): SAMR's findings, the
    experts' and departments' opinions and their aggregate, the national score. The root URLconf adds them to the
    applications' viewset (``config/api.py``)."""

    @extend_schema(responses=FindingSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def findings(self, request, pk=None):
        """SAMR's own data (art. 4): for SAMR staff and the experts asked about this application."""
        nomination = self.get_object()
        if not policy.can(request.user, "nomination.opinions.view", nomination):
            raise PermissionDenied(_("总局掌握情况仅供总局和受邀专家查看。"))
        page = self.paginate_queryset(nomination.findings.select_related("recorded_by").order_by("recorded_at", "pk"))
        return self.get_paginated_response(FindingSerializer(page, many=True).data)

    @extend_schema(request=FindingInputSerializer, responses={201: FindingSerializer})
    @findings.mapping.post
    def add_finding(self, request, pk=None):
        nomination = self.get_object()
        payload = self.validated(FindingInputSerializer)
        finding = evaluation.add_finding(request.user, nomination, request=request, **payload)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpinionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def opinions(self, request, pk=None):
        """Experts' and departments' opinions; an expert sees the others' only after filing its own."""
        opinions = evaluation.opinions_visible_to(request.user, self.get_object())
        return Response(OpinionSerializer(opinions, many=True).data)

    @extend_schema(request=OpinionInputSerializer, responses=OpinionSerializer)
    @opinions.mapping.put
    def file_opinion(self, request, pk=None):
        nomination = self.get_object()
        policy.authorize(request.user, "nomination.opinion.file", nomination)
        payload = self.validated(OpinionInputSerializer)
        review = evaluation.file_opinion(
            request.user,
            nomination,
            criteria={number: dict(item) for number, item in payload["criteria"].items()},
            comment=payload["comment"],
            request=request,
        )
        return Response(OpinionSerializer(review).data)

    @extend_schema(responses=AggregateSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def aggregate(self, request, pk=None):
        """Count, mean and median of the opinions' scores (for those who may read the opinions)."""
        nomination = self.get_object()
        if not policy.can(request.user, "nomination.aggregate.view", nomination):
            raise PermissionDenied(_("意见汇总仅供总局工作人员查看。"))
        return Response(AggregateSerializer(evaluation.aggregate(nomination)).data)

    @extend_schema(request=EvaluateSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """SAMR's national score (客观评估); without ``score``, the mean of the opinions."""
        return self.transition(request, evaluation.evaluate, EvaluateSerializer)
