"""The home page's dashboards: each role's sections with their numbers, only the user's own data, the empty states,
and a constant number of queries whatever the data size."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from awards.models import Award, AwardTask, TaskKind
from criteria.enums import Category, SanctionKind, SanctionReason
from criteria.models import Sanction
from national.models import ExpertAssignment, InformationRequest, NationalList, NationalListEntry, NationalListState
from nominations.domain.campaigns import open_campaign
from nominations.enums import CampaignStatus, NominationState, RecommendationState
from nominations.models import CampaignAcknowledgement, ProvinceCap, ProvinceRecommendation, Review
from portal import dashboards
from provinces.domain.divisions import national_bureau
from provinces.enums import Level, Role
from provinces.models import Division, Membership
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PublicityPeriod

from ..factories import member
from ..helpers import chart_series
from ..nominations.factories import CampaignFactory
from ..nominations.test_nominations_api import make

pytestmark = pytest.mark.django_db
S = NominationState
R = RecommendationState
MAONAN, MAOMING, GUANGDONG, QINGHAI = "440902", "440900", "440000", "630000"
REFORM, QUALITY = str(Category.BUSINESS_REFORM.label), str(Category.QUALITY.label)


@pytest.fixture
def campaign(admin_user):
    return open_campaign(admin_user, CampaignFactory(ready=True))


def home(user):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def counties(province_code, count, *, skip=(MAONAN,)):
    return list(
        Division.objects.filter(province__code=province_code, level=Level.COUNTY, active=True)
        .exclude(code__in=skip)
        .order_by("code")[:count]
    )


def local(value, format_name="DATETIME_FORMAT"):
    return date_format(timezone.localtime(value) if hasattr(value, "tzinfo") else value, format_name)


def awarded(campaign, code, user, category="quality"):
    nomination = make(campaign, code, user, category=category, state=S.AWARDED, national_score=Decimal("90"))
    return Award.objects.create(nomination=nomination, granted_at=timezone.now(), granted_by=user)


def task(award, user, title, due_in_days, **fields):
    return AwardTask.objects.create(
        award=award,
        kind=TaskKind.PILOT,
        title=title,
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        assigned_by=user,
        **fields,
    )


# ---------------------------------------------------------------- applicant


def test_the_applicant_sees_its_returns_first_with_their_deadline_and_its_next_steps(
    campaign, county_clerk, province_approver
):
    due = timezone.now() + timedelta(days=2)
    returned = make(
        campaign, MAONAN, county_clerk, state=S.RETURNED, return_deadline=due, return_reason="请补充投诉办结率的佐证。"
    )
    draft = make(campaign, MAONAN, county_clerk, category="business_reform", state=S.DRAFT)
    CampaignAcknowledgement.objects.create(
        campaign=campaign, province=Division.objects.get(code=GUANGDONG), acknowledged_by=province_approver
    )

    board = dashboards.for_user(county_clerk).applicant
    page = home(county_clerk)

    assert [n.pk for n in board.nominations] == [returned.pk, draft.pk]
    assert board.returned == [returned] and board.nominations[0].deadline.soon
    assert not board.can_apply and "均已申报" in board.cannot_apply_reason
    assert "退回修改，请先处理" in page and "请补充投诉办结率的佐证。" in page
    assert f'{local(due)}<span class="deadline__note">（3日内到期）</span>' in page
    assert "按退回意见修改，在修改期限前重新提交。" in page and "填写认定条件、上传佐证材料，然后提交。" in page
    assert local(campaign.application_deadline) in page  # Y年n月j日 H:i
    assert "签收并转发" in page and reverse("nominations:notice") in page
    assert reverse("nominations:create") not in page


def test_the_applicant_may_apply_while_the_window_is_open_and_it_is_not_banned(campaign, county_clerk, samr_approver):
    make(campaign, MAONAN, county_clerk, state=S.SUBMITTED)

    page = home(county_clerk)
    assert dashboards.for_user(county_clerk).applicant.can_apply
    assert reverse("nominations:create") in page and "省级市场监管部门尚未签收" in page

    Sanction.objects.create(
        division=Division.objects.get(code=MAONAN),
        kind=SanctionKind.APPLICATION_BAN,
        reason=SanctionReason.FRAUD,
        starts_on=timezone.localdate() - timedelta(days=1),
        first_year=campaign.year,
        last_year=campaign.year + 2,
        created_by=samr_approver,
    )
    page = home(county_clerk)
    assert reverse("nominations:create") not in page
    assert "处于取消申报资格期内" in page and f"至{campaign.year + 2}年度止" in page


def test_the_applicant_cannot_apply_after_the_deadline(campaign, county_clerk):
    campaign.application_deadline = timezone.now() - timedelta(hours=1)
    campaign.save(update_fields=["application_deadline"])

    board = dashboards.for_user(county_clerk).applicant

    assert not board.can_apply and "截止" in board.cannot_apply_reason and board.application_deadline.passed


def test_the_applicant_sees_its_awards_and_open_tasks(campaign, county_clerk, samr_reviewer):
    past = CampaignFactory(year=2025, status=CampaignStatus.CLOSED, ready=True)
    award = awarded(past, MAONAN, samr_reviewer)
    task(award, samr_reviewer, "开展信用监管试点", 1)
    task(award, samr_reviewer, "已完成的交流", 5, status="done")
    foreign = awarded(past, "440904", samr_reviewer)
    task(foreign, samr_reviewer, "别人的任务", 1)

    board = dashboards.for_user(county_clerk).applicant
    page = home(county_clerk)

    assert [a.pk for a in board.awards] == [award.pk] and board.open_task_count == 1
    assert [t.title for t in board.open_tasks] == ["开展信用监管试点"] and board.open_tasks[0].deadline.soon
    assert "开展信用监管试点" in page and "已完成的交流" not in page and "别人的任务" not in page
    assert reverse("awards:award", args=[award.pk]) in page


def test_an_applicant_sees_only_its_own_division(campaign, county_clerk, city_clerk, other_county_clerk):
    own = make(campaign, MAONAN, county_clerk, state=S.RETURNED, return_deadline=timezone.now() + timedelta(days=9))
    make(campaign, MAOMING, city_clerk, state=S.SUBMITTED)
    make(campaign, "630202", other_county_clerk, state=S.VERIFIED)

    assert [n.pk for n in dashboards.for_user(county_clerk).applicant.nominations] == [own.pk]
    city = dashboards.for_user(city_clerk).applicant
    assert [n.division.code for n in city.nominations] == [MAOMING] and city.returned == []
    page = home(city_clerk)
    assert reverse("nominations:detail", args=[own.pk]) not in page and "退回修改，请先处理" not in page


def test_the_applicant_empty_states(county_clerk):
    page = home(county_clerk)

    assert "目前没有正在进行的年度推荐认定工作。" in page and "本地尚未获得激励。" in page
    assert reverse("nominations:create") not in page


# ---------------------------------------------------------------- province


@pytest.fixture
def guangdong_and_qinghai(campaign, county_clerk, admin_user):
    """Guangdong: 2 submitted, 1 verified, 1 returned, 2 shortlisted quality applications (one unranked), cap 3;
    Qinghai: 5 submitted and a shortlisted one; SAMR's requests to each province."""
    gd = counties(GUANGDONG, 6)
    for county, state in zip(gd, [S.SUBMITTED, S.SUBMITTED, S.VERIFIED, S.RETURNED], strict=False):
        make(campaign, county.code, admin_user, state=state)
    make(campaign, gd[4].code, admin_user, state=S.SHORTLISTED, province_rank=1)
    make(campaign, gd[5].code, admin_user, state=S.SHORTLISTED)
    ProvinceCap.objects.create(
        campaign=campaign, province=Division.objects.get(code=GUANGDONG), category="quality", cap=3
    )
    qh = counties(QINGHAI, 6)
    for county in qh[:5]:
        make(campaign, county.code, admin_user, state=S.SUBMITTED)
    make(campaign, qh[5].code, admin_user, state=S.SHORTLISTED)
    gd_recommended = make(campaign, gd[0].code, admin_user, category="business_reform", state=S.RECOMMENDED)
    qh_recommended = make(campaign, qh[0].code, admin_user, category="business_reform", state=S.RECOMMENDED)
    due = timezone.now() + timedelta(days=1)
    InformationRequest.objects.create(
        nomination=gd_recommended, question="请补充广东的材料", due_at=due, requested_by=admin_user
    )
    InformationRequest.objects.create(nomination=qh_recommended, question="请补充青海的材料", requested_by=admin_user)
    ProvinceRecommendation.objects.create(
        campaign=campaign,
        province=Division.objects.get(code=GUANGDONG),
        category="business_reform",
        state=R.RECOMMENDED,
        recommended_at=timezone.now(),
    )
    return gd, qh


