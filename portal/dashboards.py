"""The home page's dashboards (首页工作台): for each role the user holds, what it must do next and by when.

Each section runs a fixed number of queries whatever the data size: counts come from ``values().annotate()``
aggregates, lists are single queries with their relations joined, nothing queries per row. Each section reads
through the policy (``visible``) and narrows it to the membership it is about, so a user holding two roles never
sees one role's data in the other's section: the applicant section shows its own division only, the provincial
section its own province only.

The queries per section (on top of the page's session, user and memberships, and the open campaign):
applicant 6, province 6, SAMR 10, expert 2, admin 5; a section skips its campaign queries when no campaign is open.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.models import User
from awards.models import Award, AwardTask, TaskStatus
from core.charts import Chart, Series
from core.domain import workflow as table
from criteria.enums import Category, SanctionKind
from criteria.models import Sanction
from national.models import ExpertAssignment, InformationRequest, NationalList, NationalListState
from nominations.domain.applications import applicant_division, start_refusal
from nominations.domain.campaigns import campaign_year_at, province_of
from nominations.enums import NATIONAL_STATES, CampaignStatus, NominationState, RecommendationState
from nominations.forms import PROVINCE_STATES
from nominations.models import (
    Campaign,
    CampaignAcknowledgement,
    Nomination,
    ProvinceCap,
    ProvinceRecommendation,
    Quota,
    Review,
)
from nominations.views.common import NEXT_STEPS
from provinces.enums import Level, Role
from provinces.models import Division, Membership
from publicity.enums import OPEN_OBJECTION_STATUSES
from publicity.models import Objection

S = NominationState
R = RecommendationState
DUE_SOON = timedelta(days=3)
OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.PROBLEM)
# An opinion may be filed (or changed) only in the states the workflow table allows ``file_opinion``.
OPINION_OPEN_STATES = table.sources(Nomination, "file_opinion")
LIST_LIMIT = 10
EXPERT_LIST_LIMIT = 20
CAMPAIGN_LIMIT = 5

# The campaign's progress in the stages its users speak of: each a label and the states it gathers.
PROVINCE_PROGRESS = (
    (gettext_lazy("填报中"), (S.DRAFT, S.RETURNED)),
    (gettext_lazy("待核实"), (S.SUBMITTED,)),
    (gettext_lazy("已核实"), (S.VERIFIED,)),
    (gettext_lazy("拟推荐"), (S.SHORTLISTED,)),
    (gettext_lazy("已推荐总局"), tuple(NATIONAL_STATES)),
    (gettext_lazy("未推荐、撤回或逾期"), (S.NOT_RECOMMENDED, S.WITHDRAWN, S.LAPSED)),
)
NATIONAL_PROGRESS = (
    (gettext_lazy("待评估"), (S.RECOMMENDED,)),
    (gettext_lazy("已评估"), (S.EVALUATED,)),
    (gettext_lazy("拟认定或公示中"), (S.PROPOSED, S.IN_PUBLICITY)),
    (gettext_lazy("已认定"), (S.APPROVED, S.AWARDED)),
    (gettext_lazy("未入选"), (S.NOT_SELECTED,)),
    (gettext_lazy("撤销或取消资格"), (S.REVOKED, S.DISQUALIFIED)),
)


def progress_chart(counts, stages):
    """A stacked bar per category of the applications in each stage; ``counts`` maps (category, state) to a count."""
    return Chart(
        labels=Category.labels,
        series=[
            Series(label, [sum(counts.get((category, state), 0) for state in states) for category in Category.values])
            for label, states in stages
        ],
        stacked=True,
        unit=_("份"),
    )


@dataclass(frozen=True)
class Deadline:
    """A deadline as the pages show it: ``soon`` within three days, ``passed`` once over."""

    at: object
    soon: bool
    passed: bool

    @classmethod
    def of(cls, at, now):
        """``now`` None: a date to show, no longer one to meet."""
        if at is None:
            return None
        if now is None:
            return cls(at=at, soon=False, passed=False)
        return cls(at=at, soon=now <= at <= now + DUE_SOON, passed=at < now)

    @classmethod
    def of_day(cls, day, today):
        if day is None:
            return None
        return cls(at=day, soon=today <= day <= today + DUE_SOON, passed=day < today)


def running(campaign, now):
    """The clock a campaign's deadlines are read against: only an open campaign's are still to be met; a closed or
    draft one's are shown plain."""
    return now if campaign.status == CampaignStatus.OPEN else None


