"""The portal's URLs plus the baseline view, which exists only on the benchmark's server."""

from django.urls import include, path

from .views import baseline

urlpatterns = [
    path("bench/baseline/", baseline, name="bench-baseline"),
    path("", include("config.urls")),
]