def test_the_province_sees_its_queue_packages_and_requests(guangdong_and_qinghai, province_reviewer):
    board = dashboards.for_user(province_reviewer).province
    page = home(province_reviewer)

    assert board.total == 7  # 6 quality + 1 business reform recommended, Qinghai's left out
    rows = {state: dict(cells) for state, _label, cells in board.state_rows}
    assert rows[S.SUBMITTED] == {"business_reform": 0, "quality": 2}
    assert rows[S.SHORTLISTED]["quality"] == 2 and rows[S.RECOMMENDED]["business_reform"] == 1
    quality = next(p for p in board.packages if p.category == "quality")
    assert (quality.used, quality.cap, quality.unranked, quality.waiting) == (2, 3, 1, 1)
    assert "1 个拟推荐地方尚未排序" in quality.missing and "待登记省级人民政府确认文件" in quality.missing
    reform = next(p for p in board.packages if p.category == "business_reform")
    assert reform.done and reform.missing == []
    assert [item.question for item in board.information_requests] == ["请补充广东的材料"]
    assert board.information_requests[0].deadline.soon

    assert f'{reverse("nominations:queue")}?state=submitted&amp;category=quality">2</a>' in page
    assert "2 / 3" in page and "请补充广东的材料" in page and "请补充青海的材料" not in page
    assert "2 份申报待核实" in page and "签收年度工作通知" in page
    assert reverse("nominations:ranking", args=["quality"]) in page
    # The progress chart: the same applications, in the stages of the year.
    assert chart_series(page, "province-progress-data") == {
        "填报中": {REFORM: 0, QUALITY: 1},
        "待核实": {REFORM: 0, QUALITY: 2},
        "已核实": {REFORM: 0, QUALITY: 1},
        "拟推荐": {REFORM: 0, QUALITY: 2},
        "已推荐总局": {REFORM: 1, QUALITY: 0},
        "未推荐、撤回或逾期": {REFORM: 0, QUALITY: 0},
    }


