"""Success stories (art. 12): SAMR writes and publishes them; the public sees those of awards that stand."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Award
from nominations.enums import NominationState
from provinces.enums import Level
from provinces.models import Division
from publicity.domain import stories
from publicity.models import Story

from ..nominations.test_nominations_api import make

pytestmark = pytest.mark.django_db
S = NominationState


def awarded(campaign, user, code):
    nomination = make(campaign, code, user, state=S.AWARDED)
    return Award.objects.create(nomination=nomination, measures=["q_pilot"], granted_at=timezone.now(), granted_by=user)


@pytest.fixture
def award(campaign, samr_approver):
    return awarded(campaign, samr_approver, "440902")


def test_write_publish_and_withdraw(award, samr_reviewer, client):
    story = stories.write_story(samr_reviewer, award, title="茂南区“一件事”集成改革", body="做法与成效……")
    assert not story.is_published
    assert story not in stories.public_stories()
    stories.set_published(samr_reviewer, story, published=True)
    page = client.get(reverse("publicity:stories"))
    assert page.status_code == 200 and "茂南区“一件事”集成改革" in page.content.decode()
    assert client.get(reverse("publicity:story", args=[story.pk])).status_code == 200
    stories.set_published(samr_reviewer, story, published=False)
    assert client.get(reverse("publicity:story", args=[story.pk])).status_code == 404


def test_a_revoked_award_leaves_the_public_page(award, samr_reviewer, client):
    story = stories.write_story(samr_reviewer, award, title="经验", body="正文", publish=True)
    Award.objects.filter(pk=award.pk).update(revoked_at=timezone.now())
    assert client.get(reverse("publicity:story", args=[story.pk])).status_code == 404
    with pytest.raises(ValidationError, match="已撤销"):
        stories.set_published(samr_reviewer, Story.objects.get(pk=story.pk), published=True)


@pytest.mark.parametrize(("title", "body", "message"), [("", "正文", "请填写标题"), ("标题", " ", "请填写正文")])
def test_bad_input_stores_nothing(award, samr_reviewer, title, body, message):
    with pytest.raises(ValidationError, match=message):
        stories.write_story(samr_reviewer, award, title=title, body=body)
    assert not Story.objects.exists()


def test_only_samr_staff(award, province_reviewer, county_clerk):
    for user in (province_reviewer, county_clerk):
        with pytest.raises(PermissionDenied):
            stories.write_story(user, award, title="t", body="b")
        client = Client()
        client.force_login(user)
        assert client.get(reverse("publicity:stories_manage")).status_code == 403


def test_the_manage_page(award, samr_reviewer):
    client = Client()
    client.force_login(samr_reviewer)
    url = reverse("publicity:stories_manage")
    assert client.post(url, {"award": award.pk, "title": "", "body": ""}).status_code == 200
    assert not Story.objects.exists()
    response = client.post(url, {"award": award.pk, "title": "经验", "body": "正文", "publish": "on"})
    assert response.status_code == 302 and Story.objects.get().is_published
    client.post(reverse("publicity:story_toggle", args=[Story.objects.get().pk]), {"published": "0"})
    assert not Story.objects.get().is_published


@pytest.mark.parametrize("size", [1, 5])
def test_the_public_page_runs_a_constant_number_of_queries(size, campaign, samr_reviewer, client):
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:size]
    for county in counties:
        stories.write_story(
            samr_reviewer, awarded(campaign, samr_reviewer, county.code), title="经验", body="正文", publish=True
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("publicity:stories"))
    assert len(response.context["page"]) == size
    assert len(queries) == 2  # count, page
