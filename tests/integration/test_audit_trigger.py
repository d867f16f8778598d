"""The audit trail on the real PostgreSQL: the database itself refuses to change or delete an event (migration
0011's trigger), whatever path the statement takes — past the model's own refusals, by raw SQL. Adding works."""

import pytest
from django.db import DatabaseError, connection, models, transaction

from core.domain.audit import record
from core.models import AuditEvent

from ..nominations.factories import CampaignFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

REFUSED = "audit events are append-only"


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：设置 DATABASE_URL=postgres://… 后运行（CI 会设置）")


@pytest.fixture
def event(postgresql, samr_reviewer):
    return record(samr_reviewer, "campaign.open", CampaignFactory(), comment="原始说明")


def refused(statement, params=()):
    """Run ``statement`` in its own savepoint; the database's error message, or None when it was accepted."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError as error:
        return str(error)
    return None


def test_the_trigger_is_installed(postgresql):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_manipulation FROM information_schema.triggers"
            " WHERE event_object_table = %s AND trigger_name = %s",
            ["core_auditevent", "core_auditevent_append_only"],
        )
        assert sorted(row[0] for row in cursor.fetchall()) == ["DELETE", "UPDATE"]


def test_raw_update_and_delete_are_refused_by_the_database(event):
    table = AuditEvent._meta.db_table

    assert REFUSED in refused(f"UPDATE {table} SET comment = %s WHERE id = %s", ["改写", event.pk])
    assert REFUSED in refused(f"UPDATE {table} SET comment = comment")  # every row at once
    assert REFUSED in refused(f"DELETE FROM {table} WHERE id = %s", [event.pk])
    assert "DELETE on core_auditevent" in refused(f"DELETE FROM {table}")

    event.refresh_from_db()
    assert event.comment == "原始说明"
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_orm_cannot_get_round_the_model(event):
    """The model and its queryset refuse first (tests/nominations/test_audit.py); Django's own methods, called past
    those overrides, reach the database and meet the trigger."""
    event.comment = "改写"
    bypasses = [
        lambda: models.Model.save(event),
        lambda: models.Model.delete(event),
        lambda: models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk), comment="改写"),
        lambda: models.QuerySet.delete(AuditEvent.objects.all()),
    ]
    for bypass in bypasses:
        with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
            bypass()

    event.refresh_from_db()
    assert event.comment == "原始说明"
    assert AuditEvent.objects.count() == 1


def test_inserting_still_works(event, samr_reviewer):
    campaign = event.content_type.get_object_for_this_type(pk=event.object_pk)
    record(samr_reviewer, "campaign.close", campaign)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AuditEvent._meta.db_table} (at, role, action, content_type_id, object_pk, object_repr, "
            "from_state, to_state, comment, data) "
            "SELECT clock_timestamp(), '', 'raw.insert', content_type_id, object_pk, object_repr, '', '', '', '{}' "
            f"FROM {AuditEvent._meta.db_table} WHERE id = %s",
            [event.pk],
        )
    assert list(AuditEvent.objects.for_object(campaign).values_list("action", flat=True)) == [
        "campaign.open",
        "campaign.close",
        "raw.insert",
    ]
