"""The demo campaign of the embedded default, built up to any stage of the year (DIGEST §3 gives the localities).

Every record is made by the domain function a user would call, as that user: the county's clerk creates, answers,
uploads and submits; the province's reviewer verifies, scores, ranks and shortlists and its head confirms and
recommends; SAMR records findings, assigns experts who file opinions, evaluates, balances, approves and publicises;
the public objects. Nothing sets a state directly, so every application's history is the audit trail those
functions write.

The stages are built in order, each on top of the one before (``applying`` → ``province`` → ``national`` →
``publicity`` → ``final``), in one transaction each, and each built stage is recorded on the campaign as a
``demo.seed`` audit event. Running again for a built stage changes nothing; asking for a later stage builds the
missing ones; an earlier stage is refused (the audit trail is append-only, so a demo cannot be taken back: start
from a fresh database).

The plan is deterministic: the generated localities, their figures and scores come from a fixed random seed, stored
with the first stage so that a later stage continues the same plan.
"""

import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from awards.domain import award_tasks
from awards.domain import report as reporting
from awards.models import Award, TaskKind, TaskStatus
from core.domain.audit import record
from core.domain.workdays import package_knows
from core.models import AuditEvent, CalendarYear
from criteria.domain import indicators
from criteria.domain.sanctions import recommendation_ban
from criteria.enums import Category, CriterionKind, SanctionKind
from criteria.models import CriteriaSet, Sanction
from national.domain import evaluation, national_list
from national.models import AssignmentStage, ExpertAssignment, FindingKind, InformationRequest
from nominations.domain import applications, campaigns, workflow
from nominations.domain.campaigns import open_campaign
from nominations.enums import CampaignStatus, NominationState, RecommendationState
from nominations.models import Campaign, Nomination, ProvinceCap, ProvinceRecommendation, Quota, Review
from provinces.domain.divisions import import_underdeveloped
from provinces.enums import Level
from provinces.models import Division
from publicity.domain import objections, publication, publicity, stories
from publicity.enums import ObjectionStatus
from publicity.models import Objection

from .accounts import PROVINCE_PREFIXES, ensure_applicant_accounts, province_usernames
from .content import (
    FINDINGS,
    GENERATED,
    GENERATED_SUMMARY,
    INFORMATION_ANSWERED,
    INFORMATION_OPEN,
    RESUBMIT_COMMENT,
    RETURN_REASON,
    SHOWCASES,
    TYPICAL_EXPERIENCES,
)
from .sample_pdf import one_page_pdf

S = NominationState
BR, Q = Category.BUSINESS_REFORM, Category.QUALITY
DEMO_PLACES = {BR: 30, Q: 20}
DEMO_CAP = 3
STAGES = ("applying", "province", "national", "publicity", "final")
STAGE_LABELS = {
    "applying": "申报中",
    "province": "省级推荐",
    "national": "总局评估",
    "publicity": "公示",
    "final": "最终名单与激励",
}
DEFAULT_PER_PROVINCE = 4
MAX_PER_PROVINCE = 5
SEED = 2020
MARKER = "demo.seed"

# Deadlines, in days from today at 17:30. A window is open while its deadline lies ahead (the domain checks the
# clock), so the applicants' steps run with every deadline ahead, and each window is then closed by moving its
# deadline into the past before the next level acts: the administrator edits the campaign (save_campaign, audited
# as campaign.update). Where the closed deadlines end up depends on the stage asked for, so that it is "now".
OPEN_DEADLINES = (21, 42, 70)
CLOSED_DEADLINES = {  # (application, province, national)
    "province": (-3, None, None),
    "national": (-24, -3, None),
    "publicity": (-45, -24, -5),
    "final": (-70, -49, -28),
}
# In the final stage the publicity is over: it started this many days ago (it lasts 5 working days).
FINAL_PUBLICITY_STARTED = 21