def test_the_approver_sees_the_same_province_and_another_province_only_its_own(
    guangdong_and_qinghai, province_approver, other_province_reviewer
):
    approver = dashboards.for_user(province_approver).province
    qinghai = dashboards.for_user(other_province_reviewer).province

    assert approver.province.code == GUANGDONG and approver.total == 7
    assert qinghai.province.code == QINGHAI and qinghai.total == 7  # 5 submitted, 1 shortlisted, 1 recommended
    assert dict(next(cells for s, _l, cells in qinghai.state_rows if s == S.SUBMITTED))["quality"] == 5
    assert [item.question for item in qinghai.information_requests] == ["请补充青海的材料"]
    assert next(p for p in qinghai.packages if p.category == "quality").cap is None
    assert "请补充广东的材料" not in home(other_province_reviewer)


def test_the_province_sees_the_sanctions_in_force_in_its_province(campaign, province_reviewer, samr_approver):
    def ban(code, kind):
        return Sanction.objects.create(
            division=Division.objects.get(code=code),
            kind=kind,
            reason=SanctionReason.FRAUD,
            starts_on=timezone.localdate() - timedelta(days=1),
            first_year=campaign.year,
            last_year=campaign.year,
            created_by=samr_approver,
        )

    own = ban(GUANGDONG, SanctionKind.RECOMMENDATION_BAN)
    local_ban = ban(MAONAN, SanctionKind.APPLICATION_BAN)
    ban(QINGHAI, SanctionKind.RECOMMENDATION_BAN)

    board = dashboards.for_user(province_reviewer).province
    page = home(province_reviewer)

    assert {s.pk for s in board.sanctions} == {own.pk, local_ban.pk} and board.recommendation_ban == own
    assert all("取消推荐资格期内" in " ".join(p.missing) for p in board.packages)
    assert "本省本年度不能推荐" in page and "茂南区" in page and "青海省" not in page


