"""The API of applications and of the provincial stage (issue 4, docs/api.md "Nominations").

Thin views: querysets come from ``policy.visible``, every change is one call of
a function of ``nominations.domain`` (which authorises, checks the rules,
locks, transitions and audits), and the answer is read back from the database.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts import policy
from accounts.security import require_recent_authentication
from core.api.filters import IdFilter, NullsLastOrderingFilter, StrictBooleanFilter
from core.api.parsers import JSONParser
from core.api.views import DomainViewMixin
from core.domain import audit
from core.downloads import private_file_response
from criteria.enums import Category
from provinces.enums import Level, Region

from ..domain import applications, workflow
from ..enums import NominationState, RecommendationState, ReviewStage
from ..models import Attachment, Nomination, ProvinceCap, ProvinceRecommendation
from .nomination_serializers import (
    AnswerSheetInputSerializer,
    AnswerSheetSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    AuditEventSerializer,
    ChangeSerializer,
    CommentSerializer,
    ConfirmSerializer,
    EvaluationSerializer,
    NominationCreateSerializer,
    NominationSerializer,
    PledgeTextSerializer,
    RankSerializer,
    RecommendationCreateSerializer,
    RecommendationSerializer,
    RejectSerializer,
    ResubmitSerializer,
    ReturnSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    SubmitSerializer,
    VerifySerializer,
)

S = NominationState
ATTACHMENT_ID = OpenApiParameter("attachment_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("附件编号"))
FILE_RESPONSE = {
    (200, "application/octet-stream"): OpenApiResponse(
        OpenApiTypes.BINARY, description=_("文件内容；Content-Type 为文件的实际类型")
    )
}


# ---------------------------------------------------------------- applications


class NominationFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id", label=_("年度工作编号"))
    category = django_filters.ChoiceFilter(choices=Category.choices)
    state = django_filters.MultipleChoiceFilter(
        choices=NominationState.choices, distinct=False, label=_("状态（可多选）")
    )
    province = django_filters.CharFilter(field_name="division__province__code", label=_("省级区划代码"))
    prefecture = django_filters.CharFilter(field_name="division__prefecture__code", label=_("地级区划代码"))
    level = django_filters.ChoiceFilter(
        field_name="division__level",
        choices=[(Level.PREFECTURE, Level.PREFECTURE.label), (Level.COUNTY, Level.COUNTY.label)],
    )
    region = django_filters.ChoiceFilter(field_name="division__region", choices=Region.choices)
    underdeveloped = StrictBooleanFilter(field_name="division__underdeveloped", label=_("欠发达地区"))
    priority = StrictBooleanFilter(field_name="priority", label=_("有典型经验做法（第九条）"))
    q = django_filters.CharFilter(method="search", label=_("地方名称或区划代码"))
    ordering = NullsLastOrderingFilter(
        fields=(
            ("province_rank", "province_rank"),
            ("province_score", "province_score"),
            ("division__code", "division"),
        )
    )

    class Meta:
        model = Nomination
        fields = ["campaign", "category", "state", "province", "prefecture", "level", "region", "underdeveloped"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(division__name__contains=value) | Q(division__code__startswith=value))


def answer_sheet(nomination):
    """Every criterion of the application's set, in order, with the answer given so far."""
    answers = {answer.criterion_id: answer for answer in nomination.answers.all()}
    rows = []
    for criterion in nomination.criteria_set.criteria.all():
        answer = answers.get(criterion.pk)
        rows.append(
            {
                "criterion": criterion.number,
                "title": criterion.title,
                "kind": criterion.kind,
                "evidence_required": criterion.evidence_required,
                "unit": criterion.unit,
                "answered": answer is not None,
                "met": answer.met if answer else None,
                "value": answer.value if answer else None,
                "narrative": answer.narrative if answer else "",
                "highlight": answer.highlight if answer else False,
                "indicators": answer.indicators if answer else {},
            }
        )
    return {"summary": nomination.summary, "answers": rows}


