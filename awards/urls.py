from django.urls import path

from . import views

app_name = "awards"

# Under /nominations/ (the root URLconf), where these pages have always been.
urlpatterns = [
    path("national/<str:category>/report/", views.report, name="national_list_report"),
    path("awards/", views.award_list, name="awards"),
    path("awards/<int:pk>/", views.award_detail, name="award"),
    path("awards/<int:pk>/tasks/<int:task_pk>/report/", views.task_report, name="task_report"),
    path("<int:pk>/disqualify/", views.disqualify, name="disqualify"),
    path("<int:pk>/achievements/", views.achievements, name="achievements"),
    path("<int:pk>/fraud/", views.fraud_finding, name="fraud"),
    path("fraud-findings/", views.fraud_findings, name="fraud_findings"),
]
