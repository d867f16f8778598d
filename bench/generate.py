"""Build the worst realistic year at national scale (issue 9) and leave one template database per busy day.

Every prefecture- and county-level division applies in both categories (≈ 6,400 applications, ≈ 47,700 answers,
one evidence file per criterion that requires one: ≈ 44,500 small real PDFs). Each province verifies and scores all
of its applications, shortlists the best five per category, ranks, turns down the rest, has its government confirm
and recommends (≈ 320 to SAMR). SAMR records findings, asks two experts and one related department per application,
evaluates, balances and approves both national lists; the business-reform list has been publicised and finalised,
the quality list is in publicity now. Accounts: one clerk per division, a reviewer and a head per province, SAMR
staff and 40 experts (≈ 3,300).

The applicants' and provinces' mass steps (create, answer, upload, submit, verify, score, turn down) are written
with ``bulk_create`` by ``bench.emulate``; one application in ``--sample-every`` goes through the domain functions
instead, and the emulated rows are compared with theirs before the build goes on (``compare``). Everything else
(accounts, campaign, acknowledgements, shortlists, ranking, confirmation, recommendation, the whole national stage
and the publicity) goes through the domain functions, as the demo builder does.

Templates (the scenarios run on copies):

* ``<prefix>_rush``: the days before the application deadline, about 60 % of the applications still drafts,
  complete but for their last evidence file (the deadline rush submits them);
* ``<prefix>_national``: the national evaluation (the province queue and the national board);
* ``<prefix>_final``: one list final, the other in publicity (the public page and the exports).

Deterministic for a seed, except for times, file names and primary keys. Run it through ``bench/run generate``.
"""

import argparse
import os
import random
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

from . import databases

SEED = 2026
SAMPLE_EVERY = 50
RUSH_SHARE = 0.6
PROVINCE_CAP = 5
PLACES = {"business_reform": 30, "quality": 20}
EXPERTS, DEPARTMENTS = 30, 10
# Days from today (at 17:30) of the application, province and national deadlines at each stage: the administrator
# moves them as each window closes, as the demo builder does.
DEADLINES = {
    "applying": (21, 42, 70),
    "province": (-3, 21, 49),
    "national": (-24, -3, 25),
    "publicity": (-45, -24, -5),
}
FINAL_PUBLICITY_STARTED = 21  # days ago: the business-reform list's publicity, over by now
BATCH = 5000
TEMPLATES = ("rush", "national", "final")


def say(text):
    print(text, flush=True)


class Timer:
    """Prints and keeps how long each step took."""

    def __init__(self):
        self.started = self.last = time.monotonic()
        self.steps = {}

    def step(self, name):
        now = time.monotonic()
        self.steps[name] = round(now - self.last, 1)
        say(f"  {name}: {now - self.last:.1f} s")
        self.last = now

    @property
    def total(self):
        return time.monotonic() - self.started


@dataclass(frozen=True)
class Application:
    """One application of the plan: the demo's ``Entry`` (what its answers and scores are generated from), its
    division, whether it is still a draft when the rush starts, and whether it goes through the domain functions."""

    entry: object
    division: object
    rush: bool
    sample: bool

    @property
    def key(self):
        return (self.division.pk, self.entry.category)


class Year:
    """The campaign and who acts in it, loaded once after the accounts exist."""

    def __init__(self, campaign):
        from django.db.models import Prefetch

        from accounts.models import User
        from criteria.models import Criterion
        from demo.accounts import PROVINCE_PREFIXES, province_usernames
        from provinces.models import Membership

        self.campaign = campaign
        ordered = Criterion.objects.order_by("position", "pk")
        sets = campaign.criteria_sets.prefetch_related(Prefetch("criteria", queryset=ordered))
        self.criteria_sets = {s.category: s for s in sets}
        self.criteria = {category: list(s.criteria.all()) for category, s in self.criteria_sets.items()}
        self.users = {u.username: u for u in User.objects.all()}
        # Every generated account holds one membership: the bureau ``record`` finds for it.
        self.bureau_of = {m.user_id: m.bureau for m in Membership.objects.select_related("bureau__division")}
        self.reviewer_of = {code: province_usernames(code)[0] for code in PROVINCE_PREFIXES}
        self.approver_of = {code: province_usernames(code)[1] for code in PROVINCE_PREFIXES}


# ---------------------------------------------------------------- accounts, campaign, plan