def test_the_province_empty_states(province_reviewer):
    page = home(province_reviewer)

    assert "目前没有正在进行的年度推荐认定工作。" in page
    assert "没有待答复的补充材料要求。" in page and "本省没有正在执行的资格限制。" in page


# ---------------------------------------------------------------- SAMR


@pytest.fixture
def national_stage(campaign, admin_user, expert, samr_approver):
    """Guangdong recommended 3 quality applications (2 evaluated), Qinghai 1; experts asked on 3, one filed;
    the quality list approved with 2 entries and in publicity with one open objection; one award."""
    gd, qh = counties(GUANGDONG, 3), counties(QINGHAI, 1)
    evaluated = [make(campaign, c.code, admin_user, state=S.EVALUATED, national_score=Decimal("88")) for c in gd[:2]]
    waiting = make(campaign, gd[2].code, admin_user, state=S.RECOMMENDED)
    qinghai = make(campaign, qh[0].code, admin_user, state=S.RECOMMENDED)
    make(campaign, MAONAN, admin_user, state=S.SUBMITTED)  # not yet SAMR's business
    for province in (GUANGDONG, QINGHAI):
        ProvinceRecommendation.objects.create(
            campaign=campaign, province=Division.objects.get(code=province), category="quality", state=R.RECOMMENDED
        )
    ProvinceRecommendation.objects.create(
        campaign=campaign, province=Division.objects.get(code=GUANGDONG), category="business_reform", state=R.CONFIRMED
    )
    for nomination in (waiting, qinghai, evaluated[0]):
        ExpertAssignment.objects.create(nomination=nomination, expert=expert, stage="expert", assigned_by=admin_user)
    Review.objects.create(nomination=evaluated[0], stage="expert", reviewer=expert, score=Decimal("90"))
    InformationRequest.objects.create(
        nomination=qinghai, question="请补充", due_at=timezone.now() - timedelta(days=1), requested_by=admin_user
    )
    the_list = NationalList.objects.create(campaign=campaign, category="quality", state=NationalListState.IN_PUBLICITY)
    for position, nomination in enumerate(evaluated, start=1):
        NationalListEntry.objects.create(
            national_list=the_list, nomination=nomination, position=position, added_by=admin_user
        )
    period = PublicityPeriod.objects.create(
        national_list=the_list,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=6),
        working_days=5,
        notice_title="公示",
        notice_text="现予以公示。",
        created_by=samr_approver,
    )
    for receipt, status in (("YY1", ObjectionStatus.RECEIVED), ("YY2", ObjectionStatus.DISMISSED)):
        Objection.objects.create(
            period=period,
            nomination=evaluated[0],
            name="张三",
            contact="13800138000",
            grounds="不实",
            receipt=receipt,
            submitted_at=timezone.now(),
            status=status,
        )
    awarded(campaign, "440904", admin_user, category="business_reform")
    CampaignAcknowledgement.objects.create(
        campaign=campaign, province=Division.objects.get(code=GUANGDONG), acknowledged_by=admin_user
    )
    return period


def test_samr_sees_the_national_board(national_stage, samr_reviewer):
    board = dashboards.for_user(samr_reviewer).samr
    page = home(samr_reviewer)

    quality = next(item for item in board.categories if item.category == "quality")
    assert (quality.provinces_recommended, quality.received, quality.awaiting, quality.evaluated) == (2, 4, 2, 2)
    assert (quality.assignments, quality.opinions_outstanding) == (3, 2)
    assert (quality.list_state, quality.entries, quality.quota) == (NationalListState.IN_PUBLICITY, 2, 40)
    assert quality.publicity_open and quality.open_objections == 1
    reform = next(item for item in board.categories if item.category == "business_reform")
    assert (reform.received, reform.list_state_label, reform.quota) == (1, "未建立", 60)
    assert (board.information_open, board.information_overdue) == (1, 1)
    assert (board.open_objections, board.awards, board.acknowledged) == (1, 1, 1)
    guangdong = next(p for p in board.provinces if p.code == GUANGDONG)
    assert guangdong.cells == [(R.CONFIRMED, "省政府已确认", 1), (R.RECOMMENDED, "已推荐至总局", 3)]

    pages = (("national:candidates", []), ("national:national_list", ["quality"]), ("documents:exports", []))
    for name, args in pages:
        assert reverse(name, args=args) in page
    assert reverse("publicity:queue") in page and reverse("criteria:indicators") in page
    assert reverse("publicity:stories_manage") in page
    assert reverse("documents:report_document") not in page  # the approver's
    assert reverse("national:evaluation", args=[board.information_requests[0].nomination_id]) in page
    assert "公示中，至" in page
    progress = chart_series(page, "national-progress-data")
    assert progress["待评估"] == {REFORM: 0, QUALITY: 2} and progress["已评估"][QUALITY] == 2
    assert progress["已认定"] == {REFORM: 1, QUALITY: 0}
    assert sum(sum(stage.values()) for stage in progress.values()) == 5  # Maonan's submitted one is not SAMR's


