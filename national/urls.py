from django.urls import path

from .views import evaluation, information, lists

app_name = "national"

# Under /nominations/ (the root URLconf), where SAMR's pages have always been.
urlpatterns = [
    path("national/", evaluation.candidates, name="candidates"),
    path("national/<str:category>/list/", lists.list_page, name="national_list"),
    path("national/<str:category>/list/add/<int:pk>/", lists.list_add, name="national_list_add"),
    path("national/<str:category>/list/remove/<int:pk>/", lists.list_remove, name="national_list_remove"),
    path("national/<str:category>/list/approve/", lists.list_approve, name="national_list_approve"),
    path("national/<str:category>/list/suggestion/", lists.list_accept_suggestion, name="national_list_suggestion"),
    path("<int:pk>/national/", evaluation.evaluation_page, name="evaluation"),
    path("<int:pk>/national/assignments/<int:assignment_pk>/unassign/", evaluation.unassign, name="unassign"),
    path("<int:pk>/opinion/", evaluation.opinion, name="opinion"),
    path("expert/", evaluation.expert_tasks, name="expert_tasks"),
    path("province/information-requests/", information.information_requests, name="information_requests"),
    path("information-requests/<int:pk>/answer/", information.answer, name="information_answer"),
]
