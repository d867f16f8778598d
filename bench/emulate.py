"""The rows the applicant's and the province's domain functions write, built in memory for bulk insertion.

Going through ``nominations.domain`` for 6,400 applications (about 80,000 calls) takes longer than the issue allows,
so the generator writes the applying and verifying steps of most applications with ``bulk_create``. The rows must be
exactly those the functions would have written: each method here mirrors one function and says which. It uses the
project's own code wherever that code is pure (the evaluation engine, ``score_criteria``, ``inspect_upload``, the
pledge text, the demo's answer and score generators), and ``bench.generate`` checks the result against a sample of
applications that did go through the domain functions (``compare``).

The e-mail notifications the functions queue after the commit are not reproduced: they are the worker's side effect
(``Notification`` rows), and no measured page reads them.
"""

from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from core.domain.uploads import inspect_upload
from core.models import AuditEvent
from core.storage import random_name
from criteria.domain.evaluation import Answer as AnswerFact
from criteria.domain.evaluation import evaluate
from criteria.domain.facts import set_spec
from criteria.enums import CriterionKind
from demo.seed import answers_for, criterion_scores
from nominations.domain.workflow import PLEDGE, score_criteria
from nominations.enums import AttachmentPurpose, NominationState, ReviewStage
from nominations.models import Answer, Attachment, Nomination, NominationVersion, Review
from provinces.enums import Role

from .evidence import evidence_pdf

S = NominationState
VERIFY_NOTE = "经核实，申报材料与省局掌握的情况一致，佐证材料齐全。"
RANKED_OUT = "经综合比选，未列入本省推荐名单。"


def evidence_upload(code, criterion):
    """The file a clerk uploads for ``criterion``, named as the demo names it."""
    return ContentFile(evidence_pdf(code, criterion.number), name=f"{criterion.number} {criterion.title} 佐证材料.pdf")


def clean_answer(criterion, item):
    """The stored values of one checklist item, as ``applications.save_answers`` cleans the demo's items."""
    values = {"met": item["met"], "narrative": str(item["narrative"])}
    if "value" in item:
        values["value"] = Decimal(str(item["value"]).strip().rstrip("%")).quantize(Decimal("0.01"))
    if "highlight" in item:
        values["highlight"] = bool(item["highlight"])
    if criterion.kind != CriterionKind.METRIC and values.get("value") is not None:
        raise InvalidOperation(f"{criterion.number} is not a metric")
    return values