def test_the_samr_approver_gets_the_report_document(national_stage, samr_approver):
    assert reverse("documents:report_document") in home(samr_approver)


def test_samr_empty_state(samr_reviewer):
    page = home(samr_reviewer)

    assert "目前没有正在进行的年度推荐认定工作。" in page and reverse("publicity:queue") in page
    assert reverse("national:candidates") not in page  # it needs an open campaign


# ---------------------------------------------------------------- expert


def test_the_expert_sees_its_own_assignments_unfiled_first(campaign, expert, admin_user):
    other = member(Role.EXPERT, None, username="other_expert")
    gd = counties(GUANGDONG, 3)
    filed, waiting, closed = (make(campaign, c.code, admin_user, state=S.RECOMMENDED) for c in gd)
    closed.state = S.NOT_SELECTED
    closed.save(update_fields=["state"])
    for nomination in (filed, waiting, closed):
        ExpertAssignment.objects.create(nomination=nomination, expert=expert, stage="expert", assigned_by=admin_user)
    ExpertAssignment.objects.create(nomination=filed, expert=other, stage="department", assigned_by=admin_user)
    Review.objects.create(nomination=filed, stage="expert", reviewer=expert, score=Decimal("80"))

    board = dashboards.for_user(expert).expert
    page = home(expert)

    assert (board.total, board.outstanding) == (3, 1)
    assert [a.nomination_id for a in board.assignments][-1] == filed.pk
    assert {a.expert_id for a in board.assignments} == {expert.pk}
    assert "填写意见" in page and "已提交，查看" in page and "未提交（评估已结束）" in page
    assert dashboards.for_user(other).expert.outstanding == 1


def test_the_expert_empty_state(expert):
    assert "目前没有分配给您的评审任务。" in home(expert)


# ---------------------------------------------------------------- admin, two roles, nobody


def test_the_admin_sees_campaigns_quotas_and_accounts(campaign, admin_user, county_clerk, province_reviewer):
    ProvinceCap.objects.create(
        campaign=campaign, province=Division.objects.get(code=GUANGDONG), category="quality", cap=3
    )

    board = dashboards.for_user(admin_user).admin
    page = home(admin_user)

    assert [c.year for c in board.campaigns] == [campaign.year]
    assert board.campaigns[0].quota_cells == [("深化商事制度改革和加强事中事后监管", 60), ("推进质量工作", 40)]
    assert board.campaigns[0].cap_provinces == 1
    assert board.accounts["total"] == 3 and dict(board.roles)["申报单位"] == 1
    assert reverse("admin:nominations_campaign_change", args=[campaign.pk]) in page
    assert reverse("admin:accounts_user_changelist") in page
    assert dashboards.for_user(admin_user).samr is None


def test_a_user_with_two_roles_sees_both_sections(campaign, admin_user):
    user = member(Role.APPLICANT, MAONAN, username="clerk_and_expert")
    Membership.objects.create(user=user, bureau=national_bureau(), role=Role.EXPERT)
    make(campaign, MAONAN, user, state=S.DRAFT)
    recommended = make(campaign, "440904", admin_user, state=S.RECOMMENDED)
    ExpertAssignment.objects.create(nomination=recommended, expert=user, stage="expert", assigned_by=admin_user)

    sections = dashboards.for_user(user)
    page = home(user)

    assert sections.applicant is not None and sections.expert is not None and sections.province is None
    assert [n.division.code for n in sections.applicant.nominations] == [MAONAN]  # not the assigned one
    assert 'id="dashboard-applicant"' in page and 'id="dashboard-expert"' in page
    assert 'id="dashboard-province"' not in page and 'id="dashboard-samr"' not in page


