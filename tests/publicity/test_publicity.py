"""Opening publicity (对外公示, art. 7(4)): the end in working days, the refusals, the periodic job's side effect."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.domain.workdays import CalendarUnknown
from core.models import AuditEvent
from national.models import NationalList, NationalListState
from nominations.enums import NominationState
from nominations.models import Nomination
from publicity.checks import check_publicity_settings
from publicity.domain import publicity
from publicity.models import PublicityPeriod

from .conftest import AFTER, BEFORE, DURING, END, START, at, listed

pytestmark = pytest.mark.django_db
S = NominationState


def publicise(user, national_list, **fields):
    values = {"starts_at": START, "notice_title": "关于拟认定名单的公示", "notice_text": "现予以公示。", "now": BEFORE}
    return publicity.publicise(user, national_list, **{**values, **fields})


def snapshot(national_list):
    return (
        PublicityPeriod.objects.count(),
        AuditEvent.objects.count(),
        NationalList.objects.get(pk=national_list.pk).state,
        sorted(Nomination.objects.values_list("state", flat=True)),
    )


def test_publicise_counts_working_days_across_national_day(quality_list, samr_approver):
    period = publicise(samr_approver, quality_list)

    # 09-29, 09-30, 10-09, 10-10 and the worked Saturday 10-11: ends at 24:00 on 10-11.
    assert (period.starts_at, period.ends_at, period.working_days) == (START, END, 5)
    assert period.last_day.isoformat() == "2025-10-11"
    assert NationalList.objects.get(pk=quality_list.pk).state == NationalListState.IN_PUBLICITY
    assert {n.state for n in listed(quality_list)} == {S.IN_PUBLICITY}
    assert AuditEvent.objects.filter(action="publicity.publicise", object_pk=str(period.pk)).count() == 1
    assert AuditEvent.objects.filter(action="national_list.publicise").count() == 1


def test_openness_is_computed_from_the_clock(period):
    assert not period.has_started(BEFORE) and not period.is_open(BEFORE)
    assert period.is_open(START) and period.is_open(DURING) and period.is_open(at("2025-10-11", 23, 59))
    assert not period.is_open(END) and period.has_ended(END) and period.has_ended(AFTER)


def test_publicise_across_the_spring_festival(quality_list, samr_approver):
    period = publicise(samr_approver, quality_list, starts_at=at("2026-02-12"), now=at("2026-02-11", 17))

    # 02-12, 02-13, the worked Saturday 02-14, then 02-24 and 02-25 after the holiday.
    assert period.ends_at == at("2026-02-26")


def test_a_start_during_the_day_counts_from_the_next_working_day(quality_list, samr_approver):
    period = publicise(samr_approver, quality_list, starts_at=at("2025-09-29", 10))

    assert period.ends_at == at("2025-10-14")


def test_an_unknown_calendar_year_is_a_clear_error_and_nothing_changes(quality_list, samr_approver):
    before = snapshot(quality_list)

    with pytest.raises(CalendarUnknown, match="尚无2027年的法定节假日安排"):
        publicise(samr_approver, quality_list, starts_at=at("2027-03-01"), now=at("2027-02-01"))

    assert snapshot(quality_list) == before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"notice_title": "  "}, "notice_title", "请填写公示标题"),
        ({"notice_title": "公" * 201}, "notice_title", "不能超过 200 个字"),
        ({"notice_text": ""}, "notice_text", "请填写公示内容"),
        ({"starts_at": at("2025-09-27")}, "starts_at", "不能早于现在"),
    ],
)
def test_bad_notices_are_refused_and_nothing_changes(quality_list, samr_approver, fields, field, message):
    before = snapshot(quality_list)

    with pytest.raises(ValidationError) as error:
        publicise(samr_approver, quality_list, **fields)

    assert message in error.value.message_dict[field][0]
    assert snapshot(quality_list) == before


def test_only_samr_leadership_publicises(quality_list, samr_reviewer, province_reviewer, county_clerk, anonymous):
    before = snapshot(quality_list)
    with pytest.raises(PermissionDenied):
        publicise(samr_reviewer, quality_list)
    for user in (province_reviewer, county_clerk, anonymous):
        with pytest.raises(Http404):
            publicise(user, quality_list)
    assert snapshot(quality_list) == before


def test_only_an_approved_list_is_publicised(period, quality_list, samr_approver):
    with pytest.raises(ValidationError, match="名单当前状态为“公示中”"):
        publicise(samr_approver, quality_list)
    assert PublicityPeriod.objects.count() == 1


def test_the_start_may_lie_in_the_future(quality_list, samr_approver):
    period = publicise(samr_approver, quality_list, now=at("2025-09-01"))

    assert not period.has_started(at("2025-09-28"))
    assert NationalList.objects.get(pk=quality_list.pk).state == NationalListState.IN_PUBLICITY


def test_the_notice_to_start_from(quality_list):
    title, text = publicity.default_notice(quality_list)

    assert title == "关于2026年度市场监管工作真抓实干成效明显地方（推进质量工作）拟认定名单的公示"
    assert "第七条第四项" in text


def test_closing_ended_periods_is_idempotent(period):
    assert publicity.close_ended_periods(now=DURING) == 0
    assert PublicityPeriod.objects.get(pk=period.pk).closed_at is None

    assert publicity.close_ended_periods(now=END) == 1
    closed = PublicityPeriod.objects.get(pk=period.pk)
    events = AuditEvent.objects.filter(action="publicity.close")
    assert closed.closed_at is not None
    assert [(e.actor, e.object_pk, e.data["open_objections"]) for e in events] == [(None, str(period.pk), 0)]

    before = (closed.closed_at, AuditEvent.objects.count())
    assert publicity.close_ended_periods(now=AFTER) == 0
    assert (PublicityPeriod.objects.get(pk=period.pk).closed_at, AuditEvent.objects.count()) == before


def test_the_job_does_not_decide_whether_a_period_runs(period):
    publicity.close_ended_periods(now=END)
    period.refresh_from_db()
    # closed_at is a record of the side effects only: openness is still read from the clock.
    assert period.is_open(DURING)


@pytest.mark.parametrize("value", [0, -1, "5", True, None])
def test_bad_settings_stop_the_start(settings, value):
    settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = value

    assert [error.id for error in check_publicity_settings(None)] == ["publicity.E001"]


def test_default_settings_pass():
    assert check_publicity_settings(None) == []


def test_closing_tells_samr_by_e_mail(
    period, samr_reviewer, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        publicity.close_ended_periods(now=END)

    [message] = [m for m in mailoutbox if "公示期已结束" in m.subject]
    assert samr_reviewer.email in message.to
    assert "尚有 0 件异议未办结" in message.body
