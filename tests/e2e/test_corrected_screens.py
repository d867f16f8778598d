# ruff: noqa: F811 - fixtures imported from other test modules are redefined as arguments
"""Issue 19, "wrong today": the four screens a close look found wrong, each seen in the browser as its user sees it,
with a screenshot in var/e2e/.

- the SAMR head's approval of a national list names each entry before the irreversible step (it showed "（）—");
- a stacked bar of the dashboards ends where its axis says (a category of 6 applications ended at about 4.8);
- 新建申报 is not offered once every category has its application, and the page says why;
- the report letter's page warns that a number without its serial makes a draft for review (送审稿).
"""

import pytest
from django.urls import reverse

from national.domain import national_list
from nominations.domain import applications
from nominations.enums import NominationState
from provinces.enums import Level
from provinces.models import Division

from ..documents.conftest import published  # noqa: F401 (a fixture)
from ..nominations.conftest import campaign  # noqa: F401 (a fixture)
from ..nominations.test_nominations_api import make

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
S = NominationState


def guangdong_counties(count):
    return list(Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:count])


def test_the_approval_page_names_every_entry(visit, shot, campaign, county_clerk, samr_reviewer, samr_approver):
    the_list = national_list.national_list_for(campaign, "quality")
    for county, score in zip(guangdong_counties(3), (91, 88, 86), strict=True):
        nomination = make(campaign, county.code, county_clerk, state=S.EVALUATED, national_score=score)
        national_list.add(samr_reviewer, the_list, nomination)

    page = visit(samr_approver)
    page.goto(reverse("national:national_list_approve", args=["quality"]))
    rows = page.locator("main table tbody tr").evaluate_all(
        "rows => rows.map(row => [...row.cells].map(cell => cell.innerText.trim()))"
    )
    names = [county.name for county in guangdong_counties(3)]
    assert rows == [
        ["1", names[0], "广东省", "县级", "91.00", "1"],
        ["2", names[1], "广东省", "县级", "88.00", "2"],
        ["3", names[2], "广东省", "县级", "86.00", "3"],
    ]
    assert "（）" not in page.locator("main").inner_text()
    shot(page, "national-list-approve")
    assert not page.errors


STACK_ENDS = """() => [...document.querySelectorAll("canvas[data-chart]")].flatMap(canvas => {
  const chart = Chart.getChart(canvas);
  const axis = chart.options.indexAxis === "y" ? chart.scales.x : chart.scales.y;
  if (!axis.options.stacked) return [];
  return chart.data.labels.map((label, index) => {
    const total = chart.data.datasets.reduce((sum, dataset) => sum + dataset.data[index], 0);
    const ends = chart.data.datasets.map((dataset, d) => chart.getDatasetMeta(d).data[index])
      .filter((bar, d) => chart.data.datasets[d].data[index] > 0)
      .map(bar => chart.options.indexAxis === "y" ? bar.x : bar.y);
    return [label, total, ends.length ? Math.round(axis.getValueForPixel(
      chart.options.indexAxis === "y" ? Math.max(...ends) : Math.min(...ends)) * 100) / 100 : 0];
  });
})"""


def test_a_stacked_bar_ends_at_its_total_on_the_axis(visit, shot, campaign, county_clerk, province_reviewer):
    states = (S.DRAFT, S.SUBMITTED, S.SUBMITTED, S.VERIFIED, S.SHORTLISTED, S.RETURNED)
    for county, state in zip(guangdong_counties(6), states, strict=True):
        make(campaign, county.code, county_clerk, state=state)

    page = visit(province_reviewer)
    page.goto("/")
    page.wait_for_selector("canvas[data-chart][data-drawn]")
    ends = page.evaluate(STACK_ENDS)  # at once, as a glance, a printout or a screenshot reads it
    assert ["推进质量工作", 6, 6] in ends, ends
    assert all(end == total for _label, total, end in ends), ends
    shot(page, "dashboard-province-progress", page.locator("canvas[data-chart]").first)
    assert not page.errors


def test_no_new_application_once_every_category_has_one(visit, shot, campaign, county_clerk):
    page = visit(county_clerk)
    page.goto(reverse("nominations:my_list"))
    assert page.get_by_role("link", name="新建申报").count() == 1
    applications.create_nomination(county_clerk, campaign, "quality")
    applications.create_nomination(county_clerk, campaign, "business_reform")

    for url in (reverse("nominations:my_list"), "/"):
        page.goto(url)
        assert page.get_by_role("link", name="新建申报").count() == 0
        assert "本年度各类别均已申报（每类只能申报一份）。" in page.locator("main").inner_text()
    shot(page, "dashboard-applicant-all-categories")
    assert not page.errors


def test_the_letter_page_warns_of_a_draft_number(visit, shot, campaign, published, samr_approver):
    page = visit(samr_approver)
    page.goto(reverse("documents:report_document"))
    warning = page.locator("main .notice--warning")
    assert "还没有序号" in warning.inner_text() and "送审稿" in warning.inner_text()
    page.fill("input[name=document_number]", "国市监信函〔2026〕12号")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("main .notice--warning").count() == 0
    shot(page, "report-document-numbered")
    assert not page.errors
