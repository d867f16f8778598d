# ruff: noqa: F811 - fixtures imported from tests/publicity are redefined as arguments
"""Issue 19, the public: each row of a list in publicity has "对此提出异议", which opens the form with that locality
chosen; the visitor then only writes what it knows."""

import pytest

from ..publicity.conftest import campaign, listed, quality_list, running  # noqa: F401 (fixtures and helpers)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_row_leads_to_the_form_with_its_locality_chosen(visit, shot, quality_list, samr_approver):
    running(quality_list, samr_approver)
    second = listed(quality_list)[1]
    page = visit(None)
    page.goto("/publicity/")
    page.get_by_role("link", name=f"对{second.division.name}提出异议").click()
    page.wait_for_load_state()
    assert page.locator("select[name=nomination]").input_value() == str(second.pk)
    assert page.url.endswith("#objection-title")
    assert page.get_by_role("link", name="登录").count() == 1  # and a bureau's user finds the sign-in
    shot(page, "publicity-objection-chosen")
    assert not page.errors and not page.foreign_requests
