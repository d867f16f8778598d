# ruff: noqa: F811 - the campaign fixture imported from tests/nominations is redefined as an argument
"""The interactive parts in a real browser: ranking with the keyboard, by dragging and in place (htmx), an
export's progress updated in place, the live filters, the balance settings and charts, and a realistic campaign
(the demo) on a tablet's screen for every role, with nothing loaded from another host and no script error."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.accounts import DEMO_PASSWORD
from documents.domain import exports
from documents.exports import exporter_for
from documents.models import Export
from national.models import NationalList
from nominations.models import Nomination

from ..nominations.conftest import campaign  # noqa: F401 (a fixture)
from ..nominations.test_views import verified_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
MARK = "window.__samePage = true"
SAME_PAGE = "window.__samePage === true"  # still the page loaded before: htmx changed a part of it


def ranking_order(page):
    values = page.locator("button[name=move][value^='up:']").evaluate_all("buttons => buttons.map(b => b.value)")
    return [int(value.split(":")[1]) for value in values]


def wait_for_order(page, order):
    page.wait_for_function(
        """expected => [...document.querySelectorAll("button[name=move][value^='up:']")]
            .map(b => b.value.split(":")[1]).join() === expected""",
        arg=",".join(str(pk) for pk in order),
    )


def wait_for_focus(page, value):
    """htmx puts the new part in, then settles it; ranking.js gives the focus back once it has settled."""
    page.wait_for_function("value => document.activeElement && document.activeElement.value === value", arg=value)


def saved_order(pks):
    return list(Nomination.objects.filter(pk__in=pks).order_by("province_rank").values_list("pk", flat=True))


def test_ranking_with_the_keyboard_by_dragging_and_in_place(visit, shot, campaign, province_reviewer):
    pks = [verified_in(campaign, code).pk for code in ("440902", "440904", "440111")]
    page = visit(province_reviewer)
    page.goto("/nominations/province/quality/ranking/")
    page.evaluate(MARK)
    first, second, third = ranking_order(page)
    assert sorted((first, second, third)) == sorted(pks)

    # The keyboard: 下移 on the first row, twice; the focus stays on the row's control after each answer.
    page.locator(f"button[name=move][value='down:{first}']").focus()
    page.keyboard.press("Enter")
    wait_for_order(page, [second, first, third])
    wait_for_focus(page, f"down:{first}")
    assert saved_order(pks) == [second, first, third]
    page.keyboard.press("Enter")
    wait_for_order(page, [second, third, first])
    # At the bottom 下移 is disabled: the focus goes to the same row's 上移.
    wait_for_focus(page, f"up:{first}")
    assert "排序已保存。" in page.locator("#ranking-panel .messages").inner_text()

    # Dragging the last row onto the top half of the first one, then saving.
    page.locator(f"tr:has(button[value='up:{first}'])").drag_to(
        page.locator(f"tr:has(button[value='up:{second}'])"), target_position={"x": 40, "y": 4}
    )
    assert page.locator("#drag-rank-status").is_visible()
    assert ranking_order(page) == [first, second, third]  # reordered in the page, not yet saved
    assert saved_order(pks) == [second, third, first]
    shot(page, "ranking-dragged")
    page.get_by_role("button", name="按填写的位次保存排序").click()
    page.wait_for_function("() => !document.querySelector('#drag-rank-status:not([hidden])')")
    wait_for_order(page, [first, second, third])
    assert saved_order(pks) == [first, second, third]
    assert page.evaluate(SAME_PAGE), "the ranking reloaded the page instead of updating it in place"
    assert page.errors == [] and page.foreign_requests == []


def test_an_export_shows_its_progress_in_place(visit, campaign, province_reviewer):
    params = exporter_for("province_queue").clean(province_reviewer, {"campaign": campaign.pk, "format": "csv"})
    export = Export.objects.create(kind="province_queue", params=params, title="本省申报", created_by=province_reviewer)
    page = visit(province_reviewer)
    page.goto(f"/nominations/exports/{export.pk}/")
    page.evaluate(MARK)

    Export.objects.filter(pk=export.pk).update(progress=40, message="正在排队")
    page.wait_for_function("() => document.querySelector('#export-status progress')?.value === 40")
    exports.run(export.pk)
    download = page.get_by_role("link", name="下载")
    download.wait_for()

    assert page.evaluate(SAME_PAGE)
    assert download.get_attribute("href") == f"/nominations/exports/{export.pk}/file/"
    page.wait_for_timeout(2500)  # the finished part has no trigger: no more requests
    assert page.errors == [] and page.foreign_requests == []


def overflow(page):
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


TABLET = (768, 1024)
PAGES = {
    "maonan": ["/", "/nominations/"],
    "gd_reviewer": ["/", "/nominations/province/", "/nominations/province/quality/ranking/"],
    "samr_reviewer": ["/", "/nominations/national/", "/nominations/national/quality/list/", "/publicity/objections/"],
    "expert": ["/"],
    "admin": ["/"],
}


def test_a_realistic_campaign_on_a_tablet(visit, shot):
    call_command("seed_demo", stage="national", stdout=StringIO())
    users = {user.username: user for user in User.objects.filter(username__in=PAGES)}

    for username, urls in PAGES.items():
        page = visit(users[username], viewport=TABLET, password=DEMO_PASSWORD)
        for url in urls:
            page.goto(url)
            assert page.locator("h1").count(), f"{username} {url}: {page.content()[:500]}"
            assert overflow(page) <= 0, f"{username} {url} is {overflow(page)}px wider than a tablet"
        page.goto("/")
        shot(page, f"tablet-{username}")
        assert page.errors == [] and page.foreign_requests == [], (username, page.errors, page.foreign_requests)

    # The national board's progress chart and the balance charts are drawn by the locally served Chart.js.
    samr = visit(users["samr_reviewer"], password=DEMO_PASSWORD)
    samr.goto("/")
    samr.locator("canvas[data-chart='national-progress-data'][data-drawn]").wait_for()
    samr.goto("/nominations/national/quality/list/")
    region_chart = samr.locator("canvas[data-chart='by-region-data'][data-drawn]")
    region_chart.wait_for()
    assert region_chart.bounding_box()["height"] > 50

    # The balance settings: a western bonus of 3, saved, and the ranking shows it apart from the raw score.
    samr.fill("input[name=bonus_west]", "3")
    samr.get_by_role("button", name="保存设置").click()
    samr.wait_for_load_state()
    assert "已保存综合平衡设置。" in samr.locator(".messages").inner_text()
    assert NationalList.objects.get(category="quality").bonus_west == 3
    shot(samr, "balance-charts", samr.locator("section[aria-labelledby=balance-title]"))

    # The candidates' filters answer in place and keep the address.
    samr.goto("/nominations/national/")
    samr.evaluate(MARK)
    samr.select_option("select[name=province]", label="青海省")
    samr.wait_for_url("**province=*")
    rows = samr.locator("#candidates-results tbody tr")
    rows.first.wait_for()
    provinces = {text.strip() for text in samr.locator("#candidates-results tbody td:nth-child(2)").all_inner_texts()}
    assert provinces == {"青海省"}
    assert samr.evaluate(SAME_PAGE)
    samr.go_back()
    samr.wait_for_function("() => !location.search.includes('province=')")
    assert samr.errors == [] and samr.foreign_requests == []
