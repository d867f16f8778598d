from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api.views import MeView, TokenView
from accounts.views import home
from core.api.divisions import DivisionViewSet
from criteria.api.indicators import DiscrepancyViewSet, IndicatorValueViewSet
from criteria.api.views import CriteriaSetViewSet, IncidentViewSet
from nominations.api.export_views import ExportViewSet
from nominations.api.final_views import AwardTaskViewSet, AwardViewSet, SanctionViewSet
from nominations.api.national_views import AssignmentViewSet, InformationRequestViewSet, NationalListViewSet
from nominations.api.nomination_views import NominationViewSet, ProvinceRecommendationViewSet
from nominations.api.views import CampaignViewSet
from publicity import api as publicity_api

from .views import healthz

admin.site.site_header = _("激励推荐认定平台 · 管理")
admin.site.site_title = _("激励推荐认定平台")
admin.site.index_title = _("系统管理")

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
    path("me/", MeView.as_view(), name="api-me"),
    *router.urls,
]

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("criteria/", include("criteria.urls")),
    path("nominations/", include("nominations.urls")),
    path("publicity/", include("publicity.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("healthz/", healthz, name="healthz"),
]
