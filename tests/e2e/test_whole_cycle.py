# ruff: noqa: F811 - the campaign fixture imported from tests/nominations is redefined as an argument
"""The whole cycle in a real browser (headless Chromium): a county applies, the province returns it, the county
answers, the province verifies, ranks, records the government's confirmation and recommends, an expert files an
opinion, SAMR evaluates, balances and approves, publicises; the public files an objection, SAMR dismisses it,
finalises, and makes the PDF for the State Council General Office. Each role's dashboard is photographed."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.domain.workdays import package_knows
from core.models import CalendarYear
from nominations.enums import NominationState
from nominations.models import Nomination
from provinces.enums import Role
from publicity.models import Objection, PublicityPeriod

from ..factories import member
from ..nominations.conftest import PDF, campaign  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
S = NominationState


def state():
    return Nomination.objects.get().state


def submit(page, label):
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


@pytest.fixture
def calendar():
    year = timezone.localdate().year
    for unknown in (y for y in (year, year + 1) if not package_knows(y)):
        CalendarYear.objects.get_or_create(year=unknown, defaults={"complete": True})


def test_the_whole_cycle(
    visit,
    shot,
    calendar,
    campaign,
    county_clerk,
    province_reviewer,
    province_approver,
    samr_reviewer,
    samr_approver,
    tmp_path,
):
    expert = member(Role.EXPERT, "630000", username="qh_expert_e2e")

    # --- the county applies
    county = visit(county_clerk)
    shot(county, "dashboard-county")
    county.goto("/nominations/new/")
    county.check("input[name=category][value=quality]")
    submit(county, "创建申报")
    detail_url = county.url
    for radio in county.locator("input[type=radio][name$='-met'][value=yes]").all():
        radio.check()
    for value in county.locator("input[name$='-value']").all():
        value.fill("98.5")
    for narrative in county.locator("textarea[name$='-narrative']").all():
        narrative.fill("情况属实，成效明显，有数据和文件为证。")
    highlights = county.locator("input[type=checkbox][name$='-highlight']")
    if highlights.count():
        highlights.first.check()
    submit(county, "保存填报内容")
    required = county.locator("fieldset:has(.evidence__title:has-text('必传')) input[type=file]")
    for index in range(required.count()):
        field = county.locator("fieldset:has(.evidence__title:has-text('必传')) input[type=file]").nth(index)
        form_id = field.get_attribute("form")
        evidence = tmp_path / f"佐证材料{index + 1}.pdf"
        evidence.write_bytes(PDF + f"% {index}\n".encode())  # a file of its own each: the same one is refused twice
        field.set_input_files(str(evidence))
        county.locator(f"button[form='{form_id}']").click()
        county.wait_for_load_state()
    county.goto(detail_url)
    county.get_by_role("link", name="提交申报…").click()
    county.check("input[name=pledge]")
    submit(county, "确认提交")
    assert state() == S.SUBMITTED, county.content()[:2000]
    shot(county, "application-submitted")

    # --- the province returns it
    province = visit(province_reviewer)
    shot(province, "dashboard-province")
    province.goto(detail_url)
    province.get_by_role("link", name="退回修改…").click()
    province.fill("textarea[name=reason]", "请补充 6.3 投诉办结率的统计口径说明。")
    deadline = timezone.localtime() + timedelta(days=3)
    province.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    submit(province, "确认退回")
    assert state() == S.RETURNED

    # --- the county answers
    county.goto(detail_url)
    county.locator("textarea[name$='-narrative']").first.fill("已补充统计口径：以全国12315平台办结数为准。")
    submit(county, "保存填报内容")
    county.get_by_role("link", name="重新提交…").click()
    county.check("input[name=pledge]")
    county.fill("textarea[name=comment]", "已按退回意见补充统计口径。")
    submit(county, "确认重新提交")
    assert state() == S.SUBMITTED

    # --- the province verifies, shortlists, ranks; its head confirms and recommends
    province.goto(detail_url)
    province.get_by_role("link", name="核实通过…").click()
    province.fill("textarea[name=note]", "经材料审查和电话核实，情况属实。")
    submit(province, "确认核实通过")
    province.goto(detail_url)
    province.get_by_role("link", name="列入拟推荐名单…").click()
    province.locator("main form button[type=submit]").last.click()
    province.wait_for_load_state()
    assert state() == S.SHORTLISTED, province.content()[:2000]
    approver = visit(province_approver)
    approver.goto("/nominations/province/quality/recommendation/")
    shot(approver, "province-recommendation")
    approver.get_by_role("link", name="登记确认…").click()
    approver.fill("input[name=document_number]", "粤府函〔2026〕88号")
    approver.fill("input[name=document_date]", timezone.localdate().isoformat())
    submit(approver, "确认登记")
    approver.get_by_role("link", name="向总局推荐…").click()
    submit(approver, "确认推荐")
    assert state() == S.RECOMMENDED, approver.content()[:2000]

    # --- SAMR asks an expert; the expert files an opinion; SAMR evaluates
    samr = visit(samr_reviewer)
    shot(samr, "dashboard-samr")
    pk = Nomination.objects.get().pk
    samr.goto(f"/nominations/{pk}/national/")
    samr.fill("input[name=assign-username]", expert.username)
    samr.select_option("select[name=assign-stage]", "expert")
    submit(samr, "分配")
    reviewer = visit(expert)
    shot(reviewer, "dashboard-expert")
    reviewer.goto(f"/nominations/{pk}/opinion/")
    for score in reviewer.locator("input[name$='-score']").all():
        score.fill("88")
    reviewer.locator("main form button[type=submit]").last.click()
    reviewer.wait_for_load_state()
    samr.goto(f"/nominations/{pk}/national/")
    submit(samr, "保存评估得分")
    assert state() == S.EVALUATED, samr.content()[:2000]

    # --- the balance and the list; SAMR leadership approves and publicises
    samr.goto("/nominations/national/quality/list/")
    shot(samr, "national-list")
    samr.get_by_role("button", name=re.compile("加入建议名单")).first.click()
    samr.wait_for_load_state()
    assert state() == S.PROPOSED
    leader = visit(samr_approver)
    leader.goto("/nominations/national/quality/list/approve/")
    leader.locator("main form button[type=submit]").last.click()
    leader.wait_for_load_state()
    leader.goto("/nominations/national/quality/list/")
    leader.get_by_role("link", name="发布公示…").click()
    leader.locator("main form button[type=submit]").last.click()
    leader.wait_for_load_state()
    assert state() == S.IN_PUBLICITY, leader.content()[:2000]

    # --- the public objects; SAMR dismisses the objection
    public = visit(None)
    public.goto("/publicity/")
    shot(public, "publicity-public")
    public.select_option("select[name=nomination]", str(pk))
    public.fill("input[name=name]", "张三")
    public.fill("input[name=contact]", "13800138000")
    public.fill("textarea[name=grounds]", "该地方申报的投诉办结率与我所了解的情况不符，请核查。")
    public.locator("form:has(textarea[name=grounds]) button[type=submit]").click()
    public.wait_for_load_state()
    receipt = Objection.objects.get().receipt
    assert receipt in public.content()
    samr.goto(f"/publicity/objections/{Objection.objects.get().pk}/")
    samr.fill("form:has(button:has-text('认定异议不成立')) textarea", "经核查，数据属实，异议不成立。")
    submit(samr, "认定异议不成立")
    assert Objection.objects.get().status == "dismissed"

    # --- publicity ends (time passes); SAMR leadership finalises and makes the PDF
    PublicityPeriod.objects.update(ends_at=timezone.now() - timedelta(seconds=1))
    leader.goto(f"/publicity/lists/{PublicityPeriod.objects.get().national_list_id}/finalise/")
    leader.locator("main form button[type=submit]").last.click()
    leader.wait_for_load_state()
    assert state() == S.APPROVED, leader.content()[:2000]
    leader.goto("/nominations/national/report-document/")
    shot(leader, "report-document")
    pdf = leader.request.get("/nominations/national/report-document/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    shot(leader, "dashboard-samr-approver")
