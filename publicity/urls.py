from django.urls import path

from .views import public, staff, stories

app_name = "publicity"

urlpatterns = [
    path("", public.index, name="index"),
    path("receipt/", public.receipt, name="receipt"),
    path("status/", public.objection_status, name="objection_status"),
    path("final/", public.final_lists, name="final_lists"),
    path("final/<int:pk>/", public.final_version, name="final_version"),
    path("stories/", stories.stories_page, name="stories"),
    path("stories/<int:pk>/", stories.story_page, name="story"),
    path("stories/manage/", stories.manage, name="stories_manage"),
    path("stories/<int:pk>/publish/", stories.toggle, name="story_toggle"),
    path("objections/", staff.queue, name="queue"),
    path("objections/<int:pk>/", staff.detail, name="objection"),
    path("objections/<int:pk>/evidence/", staff.evidence, name="evidence"),
    path("lists/<int:pk>/publicise/", staff.publicise, name="publicise"),
    path("lists/<int:pk>/finalise/", staff.finalise, name="finalise"),
    path("lists/<int:pk>/correction/", staff.correction, name="correction"),
]
