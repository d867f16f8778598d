"""The API of the final stage (issue 6, docs/api.md "Final list, awards and sanctions"): awards and their
revocation (art. 10, 11, 14, 15), the awarded localities' tasks (art. 13), the sanctions in force (art. 14).

As elsewhere: querysets from ``policy.visible``; each change is one domain call that authorises, locks and audits.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import policy
from accounts.security import require_recent_authentication
from core.api.filters import IdFilter
from core.api.views import DomainViewMixin
from criteria.domain import sanctions
from criteria.enums import Category, SanctionKind
from criteria.models import Sanction
from national.api.serializers import NationalListSerializer
from nominations.api.nomination_serializers import NominationSerializer
from nominations.domain.campaigns import campaign_year_at

from ..domain import award_tasks, fraud, revocation
from ..domain import measures as award_measures
from ..domain.report import report
from ..models import Award, AwardTask, FraudFinding, TaskStatus
from .serializers import (
    AchievementInputSerializer,
    AchievementSerializer,
    AwardSerializer,
    AwardTaskInputSerializer,
    AwardTaskSerializer,
    DisqualifyInputSerializer,
    FraudFindingSerializer,
    FraudReferralInputSerializer,
    MeasuresInputSerializer,
    ReportInputSerializer,
    RevokeInputSerializer,
    SanctionLiftInputSerializer,
    SanctionSerializer,
    TaskReportInputSerializer,
)


class AwardFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="nomination__campaign_id", label=_("年度工作编号"))
    category = django_filters.ChoiceFilter(field_name="nomination__category", choices=Category.choices)
    revoked = django_filters.BooleanFilter(field_name="revoked_at", lookup_expr="isnull", exclude=True)
    division = django_filters.CharFilter(field_name="nomination__division__code", label=_("区划代码"))

    class Meta:
        model = Award
        fields = ["campaign", "category", "revoked", "division"]


class AwardViewSet(DomainViewMixin, viewsets.ReadOnlyModelViewSet):
    """The awards (激励) granted when the list is reported, with their measures; SAMR leadership revokes."""

    serializer_class = AwardSerializer
    filterset_class = AwardFilter

    def get_queryset(self):
        queryset = Award.objects.select_related(
            "nomination__division", "nomination__campaign", "granted_by", "revoked_by"
        ).order_by("-granted_at", "nomination__division__code", "pk")
        return policy.visible(self.request.user, queryset)

    @extend_schema(request=RevokeInputSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke (撤销): art. 15 with the incident (in the award year, government responsibility), or another
        reason such as fraud found later (art. 14; prefer ``/nominations/{id}/disqualify/`` with ``fraud``, which
        also starts the sanctions)."""
        award = self.get_object()
        require_recent_authentication(request)
        payload = self.validated(RevokeInputSerializer)
        revocation.revoke_award(
            request.user, award, reason=payload["reason"], incident=payload["incident"], request=request
        )
        return Response(self.detail_data(award))

    @extend_schema(request=MeasuresInputSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"])
    def measures(self, request, pk=None):
        """调整激励措施 (SAMR leadership): the award's measures, replaced, with the reason; art. 10(1) and 10(4) only
        where the achievement is recorded (``/nominations/{id}/achievements/``)."""
        award = self.get_object()
        payload = self.validated(MeasuresInputSerializer)
        award_measures.set_measures(request.user, award, request=request, **payload)
        return Response(self.detail_data(award))


class AwardTaskFilter(django_filters.FilterSet):
    award = IdFilter(field_name="award_id")
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)

    class Meta:
        model = AwardTask
        fields = ["award", "status"]