def current_campaign(user):
    """The open campaign (the latest year if several are open), as on the workflow pages; when none is open, the
    campaign that closed last, shown as ended with its reason until the next one opens (art. 7(4)); or None."""
    campaigns = Campaign.objects.exclude(status=CampaignStatus.DRAFT).annotate(
        is_open=Case(When(status=CampaignStatus.OPEN, then=Value(1)), default=Value(0))
    )
    return policy.visible(user, campaigns.order_by("-is_open", "-year")).first()


# ---------------------------------------------------------------- applicant (county and city bureaus)


@dataclass
class ApplicantDashboard:
    division: object
    campaign: object
    application_deadline: Deadline | None = None
    nominations: list = field(default_factory=list)
    returned: list = field(default_factory=list)
    can_apply: bool = False
    cannot_apply_reason: str = ""
    ban: object = None
    acknowledgement: object = None
    awards: list = field(default_factory=list)
    open_tasks: list = field(default_factory=list)
    open_task_count: int = 0


def applicant_dashboard(user, campaign, now):
    """The applicant's applications in the open campaign, returns first, whether it may still apply, its awards and
    open tasks, and the notice relayed by its province (6 queries; 2 without an open campaign)."""
    division = applicant_division(user)
    today = timezone.localdate(now)
    board = ApplicantDashboard(division=division, campaign=campaign)
    own = Q(nomination__division=division)
    board.awards = list(
        policy.visible(user, Award.objects.filter(own))
        .select_related("nomination__campaign")
        .annotate(open_tasks=Count("tasks", filter=Q(tasks__status__in=OPEN_TASK_STATUSES)))
        .order_by("-granted_at", "pk")
    )
    board.open_task_count = sum(award.open_tasks for award in board.awards if not award.is_revoked)
    board.open_tasks = list(
        policy.visible(
            user,
            AwardTask.objects.filter(
                award__nomination__division=division,
                award__revoked_at__isnull=True,
                status__in=OPEN_TASK_STATUSES,
            ),
        )
        .select_related("award__nomination")
        .order_by("due_on", "pk")[:LIST_LIMIT]
    )
    for task in board.open_tasks:
        task.deadline = Deadline.of_day(task.due_on, today)
    if campaign is None:
        return board

    nominations = list(policy.visible(user, Nomination.objects.filter(campaign=campaign, division=division)))
    for nomination in nominations:
        nomination.next_step = NEXT_STEPS.get(nomination.state, "")
        if nomination.state == S.RETURNED:
            nomination.deadline = Deadline.of(nomination.return_deadline, now)
        elif nomination.state == S.DRAFT:
            nomination.deadline = Deadline.of(campaign.application_deadline, running(campaign, now))
        else:
            nomination.deadline = None
    # Returns to answer first: they run on their own, shorter deadline.
    nominations.sort(key=lambda n: (n.state != S.RETURNED, n.category))
    board.nominations = nominations
    board.returned = [n for n in nominations if n.state == S.RETURNED]
    board.application_deadline = Deadline.of(campaign.application_deadline, running(campaign, now))
    board.ban = (
        policy.visible(user, Sanction.objects.in_force(campaign.year, today))
        .filter(division=division, kind=SanctionKind.APPLICATION_BAN)
        .order_by("-last_year")
        .first()
    )
    board.acknowledgement = CampaignAcknowledgement.objects.filter(
        campaign=campaign, province_id=division.province_id
    ).first()
    board.cannot_apply_reason = start_refusal(
        user, campaign, taken=[n.category for n in board.nominations], ban=board.ban, now=now
    )
    board.can_apply = not board.cannot_apply_reason
    return board


# ---------------------------------------------------------------- province (reviewer and approver)


@dataclass
class CategoryPackage:
    """One category's recommendation package (拟推荐名单) and what it still lacks (nominations.domain.workflow)."""

    category: str
    label: str
    state: str
    state_label: str
    recommended_at: object
    cap: int | None
    used: int
    unranked: int
    waiting: int
    missing: list

    @property
    def done(self):
        return self.state == R.RECOMMENDED

    @property
    def over_cap(self):
        return self.cap is not None and self.used > self.cap