def at(days):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), clock(17, 30)))


def arrange(admin, campaign, stage):
    """The administrator moves the deadlines so that ``stage`` is "now" (audited as ``campaign.update``)."""
    from nominations.domain import campaigns

    names = ("application_deadline", "province_deadline", "national_deadline")
    return campaigns.save_campaign(admin, campaign, {n: at(d) for n, d in zip(names, DEADLINES[stage], strict=True)})


def eligible_divisions():
    """Every division that may apply (art. 2), in code order."""
    from criteria.domain.eligibility import applicant_eligibility
    from provinces.enums import Level
    from provinces.models import Division

    divisions = Division.objects.filter(active=True, level__in=(Level.PREFECTURE, Level.COUNTY))
    return [d for d in divisions.select_related("province").order_by("code") if applicant_eligibility(d)]


def make_accounts(divisions):
    """The demo's account builders (one shared password, hashed once) and 40 experts through the provisioning
    function; returns the administrator."""
    from accounts.domain.provisioning import Row, provision
    from accounts.models import User
    from demo.accounts import ensure_applicant_accounts, ensure_demo_accounts

    ensure_demo_accounts()
    ensure_applicant_accounts(divisions)
    people = [(f"bench_expert_{i:02d}", f"评审专家{i}") for i in range(1, EXPERTS + 1)]
    people += [(f"bench_department_{i:02d}", f"相关部门联络员{i}") for i in range(1, DEPARTMENTS + 1)]
    rows = [
        Row(line=line, username=username, role="expert", division="samr", name=name)
        for line, (username, name) in enumerate(people, start=2)
    ]
    result = provision(rows)
    if result.errors:
        raise SystemExit(f"provisioning refused: {result.errors}")
    return User.objects.get(username="admin")