class AwardTaskViewSet(DomainViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks of awarded localities (art. 13): SAMR assigns; the locality reports done or a problem."""

    serializer_class = AwardTaskSerializer
    filterset_class = AwardTaskFilter

    def get_queryset(self):
        queryset = AwardTask.objects.select_related("award__nomination__division", "assigned_by").order_by(
            "due_on", "pk"
        )
        return policy.visible(self.request.user, queryset)

    @extend_schema(request=AwardTaskInputSerializer, responses={201: AwardTaskSerializer})
    def create(self, request):
        payload = self.validated(AwardTaskInputSerializer)
        award = payload.pop("award")
        task = award_tasks.assign_task(request.user, award, request=request, **payload)
        return Response(self.detail_data(task), status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskReportInputSerializer, responses=AwardTaskSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        task = self.get_object()
        payload = self.validated(TaskReportInputSerializer)
        award_tasks.report_task(request.user, task, request=request, **payload)
        return Response(self.detail_data(task))


class SanctionFilter(django_filters.FilterSet):
    division = django_filters.CharFilter(field_name="division__code", label=_("区划代码"))
    kind = django_filters.ChoiceFilter(choices=SanctionKind.choices)

    class Meta:
        model = Sanction
        fields = ["division", "kind"]


class SanctionViewSet(DomainViewMixin, viewsets.ReadOnlyModelViewSet):
    """Timed disqualifications (art. 14), in campaign years: SAMR sees all; a province those on itself and its
    localities; a locality its own. ``in_force`` is for the campaign year of today."""

    serializer_class = SanctionSerializer
    filterset_class = SanctionFilter

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "campaign_year": campaign_year_at(timezone.localdate())}

    def get_queryset(self):
        # The application concerned is the one the fraud finding that started the sanction was about.
        concerned = FraudFinding.sanctions.through.objects.filter(sanction_id=OuterRef("pk")).values(
            "fraudfinding__nomination_id"
        )
        queryset = (
            Sanction.objects.select_related("division")
            .annotate(nomination_id=Subquery(concerned[:1]))
            .order_by("-starts_on", "pk")
        )
        return policy.visible(self.request.user, queryset)

    @extend_schema(request=SanctionLiftInputSerializer, responses=SanctionSerializer)
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        """解除资格限制: end it before its last year by a recorded decision (SAMR leadership)."""
        found = self.get_object()
        require_recent_authentication(request)
        payload = self.validated(SanctionLiftInputSerializer)
        sanctions.lift(request.user, found, request=request, **payload)
        return Response(self.detail_data(found))


class ReportActions:
    """``POST /api/v1/national-lists/{id}/report/`` (SAMR leadership), added to the national lists' viewset by the
    root URLconf (``config/api.py``), which provides ``get_object``, ``validated`` and ``detail_data``."""

    @extend_schema(request=ReportInputSerializer, responses=NationalListSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Record the report to the State Council General Office (art. 7(4)); the listed localities are awarded."""
        found = self.get_object()
        require_recent_authentication(request)
        payload = self.validated(ReportInputSerializer)
        report(request.user, found, request=request, **payload)  # entry_measures: {application id: codes}
        return Response(self.detail_data(found))


class DisqualifyActions:
    """The final stage's routes on an application, added to the applications' viewset by the root URLconf
    (``config/api.py``), which provides ``get_object``, ``transition`` and ``validated``: ``disqualify/`` (SAMR
    leadership), the fraud findings about it and their referrals (art. 14), the achievements art. 10(1) and 10(4)
    rest on."""

    @extend_schema(request=DisqualifyInputSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def disqualify(self, request, pk=None):
        """取消资格 (SAMR leadership): the application leaves the process and the list; with ``fraud`` (art. 14) the
        locality may not apply for 3 years, its province may not recommend next year, and an award is revoked."""
        self.get_object()  # another jurisdiction's application is a 404 before anything else
        require_recent_authentication(request)
        return self.transition(request, revocation.disqualify, DisqualifyInputSerializer)

    @extend_schema(methods=["GET"], request=None, responses=AchievementSerializer(many=True))
    @extend_schema(methods=["POST"], request=AchievementInputSerializer, responses={201: AchievementSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def achievements(self, request, pk=None):
        """工作成效 on which art. 10(1) and 10(4) rest: ``GET`` lists them (who sees the application); ``POST`` records
        one (SAMR staff, 201), refused for the 质量工作 category or an application no longer in the process."""
        nomination = self.get_object()
        if request.method == "POST":
            payload = self.validated(AchievementInputSerializer)
            achievement = award_measures.record_achievement(request.user, nomination, request=request, **payload)
            return Response(AchievementSerializer(achievement).data, status=status.HTTP_201_CREATED)
        rows = nomination.achievements.select_related("recorded_by").order_by("field")
        return Response(AchievementSerializer(rows, many=True).data)

    @extend_schema(request=None, responses=FraudFindingSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="fraud-findings", pagination_class=None, filter_backends=[])
    def fraud_findings(self, request, pk=None):
        """The fraud findings about the application (art. 14): its own, or the one on its locality's other
        application of the year that took it back; who committed it, the sanctions, the referrals."""
        nomination = self.get_object()
        return Response(FraudFindingSerializer(fraud.findings_concerning(nomination), many=True).data)

    @extend_schema(request=FraudReferralInputSerializer, responses={201: FraudFindingSerializer})
    @action(detail=True, methods=["post"], url_path="fraud-referrals")
    def fraud_referrals(self, request, pk=None):
        """建议相关地方人民政府依法依规给予处理 (art. 14, SAMR leadership): recorded on the application's own fraud
        finding; 400 without one."""
        nomination = self.get_object()
        if not policy.can(request.user, "fraud_finding.refer", FraudFinding(nomination=nomination)):
            raise PermissionDenied
        payload = self.validated(FraudReferralInputSerializer)
        found = FraudFinding.objects.filter(nomination=nomination).order_by("-decided_at", "-pk").first()
        if found is None:
            raise ValidationError(_("该申报没有弄虚作假认定，不能登记处理建议。"))
        fraud.refer(request.user, found, request=request, **payload)
        return Response(
            FraudFindingSerializer(fraud.findings_concerning(nomination).get(pk=found.pk)).data,
            status=status.HTTP_201_CREATED,
        )