@dataclass
class ProvinceDashboard:
    province: object
    campaign: object
    roles: set = field(default_factory=set)
    categories: list = field(default_factory=lambda: Category.choices)
    province_deadline: Deadline | None = None
    state_rows: list = field(default_factory=list)
    category_totals: list = field(default_factory=list)
    total: int = 0
    later_states: list = field(default_factory=list)
    todo: list = field(default_factory=list)
    packages: list = field(default_factory=list)
    acknowledgement: object = None
    information_requests: list = field(default_factory=list)
    sanctions: list = field(default_factory=list)
    recommendation_ban: object = None
    progress: Chart | None = None

    @property
    def has_later_states(self):
        return any(self.later_states)


def province_dashboard(user, campaign, now):
    """The province's queue by state and category, its packages against the caps, SAMR's open requests and the
    sanctions in force in the province (6 queries; 3 without an open campaign: the campaign year the days belong to)."""
    province = province_of(user)
    today = timezone.localdate(now)
    board = ProvinceDashboard(
        province=province, campaign=campaign, roles=policy.roles(user) & set(policy.PROVINCE_ROLES)
    )
    # The campaign's year, or between campaigns the year the days belong to (art. 14 is counted in campaign years).
    year = campaign.year if campaign is not None else campaign_year_at(today)
    board.sanctions = list(
        policy.visible(user, Sanction.objects.in_force(year, today))
        .filter(division__province=province)
        .select_related("division")
        .order_by("kind", "division__code", "pk")
    )
    board.recommendation_ban = next(
        (s for s in board.sanctions if s.kind == SanctionKind.RECOMMENDATION_BAN and s.division_id == province.pk),
        None,
    )
    board.information_requests = list(
        policy.visible(
            user,
            InformationRequest.objects.filter(nomination__division__province=province, answered_at__isnull=True),
        )
        .select_related("nomination__division")
        .order_by(F("due_at").asc(nulls_last=True), "requested_at", "pk")
    )
    for item in board.information_requests:
        item.deadline = Deadline.of(item.due_at, now)
    if campaign is None:
        return board

    board.province_deadline = Deadline.of(campaign.province_deadline, running(campaign, now))
    board.acknowledgement = (
        CampaignAcknowledgement.objects.filter(campaign=campaign, province=province)
        .select_related("acknowledged_by")
        .first()
    )
    counts = {}
    unranked = {}
    for row in (
        policy.visible(user, Nomination.objects.filter(campaign=campaign, division__province=province))
        .order_by()
        .values("category", "state")
        .annotate(n=Count("pk"), unranked=Count("pk", filter=Q(province_rank__isnull=True)))
    ):
        counts[row["category"], row["state"]] = row["n"]
        if row["state"] == S.SHORTLISTED:
            unranked[row["category"]] = row["unranked"]
    categories = Category.values
    board.state_rows = [
        (state, state.label, [(category, counts.get((category, state), 0)) for category in categories])
        for state in PROVINCE_STATES
    ]
    board.category_totals = [sum(n for (c, _s), n in counts.items() if c == category) for category in categories]
    board.total = sum(counts.values())
    board.later_states = [
        sum(n for (c, state), n in counts.items() if c == category and state not in PROVINCE_STATES)
        for category in categories
    ]

    caps = dict(
        ProvinceCap.objects.filter(campaign=campaign, province=province).values_list("category", "cap").order_by()
    )
    recommendations = {
        r.category: r
        for r in policy.visible(user, ProvinceRecommendation.objects.filter(campaign=campaign, province=province))
    }
    window_open = campaign.province_window_open(now)
    for category, label in Category.choices:
        recommendation = recommendations.get(category)
        state = recommendation.state if recommendation is not None else R.DRAFT
        used = counts.get((category, S.SHORTLISTED), 0) + counts.get((category, S.RECOMMENDED), 0)
        package = CategoryPackage(
            category=category,
            label=label,
            state=state,
            state_label=R(state).label,
            recommended_at=recommendation.recommended_at if recommendation is not None else None,
            cap=caps.get(category),
            used=used,
            unranked=unranked.get(category, 0),
            waiting=counts.get((category, S.VERIFIED), 0),
            missing=[],
        )
        package.missing = _package_missing(package, window_open, board.recommendation_ban)
        board.packages.append(package)
    board.todo = _province_todo(board, counts)
    board.progress = progress_chart(counts, PROVINCE_PROGRESS)
    return board


