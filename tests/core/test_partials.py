"""htmx updates parts of pages in place: the same view answers htmx with the part and the browser with the page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nominations.enums import NominationState

from ..nominations.test_views import signed_in, verified_in

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}

LISTS = [
    ("province_reviewer", "nominations:queue", "queue"),
    ("samr_reviewer", "national:candidates", "candidates"),
    ("samr_reviewer", "publicity:queue", "objections"),
]


@pytest.mark.parametrize(("persona", "name", "panel"), LISTS, indirect=["persona"])
def test_a_filtered_list_answers_htmx_with_its_panel(persona, name, panel, campaign):
    client = signed_in(persona)
    url = reverse(name)

    page = client.get(url, {"category": "quality"})
    fragment = client.get(url, {"category": "quality"}, headers=HTMX)
    restored = client.get(url, {"category": "quality"}, headers=HISTORY_RESTORE)

    text = fragment.content.decode()
    assert text.lstrip().startswith(f'<div id="{panel}-panel">') and "<html" not in text and "<header" not in text
    assert f'id="{panel}-results"' in text and f'id="{panel}-results"' in page.content.decode()
    # The filter form asks for its own page on every change and puts only the results in place.
    form = re.search(r'<form method="get" class="filters"[^>]*>', text).group(0)
    assert f'hx-get="{url}"' in form and f'hx-select="#{panel}-results"' in form and 'hx-push-url="true"' in form
    # The browser's history gets whole pages; caches keep the two answers apart.
    assert restored.content.decode().lstrip().startswith("<!doctype html>")
    assert page.content.decode().lstrip().startswith("<!doctype html>")
    assert all("HX-Request" in response["Vary"] for response in (page, fragment, restored))


@pytest.mark.parametrize("size", [1, 4])
def test_the_queue_panel_takes_no_more_queries_than_the_page(size, campaign, province_reviewer):
    for index in range(size):
        verified_in(campaign, ["440902", "440904", "440111", "440106"][index])
    client = signed_in(province_reviewer)
    url = reverse("nominations:queue")
    client.get(url)  # warm the process-wide caches
    with CaptureQueriesContext(connection) as page_queries:
        client.get(url)
    with CaptureQueriesContext(connection) as fragment_queries:
        assert len(client.get(url, headers=HTMX).context["page"]) == size
    assert len(fragment_queries) <= len(page_queries), [q["sql"] for q in fragment_queries.captured_queries]


def ranking_order(text):
    return [int(pk) for pk in re.findall(r'name="move" value="up:(\d+)"', text)]


def test_a_move_answers_htmx_with_the_ranking_panel_and_its_message(campaign, province_reviewer):
    first, second = (verified_in(campaign, code) for code in ("440902", "440904"))
    client = signed_in(province_reviewer)
    url = reverse("nominations:ranking", args=["quality"])
    page = client.get(url).content.decode()
    form = re.search(r'<form method="post" novalidate[^>]*>', page).group(0)
    assert f'hx-post="{url}"' in form and 'hx-target="#ranking-panel"' in form
    before = ranking_order(page)

    # htmx follows the redirect after the POST with its own header: the answer is the panel with the message.
    response = client.post(url, {"move": f"down:{before[0]}"}, headers=HTMX, follow=True)

    text = response.content.decode()
    assert '<div id="ranking-panel">' in text and "<html" not in text
    assert "排序已保存。" in text and ranking_order(text) == [before[1], before[0]]
    assert {first.pk, second.pk} == set(before)
    # The message was shown in the panel, not kept for the next page.
    assert "排序已保存。" not in client.get(url).content.decode()


def test_a_refused_move_shows_the_error_in_the_panel(campaign, province_reviewer):
    nomination = verified_in(campaign, "440902")
    client = signed_in(province_reviewer)
    url = reverse("nominations:ranking", args=["quality"])

    response = client.post(url, {f"order-{nomination.pk}": "0"}, headers=HTMX)

    text = response.content.decode()
    assert response.status_code == 200 and '<div id="ranking-panel">' in text and "<html" not in text
    assert 'class="form-errors" role="alert"' in text and "的位次" in text
    nomination.refresh_from_db()
    assert nomination.province_rank is None


def test_a_removal_from_the_shortlist_answers_with_the_panel(campaign, province_reviewer):
    nomination = verified_in(campaign, "440902")
    client = signed_in(province_reviewer)
    client.post(reverse("nominations:shortlist", args=[nomination.pk]), {"confirm": "on"})
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SHORTLISTED
    page = client.get(reverse("nominations:ranking", args=["quality"])).content.decode()
    assert f'formaction="{reverse("nominations:unshortlist", args=[nomination.pk])}"' in page

    response = client.post(reverse("nominations:unshortlist", args=[nomination.pk]), headers=HTMX, follow=True)

    nomination.refresh_from_db()
    assert nomination.state == NominationState.VERIFIED
    assert '<div id="ranking-panel">' in response.content.decode() and "移出拟推荐名单" in response.content.decode()