class Emulator:
    """Builds the rows of one application's steps. ``year`` gives the campaign, the criteria (with their sets'
    criteria prefetched), the users and the bureau each acts for; ``seed`` drives the demo's generators."""

    def __init__(self, year, seed):
        self.year, self.seed = year, seed
        self.content_type = ContentType.objects.get_for_model(Nomination)
        self.specs = {category: set_spec(criteria_set) for category, criteria_set in year.criteria_sets.items()}

    # ------------------------------------------------------------ helpers

    def event(self, actor, role, action, nomination, *, from_state="", to_state="", comment="", **data):
        """One ``AuditEvent`` as ``core.domain.audit.record`` writes it (no request: no address)."""
        return AuditEvent(
            at=timezone.now(),
            actor=actor,
            role=role,
            bureau=self.year.bureau_of[actor.pk],
            action=action,
            content_type=self.content_type,
            object_pk=str(nomination.pk),
            object_repr=str(nomination)[:200],
            from_state=from_state,
            to_state=to_state,
            comment=comment,
            ip=None,
            data=data,
        )

    def criteria(self, application):
        return self.year.criteria[application.entry.category]

    def items(self, application):
        """The clerk's checklist and summary: the demo's generated answers for this locality."""
        return answers_for(application.entry, self.criteria(application), self.seed, complete=True)

    def evidence_criteria(self, application, *, rush_draft):
        """The criteria that get a file; a draft left for the rush still lacks its last one."""
        needing = [c for c in self.criteria(application) if c.evidence_required]
        return needing[:-1] if rush_draft else needing

    def last_evidence_criterion(self, application):
        return [c for c in self.criteria(application) if c.evidence_required][-1]

    # ------------------------------------------------------------ applications.create_nomination

    def nomination(self, application):
        entry = application.entry
        return Nomination(
            campaign=self.year.campaign,
            category=entry.category,
            division=application.division,
            criteria_set=self.year.criteria_sets[entry.category],
            created_by=self.year.users[entry.username],
        )

    def created(self, application, nomination):
        clerk = self.year.users[application.entry.username]
        return self.event(clerk, Role.APPLICANT, "nomination.create", nomination, to_state=S.DRAFT)

    # ------------------------------------------------------------ applications.save_answers

    def answers(self, application, nomination):
        """The stored answers; sets the summary on ``nomination``."""
        items, summary = self.items(application)
        by_number = {c.number: c for c in self.criteria(application)}
        rows = []
        for item in items:
            criterion = by_number[item["criterion"]]
            rows.append(Answer(nomination=nomination, criterion=criterion, **clean_answer(criterion, item)))
        nomination.summary = summary
        return rows

    def answered(self, application, nomination):
        clerk = self.year.users[application.entry.username]
        numbers = [c.number for c in self.criteria(application)]
        return self.event(clerk, Role.APPLICANT, "nomination.answers", nomination, criteria=numbers)

    # ------------------------------------------------------------ applications.add_attachment

    def attachment(self, application, nomination, criterion):
        """``(attachment, content)``: the row ``store_attachment`` saves (its file still to be written)."""
        upload = evidence_upload(application.division.code, criterion)
        inspected = inspect_upload(upload, max_bytes=self.year.campaign.max_file_mb * 1024 * 1024)
        attachment = Attachment(
            nomination=nomination,
            criterion=criterion,
            purpose=AttachmentPurpose.EVIDENCE,
            file=random_name("evidence"),
            original_name=inspected.display_name,
            kind=inspected.kind,
            content_type=inspected.content_type,
            size=inspected.size,
            sha256=inspected.sha256,
            uploaded_by=self.year.users[application.entry.username],
        )
        upload.seek(0)
        return attachment, upload.read()

    def uploaded(self, application, nomination, attachment):
        clerk = self.year.users[application.entry.username]
        return self.event(
            clerk,
            Role.APPLICANT,
            "attachment.upload",
            nomination,
            attachment=attachment.pk,
            name=attachment.original_name,
            sha256=attachment.sha256,
        )

    # ------------------------------------------------------------ workflow.submit

    def submitted(self, application, nomination, answers):
        """``(version, event)`` after the evaluation engine found the application eligible, as ``submit`` requires;
        changes ``nomination`` as ``submit`` does. ``answers`` are its stored answers (every evidence file is
        attached by then)."""
        facts = {
            a.criterion.number: AnswerFact(
                met=a.met,
                value=a.value,
                narrative=a.narrative,
                highlight=a.highlight,
                attachments=1 if a.criterion.evidence_required else 0,
            )
            for a in answers
        }
        # The incident register is empty in the generated year (checked by the generator).
        verdict = evaluate(self.specs[nomination.category], facts, (), self.year.campaign.reference_date)
        if not verdict.eligible:
            raise ValueError(f"{nomination} would be refused: {'; '.join(verdict.reasons)}")
        clerk = self.year.users[application.entry.username]
        nomination.pledge_text = PLEDGE
        nomination.pledge_accepted_at = timezone.now()
        nomination.pledge_accepted_by = clerk
        nomination.submitted_at = nomination.pledge_accepted_at
        nomination.version += 1
        snapshot = {
            a.criterion.number: {
                "met": a.met,
                "value": None if a.value is None else str(a.value),
                "narrative": a.narrative,
                "highlight": a.highlight,
                "indicators": a.indicators,
            }
            for a in answers
        }
        version = NominationVersion(
            nomination=nomination,
            number=nomination.version,
            summary=nomination.summary,
            answers=snapshot,
            created_by=clerk,
        )
        nomination.submit()  # the model's transition (django-fsm-2), as workflow.submit runs it
        event = self.event(
            clerk, Role.APPLICANT, "nomination.submit", nomination, from_state=S.DRAFT, to_state=S.SUBMITTED
        )
        return version, event

    # ------------------------------------------------------------ workflow.verify, save_province_review, reject

    def reviewer(self, application):
        return self.year.users[self.year.reviewer_of[application.entry.province]]

    def verified(self, application, nomination):
        nomination.verification_note = VERIFY_NOTE
        nomination.verify()
        return self.event(
            self.reviewer(application),
            Role.PROVINCE_REVIEWER,
            "nomination.verify",
            nomination,
            from_state=S.SUBMITTED,
            to_state=S.VERIFIED,
            comment=VERIFY_NOTE,
        )

    def province_scores(self, application):
        """The reviewer's per-criterion scores, as the demo's province round gives them."""
        criteria_set = self.year.criteria_sets[application.entry.category]
        return criterion_scores(application.entry, criteria_set, self.seed, "province", 5)

    def reviewed(self, application, nomination):
        """``(review, event)``; sets the province score (the mean of the one province review)."""
        cleaned, score = score_criteria(nomination.criteria_set, self.province_scores(application))
        reviewer = self.reviewer(application)
        review = Review(
            nomination=nomination,
            stage=ReviewStage.PROVINCE,
            reviewer=reviewer,
            criteria=cleaned,
            score=score,
            comment=VERIFY_NOTE,
        )
        nomination.province_score = score.quantize(Decimal("0.01"))
        event = self.event(reviewer, Role.PROVINCE_REVIEWER, "nomination.review", nomination, score=str(score))
        return review, event

    def rejected(self, application, nomination):
        nomination.rejection_reason = RANKED_OUT
        nomination.reject()
        return self.event(
            self.reviewer(application),
            Role.PROVINCE_REVIEWER,
            "nomination.reject",
            nomination,
            from_state=S.VERIFIED,
            to_state=S.NOT_RECOMMENDED,
            comment=RANKED_OUT,
        )
