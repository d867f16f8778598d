"""When the broker cannot take a message (Redis down or restarting): the action that sent it still succeeds, the
work stays recorded in the database, and the periodic jobs send it once the broker is back
(``core/domain/broker.py``). The same on the real Redis: tests/integration/test_faults.py."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.domain.notifications import send_missed_notifications
from core.models import Notification
from core.tasks import send_notification
from documents.domain import exports
from documents.models import Export, ExportState
from documents.tasks import run_export
from nominations.domain import workflow

from ..documents.conftest import published  # noqa: F401
from ..nominations.conftest import complete

pytestmark = pytest.mark.django_db


class Broker:
    """Stands between the tasks and the broker: refuses every message while down, as kombu does after its retries;
    records what it let through, and runs it at once (eager) unless told to hold it as a busy queue would."""

    def __init__(self, monkeypatch):
        self.down = False
        self.holds = False
        self.sent = []
        for task in (run_export, send_notification):
            monkeypatch.setattr(task, "delay", self._sender(task, task.delay))

    def _sender(self, task, delay):
        def send(*args):
            if self.down:
                raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            self.sent.append((task.name, *args))
            return None if self.holds else delay(*args)

        return send


@pytest.fixture
def broker(monkeypatch, eager_tasks):
    return Broker(monkeypatch)


def test_an_export_requested_while_the_broker_is_down_is_kept_and_made_later(
    published,  # noqa: F811 (fixture)
    campaign,
    samr_reviewer,
    broker,
    django_capture_on_commit_callbacks,
):
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.request_export(samr_reviewer, "final_list_pdf", {"campaign": campaign.pk})

    assert "任务队列暂时不可用" in export.message  # what the export page shows its requester
    export.refresh_from_db()
    assert (export.state, export.queued_at) == (ExportState.PENDING, None)
    assert "恢复后将自动生成" in export.message
    assert exports.requeue_exports() == 0  # still down: nothing lost, nothing marked as sent
    assert Export.objects.get(pk=export.pk).queued_at is None

    broker.down = False
    assert exports.requeue_exports() == 1

    export.refresh_from_db()
    assert export.state == ExportState.DONE and export.message == ""
    assert exports.requeue_exports() == 0
    assert broker.sent == [("documents.run_export", export.pk)]


def test_requeue_sends_only_what_no_worker_will_take_up(samr_reviewer, broker, settings):
    settings.EXPORT_STALE_MINUTES = 15
    now = timezone.now()
    stale, fresh = now - timedelta(minutes=16), now - timedelta(minutes=1)

    def export(name, state, queued_at, started_at=None):
        return Export.objects.create(
            kind="final_list_pdf",
            title=name,
            created_by=samr_reviewer,
            state=state,
            queued_at=queued_at,
            started_at=started_at,
        ).pk

    expected = {
        export("never queued", ExportState.PENDING, None),
        export("message lost", ExportState.PENDING, stale),
        export("worker died", ExportState.RUNNING, stale, started_at=stale),
    }
    export("in the queue", ExportState.PENDING, fresh)
    export("being made", ExportState.RUNNING, stale, started_at=fresh)
    export("done", ExportState.DONE, stale, started_at=stale)
    export("failed", ExportState.FAILED, None, started_at=stale)
    broker.down, broker.holds = True, True
    assert exports.requeue_exports() == 0

    broker.down = False
    sent = exports.requeue_exports()

    assert sent == 3 and {pk for _, pk in broker.sent} == expected
    assert exports.requeue_exports() == 0  # still in the queue: sent again only after EXPORT_STALE_MINUTES


def test_a_workflow_action_while_the_broker_is_down_succeeds_and_its_mail_follows_once(
    draft, county_clerk, province_reviewer, broker, django_capture_on_commit_callbacks
):
    complete(draft, county_clerk)
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        submitted = workflow.submit(county_clerk, draft, pledge=True)
    assert submitted.state == "submitted" and mail.outbox == []

    broker.down = False
    assert send_missed_notifications() == 1

    assert [m.to for m in mail.outbox] == [[province_reviewer.email]]
    assert Notification.objects.get().event.action == "nomination.submit"
    assert send_missed_notifications() == 0
    send_notification.delay(Notification.objects.get().event_id)  # the lost message turning up after all
    assert len(mail.outbox) == 1


def test_missed_notifications_look_back_three_days(draft, county_clerk, province_reviewer, broker):
    complete(draft, county_clerk)
    broker.down = True
    workflow.submit(county_clerk, draft, pledge=True)  # its commit callbacks never run here: as if lost
    assert send_missed_notifications(now=timezone.now() + timedelta(days=3, minutes=1)) == 0
    assert send_missed_notifications() == 1