def test_a_user_without_a_post_is_told_so():
    user = member(Role.EXPERT, None, username="leaver")
    Membership.objects.filter(user=user).delete()

    page = home(user)

    assert "尚未分配岗位" in page and 'class="card dashboard"' not in page


@pytest.mark.parametrize("persona", ["county_clerk", "province_reviewer", "samr_approver", "expert", "admin_user"])
def test_the_dashboards_carry_no_inline_script_or_style(persona, request, campaign):
    page = home(request.getfixturevalue(persona))

    # Scripts come from files; the only script elements with content are the charts' data, which never runs.
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert " src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in page and not re.search(r"<[^>]+\son[a-z]+=", page)  # no inline event handlers


# ---------------------------------------------------------------- query counts


def populate(campaign, size, *, clerk, expert, staff):
    """Arrange ``size`` of everything each dashboard reads, in Guangdong (the personas' province) and Qinghai."""
    past = CampaignFactory(year=campaign.year - size, status=CampaignStatus.CLOSED, ready=True)
    award = awarded(past, MAONAN, staff)
    for index in range(size):
        task(award, staff, f"任务{index}", index)
    for province in (GUANGDONG, QINGHAI):
        found = counties(
            province,
            4 * size,
            skip=[MAONAN, *Division.objects.filter(nominations__campaign=campaign).values_list("code", flat=True)],
        )
        for index, county in enumerate(found):
            state = [S.SUBMITTED, S.VERIFIED, S.SHORTLISTED, S.RECOMMENDED][index % 4]
            nomination = make(campaign, county.code, staff, state=state)
            if state == S.RECOMMENDED:
                ExpertAssignment.objects.create(nomination=nomination, expert=expert, stage="expert", assigned_by=staff)
                InformationRequest.objects.create(nomination=nomination, question="请补充", requested_by=staff)
            if state == S.SHORTLISTED and index % 8 == 2:
                Review.objects.create(nomination=nomination, stage="expert", reviewer=expert, score=Decimal("80"))
        Sanction.objects.create(
            division=found[0],
            kind=SanctionKind.APPLICATION_BAN,
            reason=SanctionReason.FRAUD,
            starts_on=timezone.localdate() - timedelta(days=size),
            first_year=campaign.year,
            last_year=campaign.year,
        )
    make(campaign, MAONAN, clerk, category="business_reform" if size > 1 else "quality", state=S.DRAFT)


# session, user, memberships; the user's per-object grants (anyone whose scope is not the whole country); the open
# campaign (admin: its own list of campaigns); the section's own queries
QUERIES = {
    "county_clerk": 3 + 1 + 1 + 6,
    "province_reviewer": 3 + 1 + 1 + 6,
    "province_approver": 3 + 1 + 1 + 6,
    "samr_reviewer": 3 + 1 + 1 + 10,
    "samr_approver": 3 + 1 + 1 + 10,
    "expert": 3 + 1 + 2,
    "admin_user": 3 + 5,
}


@pytest.mark.parametrize("persona", QUERIES)
def test_each_dashboard_takes_a_constant_number_of_queries(
    persona, request, campaign, county_clerk, expert, samr_reviewer, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    client.get(reverse("home"))  # the first request of the process fills the content-type cache

    populate(campaign, 1, clerk=county_clerk, expert=expert, staff=samr_reviewer)
    with django_assert_num_queries(QUERIES[persona]):
        small = client.get(reverse("home")).content.decode()

    populate(campaign, 3, clerk=county_clerk, expert=expert, staff=samr_reviewer)
    with django_assert_num_queries(QUERIES[persona]):
        large = client.get(reverse("home")).content.decode()
    assert len(large) > len(small)


def test_dates_follow_the_active_language(campaign, county_clerk):
    client = Client()
    client.force_login(county_clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with translation.override(settings.LANGUAGE_CODE):  # the middleware's English stays in this thread otherwise
        page = client.get(reverse("home")).content.decode()

    with translation.override("en"):
        assert local(campaign.application_deadline) in page
    with translation.override("zh-hans"):
        assert local(campaign.application_deadline) not in page  # not the Chinese 年月日 form