def _package_missing(package, window_open, ban):
    """What stands between the package and SAMR, in the order ``rank``, ``confirm`` and ``recommend`` ask for it."""
    if package.done:
        return []
    missing = []
    if package.state == R.DRAFT:
        if not package.used:
            missing.append(_("尚无拟推荐的地方（综合比选后列入）"))
        if package.unranked:
            missing.append(_("%(n)s 个拟推荐地方尚未排序") % {"n": package.unranked})
        missing.append(_("待登记省级人民政府确认文件"))
    missing.append(_("待向总局推荐"))
    if ban is not None:
        # art. 14: 取消所在省（区、市）市场监管部门下一年度推荐资格
        missing.append(_("处于取消推荐资格期内（第十四条），本年度不能推荐"))
    if not window_open:
        missing.append(_("省级推荐已截止"))
    return missing


def _province_todo(board, counts):
    def total(state):
        return sum(counts.get((category, state), 0) for category in Category.values)

    todo = []
    if board.acknowledgement is None:
        todo.append(_("签收年度工作通知并转发省内各市、县"))
    # The reviewer's actions that carry a to-do in the workflow table (verify, shortlist), counted in their states.
    for step in table.steps(Nomination).values():
        if step.todo and step.custom["role"] == Role.PROVINCE_REVIEWER:
            n = sum(total(state) for state in step.sources)
            if n:
                todo.append(step.todo % {"n": n})
    if total(S.RETURNED):
        todo.append(_("%(n)s 份申报退回修改中，等待申报单位重新提交") % {"n": total(S.RETURNED)})
    if board.information_requests:
        todo.append(_("%(n)s 项总局补充材料要求待答复") % {"n": len(board.information_requests)})
    pending = [p.label for p in board.packages if not p.done and (p.used or p.state == R.CONFIRMED)]
    if pending:
        todo.append(_("推荐名单待完成：%(categories)s") % {"categories": "、".join(str(label) for label in pending)})
    return todo


# ---------------------------------------------------------------- SAMR (reviewer and approver)


@dataclass
class CategoryProgress:
    category: str
    label: str
    received: int = 0
    awaiting: int = 0
    evaluated: int = 0
    provinces_recommended: int = 0
    assignments: int = 0
    opinions_outstanding: int = 0
    list_state: str = ""
    list_state_label: str = ""
    entries: int = 0
    quota: int | None = None
    publicity: object = None
    publicity_open: bool = False
    open_objections: int = 0


@dataclass
class SamrDashboard:
    campaign: object
    national_deadline: Deadline | None = None
    categories: list = field(default_factory=list)
    provinces: list = field(default_factory=list)
    acknowledged: int = 0
    information_open: int = 0
    information_overdue: int = 0
    information_requests: list = field(default_factory=list)
    open_objections: int = 0
    awards: int = 0
    revoked: int = 0
    links: dict = field(default_factory=dict)
    progress: Chart | None = None


