from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from portal.views import home

from .api import api_v1
from .views import healthz

admin.site.site_header = _("激励推荐认定平台 · 管理")
admin.site.site_title = _("激励推荐认定平台")
admin.site.index_title = _("系统管理")

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("criteria/", include("criteria.urls")),
    path("nominations/", include("nominations.urls")),
    path("nominations/", include("national.urls")),
    path("nominations/", include("awards.urls")),
    path("publicity/", include("publicity.urls")),
    path("", include("documents.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("healthz/", healthz, name="healthz"),
]
