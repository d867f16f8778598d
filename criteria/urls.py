from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/import/", views.indicator_import, name="indicator_import"),
]
