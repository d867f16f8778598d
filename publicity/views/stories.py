"""Success stories (art. 12): the public list and page, and SAMR's page to write, publish and withdraw them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import policy
from awards.models import Award

from ..domain import stories
from ..models import Story

PAGE_SIZE = 20
PEOPLE = ("award__nomination__division__province", "award__nomination__campaign")


class StoryForm(forms.Form):
    award = forms.ModelChoiceField(label=gettext_lazy("获得激励的地方"), queryset=Award.objects.none())
    title = forms.CharField(label=gettext_lazy("标题"), max_length=stories.MAX_TITLE)
    body = forms.CharField(label=gettext_lazy("正文"), widget=forms.Textarea(attrs={"rows": 10}))
    publish = forms.BooleanField(label=gettext_lazy("立即发布"), required=False)

    def __init__(self, *args, awards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = awards
        self.fields["award"].label_from_instance = lambda award: (
            f"{award.nomination.campaign.year} · {award.nomination.division.name} · "
            f"{award.nomination.get_category_display()}"
        )


def stories_page(request):
    """典型经验 (public): published stories of awarded localities."""
    rows = stories.public_stories().select_related(*PEOPLE)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publicity/stories.html", {"page": page})


def story_page(request, pk):
    story = get_object_or_404(stories.public_stories().select_related(*PEOPLE), pk=pk)
    return render(request, "publicity/story.html", {"story": story})


def _require_manager(request):
    if not policy.can(request.user, "story.manage", None):
        raise PermissionDenied


@login_required
def manage(request):
    """典型经验管理: write a story for an awarded locality; publish or withdraw."""
    _require_manager(request)
    awards = policy.visible(request.user, Award.objects.filter(revoked_at__isnull=True)).select_related(
        "nomination__division", "nomination__campaign"
    )
    form = StoryForm(request.POST or None, awards=awards)
    if request.method == "POST" and form.is_valid():
        try:
            stories.write_story(request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已保存典型经验。"))
            return redirect("publicity:stories_manage")
    rows = Story.objects.select_related(*PEOPLE, "award").order_by("-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publicity/stories_manage.html", {"form": form, "page": page})


@login_required
@require_POST
def toggle(request, pk):
    _require_manager(request)
    story = get_object_or_404(Story.objects.select_related("award"), pk=pk)
    published = request.POST.get("published") == "1"
    try:
        stories.set_published(request.user, story, published=published, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已发布。") if published else _("已撤下。"))
    return redirect("publicity:stories_manage")
