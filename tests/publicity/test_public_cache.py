"""The public pages kept in the cache (bench/causes.md, cause 10): rendered once for everyone, one query per
visitor, and never older than the request — every change of what the lists show appears at once."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from awards.domain import revocation
from publicity.domain import objections, publication, publicity
from publicity.models import PublicityPeriod, PublishedList
from publicity.views import public

from .conftest import listed, running

pytestmark = pytest.mark.django_db
INDEX = reverse("publicity:index")
FINAL = reverse("publicity:final_lists")


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request in English leaves English active in the thread: the tests after these run in Chinese again."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def renders(monkeypatch):
    """Every rendering of the public page's lists."""
    calls = []
    render = public._render_lists

    def counted(now):
        calls.append(now)
        return render(now)

    monkeypatch.setattr(public, "_render_lists", counted)
    return calls


@pytest.fixture
def live(quality_list, samr_approver):
    return running(quality_list, samr_approver)


@pytest.fixture
def clock(monkeypatch):
    """Move the clock: ``clock(moment)``."""

    def move(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move


def page(client=None, **headers):
    response = (client or Client()).get(INDEX, **headers)
    assert response.status_code == 200
    return response.content.decode()


def options(html):
    return re.findall(r'<option value="(\d+)"', html)


def form(nomination, **fields):
    return {
        "nomination": str(nomination.pk),
        "name": "李四",
        "contact": "lisi@example.cn",
        "grounds": "该地方的产品质量合格率数据与抽检结果不符。",
        **fields,
    }


# ---------------------------------------------------------------- rendered once, one query (the counts at two
# sizes: tests/publicity/test_views.py)


def test_a_kept_page_is_rendered_once_and_costs_one_query(live, quality_list, renders, django_assert_num_queries):
    first = page()
    with django_assert_num_queries(1):
        later = page()

    assert len(renders) == 1
    assert options(later) == options(first) == [str(n.pk) for n in listed(quality_list)]


def test_every_visitor_gets_the_same_lists_and_a_form_of_their_own(live, quality_list, renders):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [page(first), page(second)]

    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1) for html in pages]
    assert tokens[0] != tokens[1] and len(renders) == 1
    assert pages[0].replace(tokens[0], "") == pages[1].replace(tokens[1], "")
    target = listed(quality_list)[0]
    assert second.post(INDEX, form(target)).status_code == 403
    assert second.post(INDEX, {**form(target), "csrfmiddlewaretoken": tokens[0]}).status_code == 403  # not its own
    response = second.post(INDEX, {**form(target), "csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302 and response["Location"] == reverse("publicity:receipt")


def test_a_refused_objection_comes_back_with_its_values_on_the_kept_page(live, quality_list, renders):
    page()
    target = listed(quality_list)[1]

    response = Client().post(INDEX, form(target, contact="12"))

    html = response.content.decode()
    assert response.status_code == 200 and "须为手机号码、固定电话" in html
    assert 'value="李四"' in html and "该地方的产品质量合格率数据与抽检结果不符。" in html and 'value="12"' in html
    assert f'<option value="{target.pk}" selected>' in html
    assert all(n.division.name in html for n in listed(quality_list))
    assert len(renders) == 1  # the lists came from the cache; only the form was rendered for this visitor
    assert f'<option value="{target.pk}" selected>' not in page()  # and the next visitor's form is blank


def english_client():
    """A visitor who chose English with the language switch (its cookie); a browser's Accept-Language is no choice."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_each_language_is_kept_apart(live, renders):
    chinese = page()
    english = page(english_client())

    assert "提出异议" in chinese and "提出异议" not in english
    assert "提出异议" in page() and "提出异议" not in page(english_client())
    assert "提出异议" in page(HTTP_ACCEPT_LANGUAGE="en")  # a browser set to English still reads the Chinese page
    assert len(renders) == 2


# ---------------------------------------------------------------- every change shows at once


def test_a_publication_shows_at_once(quality_list, samr_approver, known_calendar):
    assert "目前没有正在公示的名单" in page()

    publicity.publicise(samr_approver, quality_list, notice_title="关于拟认定名单的公示", notice_text="现予以公示。")

    html = page()
    assert "关于拟认定名单的公示" in html and "提交异议" in html
    assert options(html) == [str(n.pk) for n in listed(quality_list)]


def test_a_scheduled_period_shows_when_it_starts_and_as_ended_when_it_ends(
    quality_list, samr_approver, known_calendar, clock
):
    starts_at = timezone.now() + datetime.timedelta(days=1)
    notice = {"notice_title": "关于拟认定名单的公示", "notice_text": "现予以公示。"}
    period = publicity.publicise(samr_approver, quality_list, starts_at=starts_at, **notice)
    assert "关于拟认定名单的公示" not in page()

    clock(starts_at)
    html = page()
    assert "关于拟认定名单的公示" in html and "提交异议" in html and "公示已结束" not in html

    clock(period.ends_at)
    html = page()
    assert "关于拟认定名单的公示" in html and "公示已结束" in html and "提交异议" not in html

    clock(period.ends_at + public.RECENTLY_ENDED)
    assert "关于拟认定名单的公示" not in page()


def test_an_upheld_objection_takes_the_place_off_at_once(live, quality_list, samr_approver):
    first, target, third = listed(quality_list)
    filed = objections.submit_objection(
        live,
        nomination=target,
        name="王五",
        contact="13900000000",
        grounds="该地方申报的投诉办结率与实际情况不符。",
        ip="203.0.113.9",
    )
    assert target.division.name in page()

    objections.uphold(samr_approver, filed, resolution="经核查，申报数据与实际不符。")

    html = page()
    assert target.division.name not in html
    assert options(html) == [str(first.pk), str(third.pk)]
    rows = re.findall(r"<tr><td>(\d+)</td><td>[^<]*</td><th scope=\"row\">([^<]+)</th>", html)
    assert rows == [("1", first.division.name), ("2", third.division.name)]  # renumbered


def test_a_disqualification_takes_the_place_off_at_once(live, quality_list, samr_approver):
    first = listed(quality_list)[0]
    assert first.division.name in page()

    revocation.disqualify(samr_approver, first, finding="事后查明申报材料不实。")

    assert first.division.name not in page()


# ---------------------------------------------------------------- the final lists


@pytest.fixture
def finalised(live, quality_list, samr_approver, clock):
    clock(live.ends_at)
    publication.finalise(samr_approver, quality_list)
    return quality_list


def test_the_final_lists_cost_one_query_and_show_a_correction_at_once(
    finalised, samr_approver, django_assert_num_queries
):
    first = listed(finalised)[0]
    assert "第 1 版" in Client().get(FINAL).content.decode()
    with django_assert_num_queries(1):
        kept = Client().get(FINAL).content.decode()
    assert "第 1 版" in kept and first.division.name in kept

    revocation.disqualify(samr_approver, first, finding="事后查明弄虚作假。")
    publication.publish_correction(samr_approver, finalised, note="第一名取消资格。")

    corrected = Client().get(FINAL).content.decode()
    assert "第 2 版" in corrected and "第一名取消资格。" in corrected
    english = english_client().get(FINAL).content.decode()
    assert "第 2 版" not in english and "第一名取消资格。" in english


def test_another_database_with_the_same_ids_is_not_mistaken_for_this_one(finalised, live):
    """A copy of the database or a test database sharing the Redis: the same ids, other rows, other times."""
    page(), Client().get(FINAL)
    later = datetime.timedelta(seconds=1)
    PublicityPeriod.objects.filter(pk=live.pk).update(notice_title="另一库的公示", created_at=live.created_at + later)
    version = PublishedList.objects.get()
    PublishedList.objects.filter(pk=version.pk).update(note="另一库的说明", published_at=version.published_at + later)

    assert "另一库的公示" in page() and "另一库的说明" in Client().get(FINAL).content.decode()


def test_each_running_row_leads_to_the_form_with_its_locality_chosen(live, renders, quality_list):
    """Issue 19: "对此提出异议" on each row of a running list; the form opens with that locality selected."""
    html = page()
    targets = re.findall(r'href="\?target=(\d+)#objection-title"', html)
    assert targets == [str(n.pk) for n in listed(quality_list)]
    chosen = page(Client(), QUERY_STRING=f"target={targets[1]}")
    assert f'<option value="{targets[1]}" selected>' in chosen
    assert re.findall(r'<option value="(\d*)" selected>', chosen) == [targets[1]]
    for wrong in ("999999", "abc", ""):
        assert re.findall(r'<option value="(\d*)" selected>', page(Client(), QUERY_STRING=f"target={wrong}")) == [""]
    assert len(renders) == 1  # the lists still come from the cache; only the form is made for the link's visitor
