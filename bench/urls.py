"""The portal's URLs plus the baseline and floor views, which exist only on the benchmark's server."""

from django.urls import include, path

from .views import FloorApi, baseline, floor_page

urlpatterns = [
    path("bench/baseline/", baseline, name="bench-baseline"),
    path("bench/floor/page/", floor_page, name="bench-floor-page"),
    path("bench/floor/api/", FloorApi.as_view(), name="bench-floor-api"),
    path("", include("config.urls")),
]