# Provinces that verify while applications are still coming in.
EARLY_VERIFIERS = ("110000", "310000", "330000", "370000", "420000", "430000", "440000", "510000")
# How far each province's list has got when the province stage is "now" (all others have recommended).
PROVINCE_STAGE_PACE = {
    ("440000", Q): "confirmed",
    ("330000", BR): "confirmed",
    ("370000", Q): "confirmed",
    ("440000", BR): "ranking",
    ("630000", BR): "ranking",
    ("630000", Q): "ranking",
    ("230000", Q): "ranking",
    ("650000", BR): "ranking",
    ("660000", Q): "ranking",
}
WEAK_MERIT = 66  # below this a province does not recommend even after a look
REVIEW_NOTE = "经核实，申报材料与省局掌握的情况一致，佐证材料齐全。"
WEAK_REASON = "佐证材料不足以支撑所报成效，经研究不予推荐。"
RANKED_OUT = "经综合比选，未列入本省推荐名单。"
WITHDRAW_COMMENT = "经研究，本年度暂不申报。"
PROVINCE_SHORT = {
    "110000": "京",
    "120000": "津",
    "130000": "冀",
    "140000": "晋",
    "150000": "内",
    "210000": "辽",
    "220000": "吉",
    "230000": "黑",
    "310000": "沪",
    "320000": "苏",
    "330000": "浙",
    "340000": "皖",
    "350000": "闽",
    "360000": "赣",
    "370000": "鲁",
    "410000": "豫",
    "420000": "鄂",
    "430000": "湘",
    "440000": "粤",
    "450000": "桂",
    "460000": "琼",
    "500000": "渝",
    "510000": "川",
    "520000": "黔",
    "530000": "云",
    "540000": "藏",
    "610000": "陕",
    "620000": "甘",
    "630000": "青",
    "640000": "宁",
    "650000": "新",
    "660000": "兵",
}
# art. 8 综合平衡: the tilt towards the west, counties and underdeveloped places, and the shares of the list.
BALANCE = {
    BR: {
        "bonus_west": "2",
        "bonus_central": "1",
        "bonus_northeast": "1",
        "bonus_county": "1",
        "bonus_underdeveloped": "3",
        "min_county": 8,
        "min_west": 4,
        "min_underdeveloped": 1,
        "max_per_province": 2,
    },
    Q: {
        "bonus_west": "2",
        "bonus_central": "1",
        "bonus_northeast": "1",
        "bonus_county": "1",
        "bonus_underdeveloped": "3",
        "min_county": 5,
        "min_west": 3,
        "max_per_province": 2,
    },
}
# DIGEST §3 row 27: 海东市 is the underdeveloped place the art. 8 tilt is for.
UNDERDEVELOPED = ("630200",)
UNDERDEVELOPED_CSV = "区划代码,欠发达\n" + "".join(f"{code},是\n" for code in UNDERDEVELOPED)
# Awards whose task and story the final stage shows, the first one awarded of each list.
FEATURED = (("441300", BR), ("440902", BR), ("420100", BR), ("440902", Q), ("441300", Q), ("230100", Q))


class DemoRefused(Exception):
    """The demo cannot be built as asked; the message says why and what to do."""


def evidence_pdf(division, criterion):
    """A demo evidence file of its own for each locality and criterion: the same content is refused twice."""
    return one_page_pdf(f"Demo evidence {division.code} {criterion.number} (manage.py seed_demo): sample content only.")


# ---------------------------------------------------------------- the campaign


def _at(day):
    return timezone.make_aware(datetime.combine(day, clock(17, 30)))


@transaction.atomic
def ensure_demo_campaign(admin):
    """This year's campaign, open for applications for three more weeks, with places and caps."""
    today = timezone.localdate()
    campaign = Campaign.objects.filter(year=today.year).first()
    if campaign is None:
        application, province, national_ = (_at(today + timedelta(days=d)) for d in OPEN_DEADLINES)
        campaign = Campaign.objects.create(
            year=today.year,
            title=f"{today.year}年度市场监管工作真抓实干成效明显地方推荐认定工作",
            notice_number=f"市监信函〔{today.year}〕12号",
            notice_text="请各省级市场监管部门按照国市监信〔2020〕19号组织本省申报推荐工作。",
            application_deadline=application,
            province_deadline=province,
            national_deadline=national_,
            reference_date=date(today.year - 1, 12, 31),
        )
        campaign.criteria_sets.set(CriteriaSet.objects.filter(year=2020))
        for category, places in DEMO_PLACES.items():
            Quota.objects.create(campaign=campaign, category=category, places=places)
        ProvinceCap.objects.bulk_create(
            ProvinceCap(campaign=campaign, province=province, category=category, cap=DEMO_CAP)
            for province in Division.objects.filter(level=Level.PROVINCE)
            for category in Category.values
        )
    if campaign.status == CampaignStatus.DRAFT:
        campaign = open_campaign(admin, campaign)
    return campaign


def built(campaign):
    """What the demo has built on ``campaign``: the data of the last ``demo.seed`` event, or None."""
    if campaign is None:
        return None
    event = AuditEvent.objects.for_object(campaign).filter(action=MARKER).order_by("-at", "-pk").first()
    return event.data if event is not None else None


def current_campaign():
    return Campaign.objects.filter(year=timezone.localdate().year).first()


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Entry:
    """One application of the plan and the way it goes."""

    code: str
    category: str
    username: str
    province: str
    merit: int  # 0–100: drives the reviewers' scores and thus the rankings
    submit: str | None  # the stage it is submitted in; None: left a draft
    draft_complete: bool  # before it is submitted, is the draft fully answered?
    showcase: object = None
    withdraw: bool = False
    fraud: bool = False

    @property
    def key(self):
        return (self.code, self.category)

    def rng(self, seed, purpose):
        return random.Random(f"{seed}:{self.code}:{self.category}:{purpose}")