def make_campaign(admin, divisions, seed):
    """This year's campaign through the domain functions: created, places and caps set, opened and acknowledged by
    every province; a quarter of the western counties flagged underdeveloped (art. 8), as an administrator imports
    them."""
    from django.utils import timezone

    from accounts.models import User
    from criteria.enums import Category
    from criteria.models import CriteriaSet
    from demo.accounts import PROVINCE_PREFIXES, province_usernames
    from nominations.domain import campaigns
    from nominations.models import ProvinceCap, Quota
    from provinces.domain.divisions import import_underdeveloped
    from provinces.enums import Level, Region
    from provinces.models import Division

    year = timezone.localdate().year
    application, province, national = (at(d) for d in DEADLINES["applying"])
    campaign = campaigns.save_campaign(
        admin,
        None,
        {
            "year": year,
            "title": f"{year}年度市场监管工作真抓实干成效明显地方推荐认定工作",
            "notice_number": f"市监信函〔{year}〕12号",
            "notice_text": "请各省级市场监管部门按照国市监信〔2020〕19号组织本省申报推荐工作。",
            "application_deadline": application,
            "province_deadline": province,
            "national_deadline": national,
            "reference_date": datetime(year - 1, 12, 31).date(),
            "criteria_sets": list(CriteriaSet.objects.filter(year=2020)),
        },
    )
    for category, places in PLACES.items():
        Quota.objects.create(campaign=campaign, category=category, places=places)
    ProvinceCap.objects.bulk_create(
        ProvinceCap(campaign=campaign, province=p, category=c, cap=PROVINCE_CAP)
        for p in Division.objects.filter(level=Level.PROVINCE)
        for c in Category.values
    )
    campaign = campaigns.open_campaign(admin, campaign)
    for code in sorted(PROVINCE_PREFIXES):
        campaigns.acknowledge(User.objects.get(username=province_usernames(code)[1]), campaign)
    rng = random.Random(f"{seed}:underdeveloped")
    western = [d.code for d in divisions if d.region == Region.WEST and d.level == Level.COUNTY]
    flagged = sorted(rng.sample(western, len(western) // 4))
    report = import_underdeveloped("区划代码,欠发达\n" + "".join(f"{code},是\n" for code in flagged))
    if report.errors:
        raise SystemExit(f"underdeveloped import refused: {report.errors}")
    return campaign


def make_plan(divisions, seed, sample_every):
    from criteria.enums import Category
    from demo.seed import Entry

    rng = random.Random(seed)
    plan = []
    for division in divisions:
        for category in (Category.BUSINESS_REFORM, Category.QUALITY):
            entry = Entry(
                code=division.code,
                category=category,
                username=division.code,
                province=division.province.code,
                merit=rng.randint(60, 95),
                submit="applying",
                draft_complete=True,
            )
            plan.append(Application(entry, division, rng.random() < RUSH_SHARE, len(plan) % sample_every == 0))
    return plan


# ---------------------------------------------------------------- the applicants' and provinces' steps


class Builder:
    """Runs each mass step: the sample through the domain functions, the rest emulated and written in bulk."""

    def __init__(self, year, plan, seed):
        from django.core.files.storage import storages

        from .emulate import Emulator

        self.year, self.plan = year, plan
        self.emulator = Emulator(year, seed)
        self.storage = storages["private"]
        self.nominations = {}  # application key -> Nomination, the bulk ones
        self.events = []

    @property
    def bulk(self):
        return [a for a in self.plan if not a.sample]

    def clerk(self, application):
        return self.year.users[application.entry.username]

    def write_events(self):
        from core.models import AuditEvent

        AuditEvent.objects.bulk_create(self.events, batch_size=BATCH)
        self.events = []

    def write_attachments(self, pairs):
        """The files first, then their rows (the upload events need the rows' keys)."""
        from nominations.models import Attachment

        for attachment, content in pairs:
            path = Path(self.storage.path(attachment.file.name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return Attachment.objects.bulk_create([a for a, _content in pairs], batch_size=BATCH)

    def stored_answers(self, nominations):
        from nominations.models import Answer

        by_nomination = {}
        for answer in Answer.objects.filter(nomination__in=nominations).select_related("criterion"):
            by_nomination.setdefault(answer.nomination_id, []).append(answer)
        return by_nomination

    # ------------------------------------------------------------ applying

    def apply(self):
        """Every application created, answered and given its files; all but the rush's drafts submitted."""
        from nominations.domain import applications, workflow
        from nominations.models import Answer, Nomination, NominationVersion

        from .emulate import evidence_upload

        for application in (a for a in self.plan if a.sample):
            clerk = self.clerk(application)
            items, summary = self.emulator.items(application)
            nomination = applications.create_nomination(clerk, self.year.campaign, application.entry.category)
            applications.save_answers(clerk, nomination, items, summary=summary)
            for criterion in self.emulator.evidence_criteria(application, rush_draft=application.rush):
                upload = evidence_upload(application.division.code, criterion)
                applications.add_attachment(clerk, nomination, upload, criterion_number=criterion.number)
            if not application.rush:
                workflow.submit(clerk, nomination, pledge=True)

        emulator = self.emulator
        self.nominations = {a.key: emulator.nomination(a) for a in self.bulk}
        # Answered before the rows are written, so that each is inserted once with its summary; the events, which
        # need the keys, follow in the order of the calls.
        answers = [row for a in self.bulk for row in emulator.answers(a, self.nominations[a.key])]
        Nomination.objects.bulk_create(self.nominations.values(), batch_size=BATCH)
        pairs = []
        for application in self.bulk:
            nomination = self.nominations[application.key]
            self.events.append(emulator.created(application, nomination))
            self.events.append(emulator.answered(application, nomination))
            for criterion in emulator.evidence_criteria(application, rush_draft=application.rush):
                pairs.append((application, emulator.attachment(application, nomination, criterion)))
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        saved = self.write_attachments([pair for _application, pair in pairs])
        for (application, _pair), attachment in zip(pairs, saved, strict=True):
            self.events.append(emulator.uploaded(application, self.nominations[application.key], attachment))
        submitting = [a for a in self.bulk if not a.rush]
        answers_of = self.stored_answers([self.nominations[a.key] for a in submitting])
        versions = []
        for application in submitting:
            nomination = self.nominations[application.key]
            version, event = emulator.submitted(application, nomination, answers_of[nomination.pk])
            versions.append(version)
            self.events.append(event)
        NominationVersion.objects.bulk_create(versions, batch_size=BATCH)
        self.save_submitted([self.nominations[a.key] for a in submitting])
        self.write_events()

    def save_submitted(self, nominations):
        from nominations.models import Nomination

        fields = ["state", "pledge_text", "pledge_accepted_at", "pledge_accepted_by", "submitted_at", "version"]
        Nomination.objects.bulk_update(nominations, fields, batch_size=500)

    def complete_rush(self):
        """What the rush does to each draft left for it: save the answers, upload the last file, submit."""
        from nominations.domain import applications, workflow
        from nominations.models import Nomination, NominationVersion

        from .emulate import evidence_upload

        for application in (a for a in self.plan if a.sample and a.rush):
            clerk = self.clerk(application)
            nomination = Nomination.objects.get(
                campaign=self.year.campaign, division=application.division, category=application.entry.category
            )
            items, summary = self.emulator.items(application)
            applications.save_answers(clerk, nomination, items, summary=summary)
            criterion = self.emulator.last_evidence_criterion(application)
            upload = evidence_upload(application.division.code, criterion)
            applications.add_attachment(clerk, nomination, upload, criterion_number=criterion.number)
            workflow.submit(clerk, nomination, pledge=True)

        emulator = self.emulator
        rush = [a for a in self.bulk if a.rush]
        pairs = []
        for application in rush:
            nomination = self.nominations[application.key]
            self.events.append(emulator.answered(application, nomination))
            criterion = emulator.last_evidence_criterion(application)
            pairs.append((application, emulator.attachment(application, nomination, criterion)))
        saved = self.write_attachments([pair for _application, pair in pairs])
        for (application, _pair), attachment in zip(pairs, saved, strict=True):
            self.events.append(emulator.uploaded(application, self.nominations[application.key], attachment))
        answers_of = self.stored_answers([self.nominations[a.key] for a in rush])
        versions = []
        for application in rush:
            nomination = self.nominations[application.key]
            version, event = emulator.submitted(application, nomination, answers_of[nomination.pk])
            versions.append(version)
            self.events.append(event)
        NominationVersion.objects.bulk_create(versions, batch_size=BATCH)
        self.save_submitted([self.nominations[a.key] for a in rush])
        self.write_events()

    # ------------------------------------------------------------ the province's review

    def review(self):
        """Every application verified and scored by its province's reviewer."""
        from nominations.domain import workflow
        from nominations.models import Nomination, Review

        from .emulate import VERIFY_NOTE

        for application in (a for a in self.plan if a.sample):
            reviewer = self.year.users[self.year.reviewer_of[application.entry.province]]
            nomination = Nomination.objects.get(
                campaign=self.year.campaign, division=application.division, category=application.entry.category
            )
            nomination = workflow.verify(reviewer, nomination, note=VERIFY_NOTE)
            scores = self.emulator.province_scores(application)
            workflow.save_province_review(reviewer, nomination, criteria=scores, comment=VERIFY_NOTE)

        reviews = []
        for application in self.bulk:
            nomination = self.nominations[application.key]
            self.events.append(self.emulator.verified(application, nomination))
            review, event = self.emulator.reviewed(application, nomination)
            reviews.append(review)
            self.events.append(event)
        Review.objects.bulk_create(reviews, batch_size=BATCH)
        Nomination.objects.bulk_update(
            self.nominations.values(), ["state", "verification_note", "province_score"], batch_size=500
        )
        self.write_events()

    def recommend(self):
        """Per province and category: the best five shortlisted, everything ranked, the rest turned down (sample
        through ``workflow.reject``, the others emulated), the government's confirmation, the recommendation."""
        from django.db.models import F

        from demo.seed import PROVINCE_SHORT
        from nominations.domain import workflow
        from nominations.enums import NominationState as S
        from nominations.models import Nomination

        from .emulate import RANKED_OUT

        campaign = self.year.campaign
        by_key = {a.key: a for a in self.plan}
        lists = {}
        for nomination in (
            Nomination.objects.filter(campaign=campaign, state=S.VERIFIED)
            .select_related("division__province", "campaign")
            .order_by(F("province_score").desc(), "division__code")
        ):
            lists.setdefault((nomination.division.province.code, nomination.category), []).append(nomination)
        turned_down = []
        for (province, category), candidates in sorted(lists.items()):
            reviewer = self.year.users[self.year.reviewer_of[province]]
            for nomination in candidates[:PROVINCE_CAP]:
                workflow.shortlist(reviewer, nomination)
            recommendation = workflow.recommendation_for(campaign, candidates[0].division.province, category)
            workflow.rank(reviewer, recommendation, [n.pk for n in candidates])
            for nomination in candidates[PROVINCE_CAP:]:
                application = by_key[(nomination.division_id, category)]
                if application.sample:
                    workflow.reject(reviewer, nomination, reason=RANKED_OUT)
                else:
                    self.events.append(self.emulator.rejected(application, nomination))
                    turned_down.append(nomination)
        Nomination.objects.bulk_update(turned_down, ["state", "rejection_reason"], batch_size=500)
        self.write_events()
        for (province, category), candidates in sorted(lists.items()):
            approver = self.year.users[self.year.approver_of[province]]
            recommendation = workflow.recommendation_for(campaign, candidates[0].division.province, category)
            number = f"{PROVINCE_SHORT[province]}府函〔{campaign.year}〕{30 + int(province[:2])}号"
            recommendation = workflow.confirm(
                approver, recommendation, document_number=number, document_date=at(0).date()
            )
            workflow.recommend(approver, recommendation)


# ---------------------------------------------------------------- the check: emulated rows against the domain's


def compare(builder):
    """Emulate the sample's steps in memory and compare them with what the domain functions stored.

    Keys, times, stored file names and the attachment key inside upload events differ by nature and are left out;
    every other column of every row must be equal. Returns how many applications were compared.
    """
    from core.models import AuditEvent
    from nominations.models import Nomination

    emulator = builder.emulator
    actions = {
        "nomination.create",
        "nomination.answers",
        "attachment.upload",
        "nomination.submit",
        "nomination.verify",
        "nomination.review",
        "nomination.reject",
    }
    sample = [a for a in builder.plan if a.sample]
    stored = {
        (n.division_id, n.category): n
        for n in Nomination.objects.filter(campaign=builder.year.campaign, division__in=[a.division for a in sample])
        .select_related("division", "campaign", "criteria_set")
        .prefetch_related("answers__criterion", "attachments", "versions", "reviews")
    }
    problems = []
    for application in sample:
        real = stored[application.key]
        twin = Nomination(
            pk=real.pk,
            campaign=real.campaign,
            category=real.category,
            division=real.division,
            criteria_set=builder.year.criteria_sets[real.category],
            created_by=real.created_by,
        )
        events = [emulator.created(application, twin)]
        answers = emulator.answers(application, twin)
        events.append(emulator.answered(application, twin))
        attachments = []
        for criterion in emulator.evidence_criteria(application, rush_draft=application.rush):
            attachment, _content = emulator.attachment(application, twin, criterion)
            attachments.append(attachment)
            events.append(emulator.uploaded(application, twin, attachment))
        if application.rush:
            events.append(emulator.answered(application, twin))
            attachment, _content = emulator.attachment(application, twin, emulator.last_evidence_criterion(application))
            attachments.append(attachment)
            events.append(emulator.uploaded(application, twin, attachment))
        version, event = emulator.submitted(application, twin, answers)
        events.append(event)
        events.append(emulator.verified(application, twin))
        review, event = emulator.reviewed(application, twin)
        events.append(event)
        if real.state == "not_recommended":
            events.append(emulator.rejected(application, twin))
        expected = {
            "events": [_event_row(e) for e in events],
            "answers": sorted(_answer_row(a) for a in answers),
            "attachments": [_attachment_row(a) for a in attachments],
            "versions": [(version.number, version.summary, version.answers, version.created_by_id)],
            "reviews": [(review.stage, review.reviewer_id, review.criteria, review.score, review.comment)],
            "nomination": _nomination_row(twin),
        }
        real_events = AuditEvent.objects.for_object(real).filter(action__in=actions).order_by("at", "pk")
        found = {
            "events": [_event_row(e) for e in real_events],
            "answers": sorted(_answer_row(a) for a in real.answers.all()),
            "attachments": [_attachment_row(a) for a in sorted(real.attachments.all(), key=lambda a: a.pk)],
            "versions": [(v.number, v.summary, v.answers, v.created_by_id) for v in real.versions.all()],
            "reviews": [(r.stage, r.reviewer_id, r.criteria, r.score, r.comment) for r in real.reviews.all()],
            "nomination": _nomination_row(real),
        }
        for part, value in expected.items():
            if found[part] != value:
                problems.append(f"{real} ({part}):\n    emulated {value}\n    stored   {found[part]}")
    if problems:
        raise SystemExit("the emulated rows differ from the domain functions':\n" + "\n".join(problems[:5]))
    return len(sample)


def _event_row(event):
    data = {k: v for k, v in event.data.items() if k != "attachment"}
    return (
        event.action,
        event.actor_id,
        event.role,
        event.bureau_id,
        event.content_type_id,
        event.object_pk,
        event.object_repr,
        event.from_state,
        event.to_state,
        event.comment,
        event.ip,
        data,
    )


def _answer_row(answer):
    return (answer.criterion_id, answer.met, answer.value, answer.narrative, answer.highlight, answer.indicators)


def _attachment_row(attachment):
    return (
        attachment.criterion_id,
        attachment.purpose,
        attachment.original_name,
        attachment.kind,
        attachment.content_type,
        attachment.size,
        attachment.sha256,
        attachment.uploaded_by_id,
    )


def _nomination_row(nomination):
    return (
        nomination.summary,
        nomination.pledge_text,
        nomination.pledge_accepted_by_id,
        nomination.version,
        nomination.verification_note,
        nomination.province_score,
        nomination.rejection_reason if nomination.state == "not_recommended" else "",
    )


# ---------------------------------------------------------------- SAMR: evaluation, balance, publicity


def national_stage(year, seed):
    """Findings, two experts and one related department per recommended application, the opinions, SAMR's score,
    then each list balanced (the demo's settings) and the suggestion accepted."""
    from demo.seed import BALANCE, Entry, criterion_scores
    from national.domain import evaluation, national_list
    from national.models import AssignmentStage, FindingKind
    from nominations.enums import NominationState as S
    from nominations.models import Nomination

    reviewer = year.users["samr_reviewer"]
    experts = [year.users[f"bench_expert_{i:02d}"] for i in range(1, EXPERTS + 1)]
    departments = [year.users[f"bench_department_{i:02d}"] for i in range(1, DEPARTMENTS + 1)]
    recommended = list(
        Nomination.objects.filter(campaign=year.campaign, state=S.RECOMMENDED)
        .select_related("division__province", "campaign", "criteria_set")
        .order_by("category", "division__code")
    )
    rng = random.Random(f"{seed}:national")
    for index, nomination in enumerate(recommended):
        if index % 4 == 0:
            evaluation.add_finding(
                reviewer,
                nomination,
                kind=FindingKind.INSPECTION,
                text="国务院大督查实地检查情况与申报材料一致。",
                source="国务院大督查",
            )
        asked = [
            (experts[(2 * index) % EXPERTS], AssignmentStage.EXPERT),
            (experts[(2 * index + 1) % EXPERTS], AssignmentStage.EXPERT),
            (departments[index % DEPARTMENTS], AssignmentStage.DEPARTMENT),
        ]
        for expert, stage in asked:
            evaluation.assign(reviewer, nomination, expert, stage=stage)
        entry = Entry(
            code=nomination.division.code,
            category=nomination.category,
            username=nomination.division.code,
            province=nomination.division.province.code,
            merit=int(nomination.province_score) + rng.randint(-3, 3),
            submit="applying",
            draft_complete=True,
        )
        for expert, _stage in asked:
            scores = criterion_scores(entry, nomination.criteria_set, seed, f"opinion:{expert.username}", 4)
            evaluation.file_opinion(expert, nomination, criteria=scores, comment="同意推荐，成效明显。")
        evaluation.evaluate(reviewer, nomination, comment="采纳行业专家和相关部门意见的平均分。")
    lists = {}
    for category in PLACES:
        the_list, _created = national_list.open_national_list(reviewer, year.campaign, category)
        national_list.configure(reviewer, the_list, **BALANCE[category])
        lists[category] = national_list.accept_suggestion(reviewer, the_list)
    return lists


def publicity_stage(year, lists):
    """Both lists approved; the business-reform list publicised three weeks ago, closed and finalised; the quality
    list publicised now, with one objection filed."""
    from django.utils import timezone

    from core.domain.workdays import package_knows
    from core.models import CalendarYear
    from national.domain import national_list
    from publicity.domain import objections, publication, publicity

    approver = year.users["samr_approver"]
    today = timezone.localdate()
    for calendar_year in range(today.year - 1, today.year + 2):
        if not package_knows(calendar_year):  # as the demo does: Monday to Friday, declared by an administrator
            CalendarYear.objects.update_or_create(year=calendar_year, defaults={"complete": True})
    for the_list in lists.values():
        national_list.approve(approver, the_list)
    reform, quality = lists["business_reform"], lists["quality"]
    starts_at = timezone.make_aware(datetime.combine(today - timedelta(days=FINAL_PUBLICITY_STARTED), clock()))
    title, text = publicity.default_notice(reform)
    publicity.publicise(
        approver, reform, starts_at=starts_at, notice_title=title, notice_text=text, now=starts_at - timedelta(hours=1)
    )
    publicity.close_ended_periods()
    publication.finalise(approver, reform, note="公示期满，无异议。")
    title, text = publicity.default_notice(quality)
    period = publicity.publicise(approver, quality, notice_title=title, notice_text=text)
    entry = quality.entries.select_related("nomination").order_by("position").first()
    objections.submit_objection(
        period,
        nomination=entry.nomination,
        name="王建国",
        contact="13912345678",
        grounds="该地申报的产品质量合格率与我了解的监督抽查结果不符，请核查。",
        ip="203.0.113.21",
    )
    return period


# ---------------------------------------------------------------- the run


def snapshot(build, prefix, name, timer):
    """Copy the build database as template ``name``, with the planner's statistics and the visibility map up to
    date, as autovacuum keeps them on a server in use (without them the plans of the copied bulk-written tables are
    those of empty ones)."""
    from django.db import connection, connections

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connections.close_all()
    databases.create(f"{prefix}_{name}", template=build)
    timer.step(f"template {prefix}_{name}")


def counts():
    from accounts.models import User
    from core.models import AuditEvent
    from nominations.enums import NATIONAL_STATES
    from nominations.models import Answer, Attachment, Nomination, Review

    return {
        "accounts": User.objects.count(),
        "nominations": Nomination.objects.count(),
        "answers": Answer.objects.count(),
        "attachments": Attachment.objects.count(),
        "reviews": Review.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "recommended": Nomination.objects.filter(state__in=NATIONAL_STATES).count(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sample-every", type=int, default=SAMPLE_EVERY)
    parser.add_argument("--prefix", default="portal_bench", help="database names: <prefix>_build, _rush, …")
    args = parser.parse_args(argv)
    build = f"{args.prefix}_build"
    timer = Timer()
    say(f"Generating the national-scale year (seed {args.seed}) in {build}")
    databases.create(build)
    os.environ["DATABASE_URL"] = databases.url(build)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from criteria.models import Incident

    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    shutil.rmtree(private, ignore_errors=True)
    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    timer.step("migrate and load_divisions")
    if Incident.objects.exists():
        raise SystemExit("the incident register of a fresh database should be empty")
    divisions = eligible_divisions()
    admin = make_accounts(divisions)
    campaign = make_campaign(admin, divisions, args.seed)
    year = Year(campaign)
    plan = make_plan(divisions, args.seed, args.sample_every)
    builder = Builder(year, plan, args.seed)
    timer.step(f"{len(year.users)} accounts, campaign, plan of {len(plan)} applications")
    with transaction.atomic():
        builder.apply()
    timer.step("applying: created, answered, files, submitted (all but the rush's drafts)")
    rush_valid_until = campaign.application_deadline
    snapshot(build, args.prefix, "rush", timer)

    with transaction.atomic():
        builder.complete_rush()
    timer.step("the rush's drafts completed and submitted")
    campaign = arrange(admin, campaign, "province")
    year.campaign = campaign
    with transaction.atomic():
        builder.review()
    timer.step("province: verified and scored")
    with transaction.atomic():
        builder.recommend()
    timer.step("province: shortlisted, ranked, turned down, confirmed, recommended")
    compared = compare(builder)
    timer.step(f"check: the emulated rows of {compared} sampled applications equal the domain functions'")

    campaign = arrange(admin, campaign, "national")
    year.campaign = campaign
    with transaction.atomic():
        lists = national_stage(year, args.seed)
    timer.step("national: findings, experts' opinions, evaluation, balance")
    snapshot(build, args.prefix, "national", timer)

    campaign = arrange(admin, campaign, "publicity")
    year.campaign = campaign
    with transaction.atomic():
        period = publicity_stage(year, lists)
    timer.step("publicity: lists approved, business reform final, quality in publicity")
    figures = counts()
    snapshot(build, args.prefix, "final", timer)
    databases.drop(build)

    label = {
        "seed": args.seed,
        "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "valid_until": min(period.ends_at, rush_valid_until).isoformat(),
        "seconds": round(timer.total, 1),
        "steps": timer.steps,
        "counts": figures,
    }
    for name in TEMPLATES:
        databases.label(f"{args.prefix}_{name}", label)
    say(f"Done in {timer.total:.0f} s: " + ", ".join(f"{k} {v:,}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
