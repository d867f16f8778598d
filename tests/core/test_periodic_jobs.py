# ruff: noqa: F811 - fixtures imported from test_national are redefined as arguments
"""The daily jobs' side effects: reminders before deadlines, once each, only to whoever has not acted; and
``manage.py run_periodic`` running every scheduled job once, a second run changing nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.domain.reminders import send_reminders
from core.models import AuditEvent, Reminder
from national.domain import evaluation
from nominations.enums import NominationState
from nominations.models import Campaign

from ..national.test_evaluation import recommended  # noqa: F401
from ..nominations.test_nominations_api import make

pytestmark = pytest.mark.django_db
S = NominationState


def test_drafts_are_reminded_once_before_the_application_deadline(
    campaign, county_clerk, django_capture_on_commit_callbacks, eager_tasks, settings
):
    settings.REMINDER_DAYS = 3
    draft = make(campaign, "440902", county_clerk, state=S.DRAFT)
    make(campaign, "440981", county_clerk, state=S.SUBMITTED)  # has acted
    deadline = campaign.application_deadline
    assert send_reminders(now=deadline - timedelta(days=4)) == 0  # too early
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(now=deadline - timedelta(days=2)) == 1
    assert [m.to for m in mail.outbox] == [[county_clerk.email]] and "申报即将截止" in mail.outbox[0].subject
    assert send_reminders(now=deadline - timedelta(days=1)) == 0  # once
    assert send_reminders(now=deadline + timedelta(minutes=1)) == 0  # the deadline has passed
    assert Reminder.objects.get().object_pk == str(draft.pk)


def test_returns_and_provinces_and_information_requests(campaign, county_clerk, samr_reviewer, recommended, settings):
    settings.REMINDER_DAYS = 3
    now = timezone.now()
    make(campaign, "440981", county_clerk, state=S.RETURNED, return_deadline=now + timedelta(days=1))
    evaluation.request_information(samr_reviewer, recommended, question="请补充。", due_at=now + timedelta(days=2))
    make(campaign, "440904", county_clerk, category="business_reform", state=S.VERIFIED)
    Campaign.objects.filter(pk=campaign.pk).update(province_deadline=now + timedelta(days=2))
    assert send_reminders(now=now) == 3
    assert sorted(AuditEvent.objects.filter(action__startswith="reminder.").values_list("action", flat=True)) == [
        "reminder.information",
        "reminder.province",
        "reminder.revision",
    ]
    assert send_reminders(now=now) == 0


def test_run_periodic_runs_each_job_once(campaign, county_clerk, settings):
    settings.REMINDER_DAYS = 40
    make(campaign, "440902", county_clerk, state=S.DRAFT)
    out = StringIO()
    call_command("run_periodic", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "publicity.close_ended_periods: 0",
        "nominations.close_province_stages: 0",
        "nominations.expire_sanctions: 0",
        "core.send_reminders: 1",
        "documents.requeue_exports: 0",
        "core.send_missed_notifications: 1",  # the reminder's: this test's commit callbacks never run
    ]
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert [line.rsplit(": ", 1)[1] for line in out.getvalue().splitlines()] == ["0"] * 6
