"""The publicity's records in the admin: shown, never changed there."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_periods_and_published_lists_are_shown_read_only(client, admin_user, period):
    client.force_login(admin_user)

    page = client.get(reverse("admin:publicity_publicityperiod_changelist"))

    assert page.status_code == 200 and period.notice_title in page.content.decode()
    assert client.get(reverse("admin:publicity_publishedlist_changelist")).status_code == 200
    assert client.get(reverse("admin:publicity_publicityperiod_add")).status_code == 403