def samr_dashboard(user, campaign, now):
    """The national board: recommendations per province and category, evaluation progress, outstanding opinions,
    open information requests, the national lists against their quotas, publicity, objections, awards
    (10 queries; none without an open campaign)."""
    board = SamrDashboard(campaign=campaign, links=_samr_links(user))
    if campaign is None:
        return board
    board.national_deadline = Deadline.of(campaign.national_deadline, running(campaign, now))
    progress = {category: CategoryProgress(category=category, label=label) for category, label in Category.choices}

    acknowledged = CampaignAcknowledgement.objects.filter(campaign=campaign, province=OuterRef("pk"))
    provinces = list(
        policy.visible(user, Division.objects.filter(level=Level.PROVINCE, active=True))
        .annotate(acknowledged=Exists(acknowledged))
        .order_by("code")
    )
    states = {
        (province_id, category): state
        for province_id, category, state in policy.visible(
            user, ProvinceRecommendation.objects.filter(campaign=campaign)
        )
        .order_by()
        .values_list("province_id", "category", "state")
    }
    received = {}
    by_state = {}
    for row in (
        policy.visible(user, Nomination.objects.filter(campaign=campaign, state__in=NATIONAL_STATES))
        .order_by()
        .values("division__province_id", "category", "state")
        .annotate(n=Count("pk"), evaluated=Count("pk", filter=Q(national_score__isnull=False)))
    ):
        item = progress[row["category"]]
        item.received += row["n"]
        item.evaluated += row["evaluated"]
        if row["state"] == S.RECOMMENDED:
            item.awaiting += row["n"]
        key = (row["division__province_id"], row["category"])
        received[key] = received.get(key, 0) + row["n"]
        by_state[row["category"], row["state"]] = by_state.get((row["category"], row["state"]), 0) + row["n"]
    board.progress = progress_chart(by_state, NATIONAL_PROGRESS)
    for province in provinces:
        province.cells = []
        for category in Category.values:
            state = states.get((province.pk, category))
            province.cells.append((state, R(state).label if state else "", received.get((province.pk, category), 0)))
            if state == R.RECOMMENDED:
                progress[category].provinces_recommended += 1
    board.provinces = provinces
    board.acknowledged = sum(1 for province in provinces if province.acknowledged)

    filed = Review.objects.filter(
        nomination=OuterRef("nomination"), reviewer=OuterRef("expert"), stage=OuterRef("stage")
    )
    for row in (
        policy.visible(user, ExpertAssignment.objects.filter(nomination__campaign=campaign))
        .alias(filed=Exists(filed))
        .order_by()
        .values("nomination__category")
        .annotate(total=Count("pk"), outstanding=Count("pk", filter=Q(filed=False)))
    ):
        progress[row["nomination__category"]].assignments = row["total"]
        progress[row["nomination__category"]].opinions_outstanding = row["outstanding"]

    open_requests = policy.visible(
        user, InformationRequest.objects.filter(nomination__campaign=campaign, answered_at__isnull=True)
    )
    summary = open_requests.aggregate(n=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    board.information_open, board.information_overdue = summary["n"], summary["overdue"]
    board.information_requests = list(
        open_requests.select_related("nomination__division__province").order_by(
            F("due_at").asc(nulls_last=True), "requested_at", "pk"
        )[:LIST_LIMIT]
    )
    for item in board.information_requests:
        item.deadline = Deadline.of(item.due_at, now)

    quotas = dict(Quota.objects.filter(campaign=campaign).order_by().values_list("category", "places"))
    objections = dict(
        policy.visible(
            user, Objection.objects.filter(status__in=OPEN_OBJECTION_STATUSES, period__national_list__campaign=campaign)
        )
        .order_by()
        .values_list("period__national_list__category")
        .annotate(n=Count("pk"))
    )
    for national_list in (
        policy.visible(user, NationalList.objects.filter(campaign=campaign))
        .select_related("publicity")
        .annotate(entry_count=Count("entries"))
    ):
        item = progress[national_list.category]
        item.list_state = national_list.state
        item.list_state_label = NationalListState(national_list.state).label
        item.entries = national_list.entry_count
        item.publicity = getattr(national_list, "publicity", None)
        item.publicity_open = item.publicity is not None and item.publicity.is_open(now)
    for category, item in progress.items():
        item.quota = quotas.get(category)
        item.open_objections = objections.get(category, 0)
        if not item.list_state:
            item.list_state_label = _("未建立")
    board.categories = list(progress.values())
    board.open_objections = sum(objections.values())

    awards = policy.visible(user, Award.objects.filter(nomination__campaign=campaign)).aggregate(
        n=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False))
    )
    board.awards, board.revoked = awards["n"], awards["revoked"]
    return board


def _samr_links(user):
    """Which national pages the user may open (rules read memberships only: no query)."""
    return {
        "national": policy.can(user, "national_list.view"),
        "objections": policy.can(user, "objection.view"),
        "report_document": policy.can(user, "national_list.publish"),
        "indicators": policy.can(user, "indicator.view"),
        "stories": policy.can(user, "story.manage"),
    }


# ---------------------------------------------------------------- expert


@dataclass
class ExpertDashboard:
    assignments: list = field(default_factory=list)
    total: int = 0
    outstanding: int = 0


