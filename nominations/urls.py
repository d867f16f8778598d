from django.urls import path

from .views import applications, campaigns, experiences, province

app_name = "nominations"

urlpatterns = [
    path("", applications.my_list, name="my_list"),
    path("new/", applications.create, name="create"),
    path("<int:pk>/", applications.detail, name="detail"),
    path("<int:pk>/answers/", applications.save_answers, name="save_answers"),
    path("<int:pk>/attachments/", applications.upload, name="upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", applications.download, name="download"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", applications.remove_attachment, name="remove_attachment"),
    path("<int:pk>/submit/", applications.submit, name="submit"),
    path("<int:pk>/withdraw/", applications.withdraw, name="withdraw"),
    path("<int:pk>/return/", province.return_for_revision, name="return"),
    path("<int:pk>/verify/", province.verify, name="verify"),
    path("<int:pk>/reject/", province.reject, name="reject"),
    path("<int:pk>/review/", province.review, name="review"),
    path("<int:pk>/shortlist/", province.shortlist, name="shortlist"),
    path("<int:pk>/unshortlist/", province.unshortlist, name="unshortlist"),
    path("province/", province.queue, name="queue"),
    path("province/<str:category>/ranking/", province.ranking, name="ranking"),
    path("province/<str:category>/recommendation/", province.recommendation, name="recommendation"),
    path("province/<str:category>/confirm/", province.confirm, name="confirm"),
    path("province/<str:category>/recommend/", province.recommend, name="recommend"),
    path("province/experiences/", experiences.typical_experiences, name="typical_experiences"),
    path("notice/", campaigns.notice, name="notice"),
    path("notice/file/", campaigns.notice_file, name="notice_file"),
    path("notice/acknowledge/", campaigns.acknowledge, name="acknowledge"),
    path("notice/acknowledgements/", campaigns.board, name="acknowledgements"),
    path("recommendations/<int:pk>/document/", province.confirmation_document, name="confirmation_document"),
]