class NominationViewSet(DomainViewMixin, viewsets.ReadOnlyModelViewSet):
    """Applications (申报): the applicant fills and submits, the province returns, verifies, scores and shortlists.

    Each transition is ``POST /{id}/{action}/`` and answers with the application as it now is.
    """

    serializer_class = NominationSerializer
    filterset_class = NominationFilter

    def get_queryset(self):
        queryset = Nomination.objects.with_priority().select_related("campaign", "division__province")
        return policy.visible(self.request.user, queryset)

    def transition(self, request, function, serializer_class=None):
        nomination = self.get_object()
        payload = self.validated(serializer_class) if serializer_class else {}
        function(request.user, nomination, request=request, **payload)
        return Response(self.detail_data(nomination))

    def attachment(self, nomination, attachment_id):
        queryset = Attachment.objects.filter(nomination=nomination).select_related("nomination__division")
        return get_object_or_404(policy.visible(self.request.user, queryset), pk=attachment_id)

    @extend_schema(request=NominationCreateSerializer, responses={201: NominationSerializer})
    def create(self, request):
        payload = self.validated(NominationCreateSerializer)
        nomination = applications.create_nomination(
            request.user, payload["campaign"], payload["category"], request=request
        )
        return Response(self.detail_data(nomination), status=status.HTTP_201_CREATED)

    @extend_schema(responses=PledgeTextSerializer)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def pledge(self, request):
        """The authenticity pledge (真实性承诺) the applicant accepts on submission (art. 14)."""
        return Response(PledgeTextSerializer({"text": workflow.PLEDGE}).data)

    # ------------------------------------------------------------ checklist and evidence

    @extend_schema(responses=AnswerSheetSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def answers(self, request, pk=None):
        return Response(AnswerSheetSerializer(answer_sheet(self.get_object())).data)

    @extend_schema(request=AnswerSheetInputSerializer, responses=AnswerSheetSerializer)
    @answers.mapping.put
    def save_answers(self, request, pk=None):
        nomination = self.get_object()
        body = {"answers": request.data} if isinstance(request.data, list) else request.data
        payload = self.validated(AnswerSheetInputSerializer, body)
        nomination = applications.save_answers(
            request.user,
            nomination,
            [dict(item) for item in payload.get("answers", [])],
            summary=payload.get("summary"),
            request=request,
        )
        return Response(AnswerSheetSerializer(answer_sheet(nomination)).data)

    @extend_schema(responses=AttachmentSerializer(many=True))
    @action(detail=True, methods=["get"], parser_classes=[MultiPartParser, FormParser], filter_backends=[])
    def attachments(self, request, pk=None):
        queryset = self.get_object().attachments.select_related("criterion", "uploaded_by")
        page = self.paginate_queryset(policy.visible(request.user, queryset))
        return self.get_paginated_response(AttachmentSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(request=AttachmentUploadSerializer, responses={201: AttachmentSerializer})
    @attachments.mapping.post
    def upload_attachment(self, request, pk=None):
        nomination = self.get_object()
        policy.authorize(request.user, "nomination.edit", nomination)  # before the body is read: 403, not 400/415
        payload = self.validated(AttachmentUploadSerializer)
        attachment = applications.add_attachment(
            request.user,
            nomination,
            payload["file"],
            criterion_number=payload.get("criterion") or None,
            request=request,
        )
        return Response(AttachmentSerializer(attachment, context={"request": request}).data, status.HTTP_201_CREATED)

    @extend_schema(parameters=[ATTACHMENT_ID], request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<attachment_id>\d+)", url_name="attachment")
    def remove_attachment(self, request, pk=None, attachment_id=None):
        attachment = self.attachment(self.get_object(), attachment_id)
        applications.remove_attachment(request.user, attachment, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[ATTACHMENT_ID], responses=FILE_RESPONSE)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>\d+)/download",
        url_name="attachment-download",
        pagination_class=None,
        filter_backends=[],
    )
    def download_attachment(self, request, pk=None, attachment_id=None):
        attachment = self.attachment(self.get_object(), attachment_id)
        handle = applications.open_attachment(request.user, attachment, request=request)
        return private_file_response(handle, content_type=attachment.content_type, name=attachment.original_name)

    # ------------------------------------------------------------ what the reviewer reads

    @extend_schema(responses=EvaluationSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def evaluation(self, request, pk=None):
        return Response(EvaluationSerializer(applications.evaluation_for(self.get_object())).data)

    @extend_schema(responses=AuditEventSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        page = self.paginate_queryset(audit.history(self.get_object()))
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)

    @extend_schema(responses=ChangeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def changes(self, request, pk=None):
        """What changed between the last two submitted versions (after a return)."""
        changes = applications.changes_since_previous(self.get_object())
        rows = [{"criterion": c, "field": f, "before": before, "after": after} for c, f, before, after in changes]
        return Response(ChangeSerializer(rows, many=True).data)

    @extend_schema(responses=ReviewSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def reviews(self, request, pk=None):
        """The province's reviews; the applicant gets a 403 (scores are not shown to it)."""
        nomination = self.get_object()
        if not policy.can(request.user, "nomination.reviews.view", nomination):
            raise PermissionDenied(_("审核意见和评分仅供省级和总局审核人员查看。"))
        reviews = nomination.reviews.filter(stage=ReviewStage.PROVINCE).select_related("reviewer").order_by("pk")
        return Response(ReviewSerializer(reviews, many=True).data)

    @extend_schema(request=ReviewInputSerializer, responses=ReviewSerializer)
    @reviews.mapping.put
    def save_review(self, request, pk=None):
        nomination = self.get_object()
        policy.authorize(request.user, "nomination.review", nomination)
        payload = self.validated(ReviewInputSerializer)
        review = workflow.save_province_review(
            request.user,
            nomination,
            criteria={number: dict(item) for number, item in payload["criteria"].items()},
            comment=payload["comment"],
            request=request,
        )
        return Response(ReviewSerializer(review).data)

    # ------------------------------------------------------------ transitions

    @extend_schema(request=SubmitSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.transition(request, workflow.submit, SubmitSerializer)

    @extend_schema(request=ResubmitSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        return self.transition(request, workflow.resubmit, ResubmitSerializer)

    @extend_schema(request=CommentSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self.transition(request, workflow.withdraw, CommentSerializer)

    @extend_schema(request=ReturnSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self.transition(request, workflow.return_for_revision, ReturnSerializer)

    @extend_schema(
        request={"application/json": VerifySerializer, "multipart/form-data": VerifySerializer},
        responses=NominationSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def verify(self, request, pk=None):
        """JSON ``{note}``, or multipart with an on-site ``evidence`` file."""
        return self.transition(request, workflow.verify, VerifySerializer)

    @extend_schema(request=RejectSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.transition(request, workflow.reject, RejectSerializer)

    @extend_schema(request=None, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def shortlist(self, request, pk=None):
        return self.transition(request, workflow.shortlist)

    @extend_schema(request=CommentSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def unshortlist(self, request, pk=None):
        return self.transition(request, workflow.unshortlist, CommentSerializer)


# ---------------------------------------------------------------- provincial recommendations

ENTRY_STATES = (S.VERIFIED, S.SHORTLISTED, S.RECOMMENDED)


class RecommendationFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id", label=_("年度工作编号"))
    category = django_filters.ChoiceFilter(choices=Category.choices)
    province = django_filters.CharFilter(field_name="province__code", label=_("省级区划代码"))
    state = django_filters.ChoiceFilter(choices=RecommendationState.choices)

    class Meta:
        model = ProvinceRecommendation
        fields = ["campaign", "category", "province", "state"]


class ProvinceRecommendationViewSet(DomainViewMixin, viewsets.ReadOnlyModelViewSet):
    """A province's ranked list per category (拟推荐名单): rank, government confirmation, recommendation to SAMR."""

    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter

    def get_queryset(self):
        cap = ProvinceCap.objects.filter(
            campaign=OuterRef("campaign_id"), province=OuterRef("province_id"), category=OuterRef("category")
        ).values("cap")[:1]
        queryset = (
            ProvinceRecommendation.objects.select_related("campaign", "province", "confirmed_by", "recommended_by")
            .annotate(cap=Subquery(cap))
            .order_by("-campaign__year", "province__code", "category", "pk")
        )
        return policy.visible(self.request.user, queryset)

    def with_entries(self, recommendations):
        """Attach each list's entries, for a whole page in one query (the entries have no foreign key to it)."""
        by_key = {}
        for recommendation in recommendations:
            recommendation.entries = []
            by_key[(recommendation.campaign_id, recommendation.province_id, recommendation.category)] = recommendation
        if not by_key:
            return recommendations
        lists = reduce(
            or_,
            (Q(campaign_id=c, division__province_id=p, category=category) for c, p, category in by_key),
        )
        entries = (
            Nomination.objects.with_priority()
            .filter(lists, state__in=ENTRY_STATES)
            .select_related("division")
            .order_by(F("province_rank").asc(nulls_last=True), "division__code")
        )
        for entry in policy.visible(self.request.user, entries):
            by_key[(entry.campaign_id, entry.division.province_id, entry.category)].entries.append(entry)
        return recommendations

    def detail_data(self, obj):
        recommendation = self.get_queryset().get(pk=obj.pk)
        return self.get_serializer(self.with_entries([recommendation])[0]).data

    def list(self, request):
        page = self.with_entries(self.paginate_queryset(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.detail_data(self.get_object()))

    @extend_schema(
        request=RecommendationCreateSerializer,
        responses={201: RecommendationSerializer, 200: RecommendationSerializer},
    )
    def create(self, request):
        """The list of the user's province in a category: created on first use (201), else the existing one (200)."""
        payload = self.validated(RecommendationCreateSerializer)
        recommendation, created = workflow.open_province_list(request.user, payload["campaign"], payload["category"])
        return Response(
            self.detail_data(recommendation), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(request=RankSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def rank(self, request, pk=None):
        recommendation = self.get_object()
        payload = self.validated(RankSerializer)
        workflow.rank(request.user, recommendation, payload["order"], request=request)
        return Response(self.detail_data(recommendation))

    @extend_schema(request=ConfirmSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The provincial government's confirmation (省级人民政府审核确认); JSON, or multipart with the scan."""
        recommendation = self.get_object()
        payload = self.validated(ConfirmSerializer)
        workflow.confirm(
            request.user,
            recommendation,
            document_number=payload["document_number"],
            document_date=payload["document_date"],
            document=payload.get("document"),
            request=request,
        )
        return Response(self.detail_data(recommendation))

    @extend_schema(request=None, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None):
        recommendation = self.get_object()
        require_recent_authentication(request)
        workflow.recommend(request.user, recommendation, request=request)
        return Response(self.detail_data(recommendation))

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def document(self, request, pk=None):
        """The scanned confirmation document; every download is on the audit trail."""
        recommendation = self.get_object()
        handle, content_type, name = workflow.open_confirmation_document(request.user, recommendation, request=request)
        return private_file_response(handle, content_type=content_type, name=name)