def expert_dashboard(user):
    """The expert's own assignments, those still waiting for its opinion first (2 queries)."""
    filed = Exists(Review.objects.filter(nomination=OuterRef("nomination"), reviewer=user, stage=OuterRef("stage")))
    own = policy.visible(user, ExpertAssignment.objects.filter(expert=user))
    counts = own.alias(filed=filed).aggregate(
        total=Count("pk"), outstanding=Count("pk", filter=Q(filed=False, nomination__state__in=OPINION_OPEN_STATES))
    )
    assignments = list(
        own.annotate(filed=filed)
        .select_related("nomination__division__province", "nomination__campaign")
        .order_by("filed", "-assigned_at", "pk")[:EXPERT_LIST_LIMIT]
    )
    for assignment in assignments:
        assignment.open = assignment.nomination.state in OPINION_OPEN_STATES
    return ExpertDashboard(assignments=assignments, total=counts["total"], outstanding=counts["outstanding"])


# ---------------------------------------------------------------- admin


@dataclass
class AdminDashboard:
    campaigns: list = field(default_factory=list)
    accounts: dict = field(default_factory=dict)
    roles: list = field(default_factory=list)


def admin_dashboard(user, now):
    """The latest campaigns with their states, deadlines, quotas and caps; the accounts by state and role
    (5 queries)."""
    campaigns = list(policy.visible(user, Campaign.objects.order_by("-year"))[:CAMPAIGN_LIMIT])
    ids = [campaign.pk for campaign in campaigns]
    places = {}
    for campaign_id, category, value in Quota.objects.filter(campaign_id__in=ids).values_list(
        "campaign_id", "category", "places"
    ):
        places[campaign_id, category] = value
    caps = {
        row["campaign_id"]: row
        for row in ProvinceCap.objects.filter(campaign_id__in=ids)
        .order_by()
        .values("campaign_id")
        .annotate(provinces=Count("province", distinct=True), places=Sum("cap"))
    }
    for campaign in campaigns:
        campaign.quota_cells = [(label, places.get((campaign.pk, category))) for category, label in Category.choices]
        campaign.cap_provinces = caps.get(campaign.pk, {}).get("provinces", 0)
        # Only an open campaign's deadlines are still to be met; the others are shown plain.
        clock = running(campaign, now)
        campaign.deadlines = [
            (_("申报截止"), Deadline.of(campaign.application_deadline, clock)),
            (_("省级推荐截止"), Deadline.of(campaign.province_deadline, clock)),
            (_("总局评估截止"), Deadline.of(campaign.national_deadline, clock)),
        ]
    accounts = policy.visible(user, User.objects.all()).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(is_active=True)),
        never_signed_in=Count("pk", filter=Q(is_active=True, last_login__isnull=True)),
        must_change_password=Count("pk", filter=Q(is_active=True, must_change_password=True)),
    )
    by_role = dict(Membership.objects.order_by().values_list("role").annotate(n=Count("pk")))
    return AdminDashboard(
        campaigns=campaigns,
        accounts=accounts,
        roles=[(label, by_role.get(value, 0)) for value, label in Role.choices],
    )


# ---------------------------------------------------------------- the page


@dataclass
class Dashboards:
    applicant: ApplicantDashboard | None = None
    province: ProvinceDashboard | None = None
    samr: SamrDashboard | None = None
    expert: ExpertDashboard | None = None
    admin: AdminDashboard | None = None

    @property
    def empty(self):
        return not any((self.applicant, self.province, self.samr, self.expert, self.admin))


def for_user(user, now=None):
    """The sections of the roles ``user`` holds; the open campaign is read once, for the sections that need it."""
    now = now or timezone.now()
    held = policy.roles(user)
    sections = Dashboards()
    campaign_roles = {Role.APPLICANT, Role.SAMR_REVIEWER, Role.SAMR_APPROVER, *policy.PROVINCE_ROLES}
    campaign = current_campaign(user) if held & campaign_roles else None
    if Role.APPLICANT in held:
        sections.applicant = applicant_dashboard(user, campaign, now)
    if held & policy.PROVINCE_ROLES:
        sections.province = province_dashboard(user, campaign, now)
    if held & {Role.SAMR_REVIEWER, Role.SAMR_APPROVER}:
        sections.samr = samr_dashboard(user, campaign, now)
    if Role.EXPERT in held:
        sections.expert = expert_dashboard(user)
    if policy.is_admin(user):
        sections.admin = admin_dashboard(user, now)
    return sections