def make_plan(per_province, seed, year):
    """The applications: the DIGEST localities' and ``per_province`` generated ones per province and category (of
    the campaign of ``year``)."""
    rng = random.Random(seed)
    showcase_codes = {s.code for s in SHOWCASES}
    province_of = dict(
        Division.objects.filter(level__in=(Level.PREFECTURE, Level.COUNTY)).values_list("code", "province__code")
    )
    entries = [
        Entry(s.code, s.category, s.username, province_of[s.code], s.merit, s.submit, s.draft_complete, showcase=s)
        for s in SHOWCASES
    ]
    pool = defaultdict(list)
    # A locality an earlier year's demo found cheating may not apply (art. 14), so it is not drawn.
    banned = Sanction.objects.in_force(year).filter(kind=SanctionKind.APPLICATION_BAN).values("division")
    eligible = Division.objects.filter(active=True, level__in=(Level.PREFECTURE, Level.COUNTY)).exclude(pk__in=banned)
    for code, province in (
        eligible.exclude(code__in=showcase_codes).order_by("code").values_list("code", "province__code")
    ):
        pool[province].append(code)
    for province in sorted(PROVINCE_PREFIXES):
        picks = rng.sample(pool[province], min(len(pool[province]), 2 * per_province))
        for index, code in enumerate(picks):
            roll = rng.random()
            entries.append(
                Entry(
                    code=code,
                    category=(BR, Q)[index % 2],
                    username=code,
                    province=province,
                    merit=rng.randint(60, 89),  # the DIGEST localities score 84–95
                    submit=None if roll < 0.12 else "province" if roll < 0.3 else "applying",
                    draft_complete=rng.random() < 0.5,
                )
            )
    # One generated quality application whose figures SAMR's own data contradicts; the public objects to it later.
    early = [
        e
        for e in entries
        if e.showcase is None and e.submit == "applying" and e.province not in EARLY_VERIFIERS + ("630000",)
    ]
    fraud = rng.choice([e for e in early if e.category == Q])
    withdrawn = set(rng.sample([e.key for e in early if e is not fraud], 2))
    return [
        replace(e, merit=95, fraud=True) if e is fraud else replace(e, withdraw=True) if e.key in withdrawn else e
        for e in entries
    ]


def figures(entry, seed):
    """The generated application's figures (the showcases' are in their answers)."""
    rng = entry.rng(seed, "figures")
    return {
        "days": rng.randint(1, 3),
        "annual": f"{rng.uniform(88, 97):.1f}",
        "count": rng.randint(5, 60),
        "complaints": f"{rng.uniform(97.2, 99.8):.2f}",
        "food": f"{rng.uniform(96.5, 99.5):.1f}",
        "quality": "96.00" if entry.fraud else f"{rng.uniform(90.6, 98.5):.2f}",
    }


def samr_figures(entry, seed):
    """SAMR's own 6.3 and 6.6 for a quality application (art. 4): close to the declared ones, except where the
    story needs a gap (nominations.domain.discrepancies flags more than one point)."""
    if entry.showcase is not None:
        declared = {n: entry.showcase.answers[n]["value"] for n in ("6.3", "6.6")}
        declared.update({n: a["value"] for n, a in entry.showcase.revision.items() if "value" in a})
    else:
        values = figures(entry, seed)
        declared = {"6.3": values["complaints"], "6.6": values["quality"]}
    rng = entry.rng(seed, "samr")
    samr = {
        n: (Decimal(v) + Decimal(rng.randint(-60, 30)) / 100).quantize(Decimal("0.01")) for n, v in declared.items()
    }
    samr = {n: min(v, Decimal("100.00")) for n, v in samr.items()}
    if entry.fraud:
        samr["6.6"] = Decimal("84.70")
    return samr


