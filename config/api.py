"""The REST API's composition (``/api/v1/``, docs/api.md): each stage's viewsets on one router.

Two resources are worked on by several stages: an application (``/nominations/{id}/``: the applicant's and the
province's actions, SAMR's evaluation, disqualification) and a national list (``/national-lists/{id}/``: SAMR's
balance and approval, publicity and finalisation, the report). Each stage contributes its routes as a class of
actions, and the viewsets are assembled here, above every app, so that no app imports one above it
(docs/architecture.md).
"""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api.views import MeView, RevokeAllTokensView, RevokeTokenView, TokenView
from awards.api.views import AwardTaskViewSet, AwardViewSet, DisqualifyActions, ReportActions, SanctionViewSet
from core.api.divisions import DivisionViewSet
from criteria.api.indicators import IndicatorValueViewSet
from criteria.api.views import CriteriaSetViewSet, IncidentViewSet
from documents.api import ExportViewSet
from national.api import views as national_api
from national.api.views import AssignmentViewSet, InformationRequestViewSet, NationalEvaluationActions
from nominations.api import nomination_views as nominations_api
from nominations.api.discrepancies import DiscrepancyViewSet
from nominations.api.nomination_views import ProvinceRecommendationViewSet
from nominations.api.views import CampaignViewSet
from publicity import api as publicity_api
from publicity.api import PublicityActions


class NominationViewSet(DisqualifyActions, NationalEvaluationActions, nominations_api.NominationViewSet):
    __doc__ = nominations_api.NominationViewSet.__doc__


class NationalListViewSet(ReportActions, PublicityActions, national_api.NationalListViewSet):
    __doc__ = national_api.NationalListViewSet.__doc__


router = DefaultRouter()
router.register("divisions", DivisionViewSet, basename="division")
router.register("criteria-sets", CriteriaSetViewSet, basename="criteria-set")
router.register("incidents", IncidentViewSet, basename="incident")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("discrepancies", DiscrepancyViewSet, basename="discrepancy")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("nominations", NominationViewSet, basename="nomination")
router.register("province-recommendations", ProvinceRecommendationViewSet, basename="province-recommendation")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("national-lists", NationalListViewSet, basename="national-list")
router.register("information-requests", InformationRequestViewSet, basename="information-request")
publicity_api.register(router)
router.register("awards", AwardViewSet, basename="award")
router.register("award-tasks", AwardTaskViewSet, basename="award-task")
router.register("sanctions", SanctionViewSet, basename="sanction")
router.register("exports", ExportViewSet, basename="export")

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/token/revoke/", RevokeTokenView.as_view(), name="api-token-revoke"),
    path("auth/token/revoke-all/", RevokeAllTokensView.as_view(), name="api-token-revoke-all"),
    path("me/", MeView.as_view(), name="api-me"),
    *router.urls,
]