def answers_for(entry, criteria, seed, *, complete=True):
    """The checklist as the clerk fills it in; a draft not yet complete has the first half answered."""
    highlighted = entry.rng(seed, "highlight").choice(criteria).number
    if not complete:
        criteria = criteria[: len(criteria) // 2]
    items = []
    if entry.showcase is not None:
        for criterion in criteria:
            answer = entry.showcase.answers[criterion.number]
            items.append({"criterion": criterion.number, "met": True, **answer})
        return items, entry.showcase.summary
    values = figures(entry, seed)
    name = Division.objects.only("name").get(code=entry.code).name
    values["level"] = name[-1] if name[-1] in "区县市旗" else "市"
    for criterion in criteria:
        item = {"criterion": criterion.number, "met": True, "narrative": GENERATED[criterion.number].format(**values)}
        if criterion.kind == CriterionKind.METRIC:
            item["value"] = values["complaints"] if criterion.number == "6.3" else values["quality"]
        if entry.category == BR:
            item["highlight"] = criterion.number == highlighted
        items.append(item)
    summary = GENERATED_SUMMARY.format(name=name, category=Category(entry.category).label)
    return items, summary


def criterion_scores(entry, criteria_set, seed, purpose, spread):
    rng = entry.rng(seed, purpose)
    return {
        c.number: {"score": max(50, min(100, entry.merit + rng.randint(-spread, spread))), "remark": ""}
        for c in criteria_set.criteria.all()
    }


# ---------------------------------------------------------------- building


class Build:
    """One run: the campaign, the plan, the stage asked for and the users who act."""

    def __init__(self, campaign, plan, seed, target):
        self.campaign, self.plan, self.seed, self.target = campaign, plan, seed, target
        self.today = timezone.localdate()
        self.by_key = {e.key: e for e in plan}
        staff = {"admin", "samr_reviewer", "samr_approver", "expert", "expert_reform", "dept"}
        usernames = {e.username for e in plan} | staff
        usernames |= {name for code in PROVINCE_PREFIXES for name in province_usernames(code)}
        self.users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        self.criteria = {s.category: list(s.criteria.order_by("position", "pk")) for s in campaign.criteria_sets.all()}

    def user(self, username):
        return self.users[username]

    def reviewer(self, province):
        return self.users[province_usernames(province)[0]]

    def approver(self, province):
        return self.users[province_usernames(province)[1]]

    def nominations(self, **filters):
        """The campaign's applications in the plan, fresh from the database, in plan order."""
        found = {
            (n.division.code, n.category): n
            for n in Nomination.objects.filter(campaign=self.campaign, **filters).select_related("division")
        }
        return [(e, found[e.key]) for e in self.plan if e.key in found]

    def nomination(self, key):
        return Nomination.objects.select_related("division").get(
            campaign=self.campaign, division__code=key[0], category=key[1]
        )

    def arrange(self, closed):
        """Deadlines with ``closed`` windows shut: the administrator edits the campaign (see CLOSED_DEADLINES)."""
        days = [CLOSED_DEADLINES[self.target][index] if index < closed else OPEN_DEADLINES[index] for index in range(3)]
        names = ("application_deadline", "province_deadline", "national_deadline")
        wanted = {name: _at(self.today + timedelta(days=d)) for name, d in zip(names, days, strict=True)}
        self.campaign.refresh_from_db()
        if any(getattr(self.campaign, name) != value for name, value in wanted.items()):
            self.campaign = campaigns.save_campaign(self.users["admin"], self.campaign, wanted)


def build(stage, *, per_province=DEFAULT_PER_PROVINCE, seed=SEED, say=print):
    """Build the demo campaign up to ``stage``; returns the campaign and what was built ``[(stage, seconds)]``."""
    if stage not in STAGES:
        raise DemoRefused(f"未知阶段“{stage}”，可选：{'、'.join(STAGES)}。")
    if not 1 <= per_province <= MAX_PER_PROVINCE:
        raise DemoRefused(f"每省每类生成的申报数须在 1 到 {MAX_PER_PROVINCE} 之间。")
    admin = User.objects.get(username="admin")
    campaign = ensure_demo_campaign(admin)
    done = built(campaign)
    if done is None and campaign.nominations.exists():
        raise DemoRefused(f"{campaign.title}已有不是由 seed_demo 建立的申报，演示数据不会写入这项工作。")
    if done is not None:
        per_province, seed = done["per_province"], done["seed"]
        if STAGES.index(stage) < STAGES.index(done["stage"]):
            raise DemoRefused(
                f"演示工作已建立到“{STAGE_LABELS[done['stage']]}”阶段（{done['stage']}），不能退回到"
                f"“{STAGE_LABELS[stage]}”阶段：审计记录只增不删，已做的操作不能撤销。要换到更早的阶段，"
                f"请换一个新数据库：make clean && make setup && .venv/bin/python manage.py seed_demo --stage {stage}"
                "（PostgreSQL 上删除并重建数据库后运行 make setup）。"
            )
    first = 0 if done is None else STAGES.index(done["stage"]) + 1
    if first > STAGES.index(stage):
        return campaign, []
    plan = make_plan(per_province, seed, campaign.year)
    ensure_applicant_accounts(list(Division.objects.filter(code__in=[e.code for e in plan if e.showcase is None])))
    run = Build(campaign, plan, seed, stage)
    timings = []
    for name in STAGES[first : STAGES.index(stage) + 1]:
        started = time.monotonic()
        with transaction.atomic():
            STEPS[name](run)
            record(
                None,
                MARKER,
                campaign,
                comment=f"manage.py seed_demo --stage {name}",
                stage=name,
                per_province=per_province,
                seed=seed,
            )
        timings.append((name, time.monotonic() - started))
        say(f"  已建立“{STAGE_LABELS[name]}”阶段（{name}），用时 {timings[-1][1]:.1f} 秒。")
    campaign.refresh_from_db()
    return campaign, timings


# ---------------------------------------------------------------- applying: the window is open


def _evidence(run, entry, nomination, criteria):
    user = run.user(entry.username)
    attached = set(nomination.attachments.values_list("criterion__number", flat=True))
    for criterion in criteria:
        if criterion.evidence_required and criterion.number not in attached:
            upload = ContentFile(
                evidence_pdf(nomination.division, criterion), name=f"{criterion.number} {criterion.title} 佐证材料.pdf"
            )
            applications.add_attachment(user, nomination, upload, criterion_number=criterion.number)


def _fill(run, entry, nomination, *, complete):
    criteria = run.criteria[entry.category]
    items, summary = answers_for(entry, criteria, run.seed, complete=complete)
    applications.save_answers(run.user(entry.username), nomination, items, summary=summary)
    answered = {item["criterion"] for item in items}
    _evidence(run, entry, nomination, [c for c in criteria if c.number in answered])


def _province_round(run, province, category, *, shortlist=DEMO_CAP, verify_all=True, close=False, recommend=False):
    """One sitting of a province's reviewer (and head) on one category: verify and score what is submitted, rank,
    shortlist the best within the cap; with ``close`` turn down the rest and have the government confirm; with
    ``recommend`` send the list to SAMR."""
    recommendation = ProvinceRecommendation.objects.filter(
        campaign=run.campaign, province__code=province, category=category
    ).first()
    if recommendation is not None and recommendation.state == RecommendationState.RECOMMENDED:
        return
    reviewer, approver = run.reviewer(province), run.approver(province)
    if recommendation is None or recommendation.state == RecommendationState.DRAFT:
        group = [(e, n) for e, n in run.nominations(category=category) if e.province == province]
        submitted = sorted((p for p in group if p[1].state == S.SUBMITTED), key=lambda p: (p[1].submitted_at, p[1].pk))
        if not verify_all:
            submitted = submitted[:-1]
        for entry, nomination in submitted:
            if entry.merit < WEAK_MERIT:
                workflow.reject(reviewer, nomination, reason=WEAK_REASON)
                continue
            nomination = workflow.verify(reviewer, nomination, note=REVIEW_NOTE)
            scores = criterion_scores(entry, nomination.criteria_set, run.seed, "province", 5)
            workflow.save_province_review(reviewer, nomination, criteria=scores, comment=REVIEW_NOTE)
        if not shortlist:
            return
        group = [(e, n) for e, n in run.nominations(category=category) if e.province == province]
        candidates = sorted(
            (p for p in group if p[1].state in (S.VERIFIED, S.SHORTLISTED)), key=lambda p: (-p[0].merit, p[0].code)
        )
        if not candidates:
            return
        for _entry, nomination in candidates[shortlist:]:
            if nomination.state == S.SHORTLISTED:
                workflow.unshortlist(reviewer, nomination, comment="按综合比选结果调整。")
        for _entry, nomination in candidates[:shortlist]:
            if nomination.state == S.VERIFIED:
                workflow.shortlist(reviewer, nomination)
        recommendation = workflow.recommendation_for(run.campaign, candidates[0][1].division.province, category)
        workflow.rank(reviewer, recommendation, [n.pk for _e, n in candidates])
        if not close:
            return
        for _entry, nomination in candidates[shortlist:]:
            workflow.reject(reviewer, nomination, reason=RANKED_OUT)
        number = f"{PROVINCE_SHORT[province]}府函〔{run.campaign.year}〕{30 + int(province[:2])}号"
        recommendation = workflow.confirm(approver, recommendation, document_number=number, document_date=run.today)
    # A province an earlier year's demo sanctioned stays at the confirmed list (art. 14).
    if recommend and recommendation_ban(recommendation.province, run.campaign.year) is None:
        workflow.recommend(approver, recommendation)


def _build_applying(run):
    run.arrange(closed=0)
    import_underdeveloped(UNDERDEVELOPED_CSV)
    for province in sorted(PROVINCE_PREFIXES):
        if province != "440000":  # 广东省's head has it still to sign
            campaigns.acknowledge(run.reviewer(province), run.campaign)
    for code, title, summary in TYPICAL_EXPERIENCES:
        division = Division.objects.get(code=code)
        applications.add_typical_experience(
            run.reviewer(division.province.code), division, title=title, summary=summary, year=run.campaign.year
        )
    _import_indicators(run)
    for entry in run.plan:
        nomination = applications.create_nomination(run.user(entry.username), run.campaign, entry.category)
        _fill(run, entry, nomination, complete=entry.submit == "applying" or entry.draft_complete)
    for entry, nomination in run.nominations():
        if entry.submit == "applying":
            workflow.submit(run.user(entry.username), nomination, pledge=True)
    returned = next(e for e in run.plan if e.showcase is not None and e.showcase.returned)
    workflow.return_for_revision(
        run.reviewer(returned.province),
        run.nomination(returned.key),
        reason=RETURN_REASON,
        deadline=_at(run.today + timedelta(days=10)),
    )
    for province in EARLY_VERIFIERS:
        for category in (BR, Q):
            _province_round(run, province, category, shortlist=0)
    _province_round(run, "440000", Q, shortlist=1)  # 广东省 starts ranking its quality applications


def _import_indicators(run):
    """SAMR's own figures for the quality applications, imported as SAMR staff would (art. 4)."""
    year = run.campaign.reference_date.year
    rows = ["区划代码,指标,数值,来源,年度"]
    quality = [e for e in run.plan if e.category == Q and e.submit is not None]
    chosen = [e for e in quality if e.showcase is not None or e.fraud] + [
        e for e in quality if e.showcase is None and not e.fraud
    ][:15]
    for entry in chosen:
        for number, value in samr_figures(entry, run.seed).items():
            rows.append(f"{entry.code},{number},{value},总局产品质量监督抽查和12315数据,{year}")
    report = indicators.apply(run.user("samr_reviewer"), "\n".join(rows).encode(), "总局指标数据.csv", dry_run=False)
    if not report.ok:
        raise ValidationError([error.message for error in report.errors])


# ---------------------------------------------------------------- province: the applications are in


def _build_province(run):
    run.arrange(closed=0)
    for entry, nomination in run.nominations(state=S.DRAFT):
        if entry.submit == "province":
            if not entry.draft_complete:
                _fill(run, entry, nomination, complete=True)
            workflow.submit(run.user(entry.username), nomination, pledge=True)
    for entry, nomination in run.nominations(state=S.SUBMITTED):
        if entry.withdraw:
            workflow.withdraw(run.user(entry.username), nomination, comment=WITHDRAW_COMMENT)
    campaigns.acknowledge(run.approver("440000"), run.campaign)
    run.arrange(closed=1)
    for entry, nomination in run.nominations(state=S.RETURNED):
        if nomination.return_deadline < timezone.now():
            continue  # the county let the revision deadline pass
        revision = [{"criterion": n, "met": True, **a} for n, a in entry.showcase.revision.items()]
        clerk = run.user(entry.username)
        applications.save_answers(clerk, nomination, revision)
        workflow.resubmit(clerk, nomination, pledge=True, comment=RESUBMIT_COMMENT)
    for province in sorted(PROVINCE_PREFIXES):
        for category in (BR, Q):
            pace = PROVINCE_STAGE_PACE.get((province, category))
            if pace == "ranking":
                _province_round(run, province, category, shortlist=2, verify_all=False)
            else:
                _province_round(run, province, category, close=True, recommend=pace is None)


# ---------------------------------------------------------------- national: SAMR evaluates


def _opinion_owners(run, entry):
    return (run.user("expert" if entry.category == Q else "expert_reform"), run.user("dept"))


def _evaluate_ready(run):
    """SAMR's score for every recommended application that waits for nothing: the opinions' mean where experts
    were asked, else SAMR's own."""
    reviewer = run.user("samr_reviewer")
    mine = {"nomination__campaign": run.campaign}
    waiting = set(
        InformationRequest.objects.filter(answered_at__isnull=True, **mine).values_list("nomination_id", flat=True)
    )
    assigned = Counter(ExpertAssignment.objects.filter(**mine).values_list("nomination_id", flat=True))
    filed = Counter(
        Review.objects.filter(stage__in=evaluation.OPINION_STAGES, **mine).values_list("nomination_id", flat=True)
    )
    for entry, nomination in run.nominations(state=S.RECOMMENDED):
        if nomination.pk in waiting or filed[nomination.pk] < assigned[nomination.pk]:
            continue
        if assigned[nomination.pk]:
            evaluation.evaluate(reviewer, nomination, comment="采纳行业专家和相关部门意见的平均分。")
        else:
            score = max(50, min(100, entry.merit + entry.rng(run.seed, "samr-score").randint(-3, 3)))
            evaluation.evaluate(reviewer, nomination, score=score, comment="依据总局掌握情况和省级推荐材料评估。")


def _file_opinions(run, *, hold=()):
    """Every assigned expert files its opinion, except on the applications in ``hold``."""
    assignments = ExpertAssignment.objects.filter(nomination__campaign=run.campaign)
    for assignment in assignments.select_related("nomination__division", "expert").order_by("pk"):
        nomination = assignment.nomination
        key = (nomination.division.code, nomination.category)
        if key in hold or Review.objects.filter(nomination=nomination, reviewer=assignment.expert).exists():
            continue
        entry = run.by_key[key]
        purpose = f"opinion:{assignment.expert.username}"
        scores = criterion_scores(entry, nomination.criteria_set, run.seed, purpose, 4)
        evaluation.file_opinion(assignment.expert, nomination, criteria=scores, comment="同意推荐，成效明显。")


def _build_national(run):
    run.arrange(closed=1)
    for province in sorted(PROVINCE_PREFIXES):
        for category in (BR, Q):
            _province_round(run, province, category, close=True, recommend=True)
    run.arrange(closed=2)
    reviewer = run.user("samr_reviewer")
    recommended = run.nominations(state=S.RECOMMENDED)
    keys = {e.key: n for e, n in recommended}
    for key, (kind, criterion, text, source) in FINDINGS.items():
        if key in keys:
            evaluation.add_finding(reviewer, keys[key], kind=kind, criterion=criterion, text=text, source=source)
    for entry, nomination in recommended:
        if entry.fraud or (entry.showcase is not None and entry.showcase.returned):
            value = samr_figures(entry, run.seed)["6.6"]
            evaluation.add_finding(
                reviewer,
                nomination,
                kind=FindingKind.INDICATOR,
                criterion="6.6",
                value=value,
                text=f"总局产品质量监督抽查合格率为 {value}%。",
                source="总局产品质量监督抽查",
            )
    generated = sorted((p for p in recommended if p[0].showcase is None and not p[0].fraud), key=lambda p: -p[0].merit)
    asked = [p for p in recommended if p[0].showcase is not None or p[0].fraud] + generated[:10]
    for entry, nomination in asked:
        specialist, department = _opinion_owners(run, entry)
        evaluation.assign(reviewer, nomination, specialist, stage=AssignmentStage.EXPERT)
        evaluation.assign(reviewer, nomination, department, stage=AssignmentStage.DEPARTMENT)
    # Two opinions of each kind are still to come: on the last two generated quality applications asked.
    held = [e.key for e, _n in asked if e.category == Q and e.showcase is None and not e.fraud][-2:]
    _file_opinions(run, hold=set(held))
    code, category, question, _answer = INFORMATION_OPEN
    if (code, category) in keys:
        evaluation.request_information(
            reviewer, keys[(code, category)], question=question, due_at=timezone.now() + timedelta(days=7)
        )
    code, category, question, answer = INFORMATION_ANSWERED
    if (code, category) in keys:
        nomination = keys[(code, category)]
        asked_for = evaluation.request_information(reviewer, nomination, question=question)
        evaluation.answer_information(run.reviewer(run.by_key[(code, category)].province), asked_for, answer=answer)
    _evaluate_ready(run)
    for category in (BR, Q):
        the_list, _created = national_list.open_national_list(reviewer, run.campaign, category)
        national_list.configure(reviewer, the_list, **BALANCE[category])
        national_list.accept_suggestion(reviewer, the_list)


# ---------------------------------------------------------------- publicity: the list is out


def _lists(run):
    return {category: national_list.national_list_for(run.campaign, category) for category in (BR, Q)}


def _ensure_calendar(first, last):
    """Publicity counts the State Council's working days. For a year the calendar package does not know yet, the
    demo declares Monday to Friday complete (an administrator's CalendarYear entry), as tests/publicity does."""
    for year in range(first.year, last.year + 1):
        if not package_knows(year):
            CalendarYear.objects.update_or_create(year=year, defaults={"complete": True})


def _build_publicity(run):
    run.arrange(closed=2)
    reviewer, approver = run.user("samr_reviewer"), run.user("samr_approver")
    for information_request in InformationRequest.objects.filter(
        nomination__campaign=run.campaign, answered_at__isnull=True
    ).select_related("nomination__division"):
        province = information_request.nomination.division.province.code
        evaluation.answer_information(run.reviewer(province), information_request, answer=INFORMATION_OPEN[3])
    _file_opinions(run)
    _evaluate_ready(run)
    lists = _lists(run)
    for the_list in lists.values():
        national_list.accept_suggestion(reviewer, the_list)
        national_list.approve(approver, the_list)
    run.arrange(closed=3)
    if run.target == "final":
        # In the final stage the publicity is over: it was published three weeks ago, which publicise() and
        # submit_objection() are told through their ``now``.
        starts_at = timezone.make_aware(datetime.combine(run.today - timedelta(days=FINAL_PUBLICITY_STARTED), clock()))
        published_at, objected_at = starts_at - timedelta(hours=1), starts_at + timedelta(days=1, hours=10)
    else:
        starts_at = published_at = objected_at = None
    _ensure_calendar(run.today - timedelta(days=FINAL_PUBLICITY_STARTED + 1), run.today + timedelta(days=40))
    periods = {}
    for category, the_list in lists.items():
        title, text = publicity.default_notice(the_list)
        periods[category] = publicity.publicise(
            approver, the_list, starts_at=starts_at, notice_title=title, notice_text=text, now=published_at
        )
    entries = {
        category: [e.nomination for e in the_list.entries.select_related("nomination__division").order_by("position")]
        for category, the_list in lists.items()
    }
    fraud = next((n for n in entries[Q] if run.by_key[(n.division.code, Q)].fraud), entries[Q][0])
    suspect = objections.submit_objection(
        periods[Q],
        nomination=fraud,
        name="王建国",
        contact="13912345678",
        grounds=f"{fraud.division.name}申报的产品质量合格率与我了解的监督抽查结果明显不符，据称部分抽检数据系事后补录，请核查。",
        ip="203.0.113.21",
        now=objected_at,
    )
    objections.investigate(reviewer, suspect, note="已调取总局产品质量监督抽查原始数据核查。")
    other = next((n for n in entries[BR] if run.by_key[(n.division.code, BR)].showcase is None), entries[BR][-1])
    objections.submit_objection(
        periods[BR],
        nomination=other,
        name="李华",
        contact="lihua@example.com",
        grounds=f"{other.division.name}企业开办时间实际要比申报的更长，办理营业执照仍需多次跑腿，请核实。",
        ip="198.51.100.8",
        now=objected_at,
    )


# ---------------------------------------------------------------- final: the list is published and reported


def _build_final(run):
    run.arrange(closed=3)
    reviewer, approver = run.user("samr_reviewer"), run.user("samr_approver")
    for objection in Objection.objects.filter(period__national_list__campaign=run.campaign).order_by("pk"):
        if objection.status == ObjectionStatus.INVESTIGATING:
            objections.uphold(
                approver,
                objection,
                resolution="经核查，该地申报的产品质量合格率与总局监督抽查结果不符，相关抽检数据系事后补录，"
                "认定弄虚作假，取消资格并依照第十四条处理。",
                fraud=True,
            )
        elif objection.status == ObjectionStatus.RECEIVED:
            objections.investigate(reviewer, objection, note="已请省局调取登记系统数据。")
            objections.dismiss(
                reviewer, objection, resolution="经核查，企业开办时间与省级登记系统记录一致，异议不成立。"
            )
    publicity.close_ended_periods()  # what the periodic job records when a period ends
    lists = _lists(run)
    for the_list in lists.values():
        publication.finalise(approver, the_list, note="公示期满，异议已全部办结。")
    for number, the_list in enumerate(lists.values(), start=12):
        reporting.report(
            approver, the_list, document_number=f"国市监信函〔{run.campaign.year}〕{number}号", document_date=run.today
        )
    granted = {
        (a.nomination.division.code, a.nomination.category): a
        for a in Award.objects.filter(nomination__campaign=run.campaign).select_related("nomination__division")
    }
    featured = [granted[key] for key in FEATURED if key in granted]
    featured += [a for key, a in sorted(granted.items()) if a not in featured]
    reform = [a for a in featured if a.nomination.category == BR]
    quality = [a for a in featured if a.nomination.category == Q]
    tasks = []
    if reform:
        tasks.append(
            award_tasks.assign_task(
                reviewer,
                reform[0],
                kind=TaskKind.PILOT,
                title="事中事后监管试点：信用风险分类监管",
                due_on=run.today + timedelta(days=180),
                description="按第十条第三项优先承担试点，试点方案报总局备案。",
            )
        )
    if quality:
        tasks.append(
            award_tasks.assign_task(
                reviewer,
                quality[0],
                kind=TaskKind.EXCHANGE,
                title="全国质量工作经验交流",
                due_on=run.today + timedelta(days=60),
                description="在全国质量工作会议上交流经验做法。",
            )
        )
    if len(reform) > 1:
        award_tasks.assign_task(
            reviewer,
            reform[1],
            kind=TaskKind.RESEARCH,
            title="课题研究：企业开办“一网通办”的成效评估",
            due_on=run.today + timedelta(days=270),
        )
    for task, status, text in zip(
        tasks,
        (TaskStatus.PROBLEM, TaskStatus.DONE),
        ("试点所需的省级信用信息系统接口尚未开放，已报请省局协调。", "已在会上交流发言，材料已报总局。"),
        strict=False,
    ):
        clerk = run.user(run.by_key[(task.award.nomination.division.code, task.award.nomination.category)].username)
        award_tasks.report_task(clerk, task, status=status, report=text)
    if featured:
        award = featured[0]
        entry = run.by_key[(award.nomination.division.code, award.nomination.category)]
        body = entry.showcase.summary if entry.showcase is not None else ""
        if entry.showcase is not None:
            body += "\n\n" + "\n".join(a["narrative"] for a in entry.showcase.answers.values() if a.get("highlight"))
        stories.write_story(
            reviewer,
            award,
            title=f"{award.nomination.division.name}：{award.nomination.get_category_display()}成效明显",
            body=body or f"{award.nomination.division.name}入选{run.campaign.year}年度真抓实干成效明显地方。",
            publish=True,
        )


STEPS = {
    "applying": _build_applying,
    "province": _build_province,
    "national": _build_national,
    "publicity": _build_publicity,
    "final": _build_final,
}


# ---------------------------------------------------------------- what to look at


def state_counts(campaign):
    """How many applications are in each state, in the workflow's order."""
    counts = Counter(Nomination.objects.filter(campaign=campaign).values_list("state", flat=True))
    return [(state, counts[state]) for state in S.values if counts[state]]


LOOK_FIRST = {
    "applying": {
        "maonan": "/nominations/ 质量工作申报被退回修改（6.6 口径），商事制度改革申报草稿待填完",
        "maoming": "/nominations/ 质量工作申报已填好，待接受承诺后提交",
        "huizhou": "/nominations/ 两份申报已核实，质量工作类已列入广东省拟推荐",
        "haidong": "/nominations/ 两份申报已提交，等待青海省核实",
        "gd_reviewer": "/nominations/province/ 待核实的申报；质量工作类排序 /nominations/province/quality/ranking/",
        "gd_approver": "/nominations/notice/ 本年度通知待签收",
        "qh_reviewer": "/nominations/province/ 海东市两份申报待核实",
        "expert": "/nominations/expert/ 申报阶段尚无分配",
        "samr_reviewer": "/nominations/notice/acknowledgements/ 各省签收情况；总局指标数据 /criteria/indicators/",
        "samr_approver": "/nominations/notice/acknowledgements/ 各省签收情况",
        "admin": "/admin/ 年度工作、名额和截止时间",
    },
    "province": {
        "maonan": "/nominations/ 两份申报均已列入广东省拟推荐（质量工作类按退回意见修改后重新提交）",
        "huizhou": "/nominations/ 两份申报均已列入广东省拟推荐",
        "gd_reviewer": "/nominations/province/business_reform/ranking/ 商事制度改革类尚有申报待核实，排序进行中",
        "gd_approver": "/nominations/province/quality/recommendation/ 质量工作类名单省政府已确认，待向总局推荐",
        "qh_reviewer": "/nominations/province/ 排序进行中，尚有申报待核实",
        "samr_reviewer": "/nominations/national/ 已收到的省级推荐",
        "admin": "/admin/ 年度工作和截止时间",
    },
    "national": {
        "samr_reviewer": "/nominations/national/ 候选地方；建议名单与综合平衡 /nominations/national/quality/list/",
        "samr_approver": "/nominations/national/business_reform/list/ 建议名单草稿（待审核人员定稿后批准）",
        "expert": "/nominations/expert/ 两份质量工作申报的意见待提交",
        "dept": "/nominations/expert/ 两份申报的相关部门意见待提交",
        "expert_reform": "/nominations/expert/ 已提交的意见",
        "qh_reviewer": "/nominations/province/information-requests/ 总局要求补充海东市的材料",
        "maonan": "/nominations/ 申报已推荐至总局",
    },
    "publicity": {
        "samr_reviewer": "/publicity/objections/ 两件异议：一件核查中，一件待受理",
        "samr_approver": "/publicity/objections/ 异议办理；公示页面 /publicity/",
        "maonan": "/nominations/ 申报状态",
        "admin": "/publicity/ 公示页面（无须登录）",
    },
    "final": {
        "samr_reviewer": "/nominations/awards/ 激励与工作任务；宣传 /publicity/stories/manage/",
        "samr_approver": "/publicity/final/ 最终名单；上报文件 /nominations/national/report-document/",
        "maonan": "/nominations/awards/ 激励措施；课题研究任务进行中",
        "huizhou": "/nominations/awards/ 激励措施与工作任务（试点任务遇到问题已报告）",
        "haidong": "/nominations/awards/ 激励措施",
        "admin": "/publicity/stories/ 宣传报道（无须登录）",
    },
}
