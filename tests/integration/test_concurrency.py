"""Races on the real PostgreSQL: the rules hold when requests arrive at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from nominations.domain import applications, workflow
from nominations.domain.campaigns import open_campaign
from nominations.enums import NominationState
from nominations.models import Nomination, ProvinceCap
from provinces.domain.divisions import load_divisions
from provinces.enums import Level, Role
from provinces.models import Division

from ..factories import member
from ..nominations.conftest import complete
from ..nominations.factories import CampaignFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：设置 DATABASE_URL=postgres://… 后运行（CI 会设置）")
    load_divisions()  # a transactional test starts from flushed tables


def run_at_once(calls):
    """Run each callable in its own thread and connection, released together; return results or errors."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects every outcome
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_fifty_simultaneous_shortlists_against_a_cap_of_three(postgresql):
    admin = member(Role.ADMIN, None, username="race_admin", is_superuser=True, is_staff=True)
    reviewer = member(Role.PROVINCE_REVIEWER, "510000", username="sc_reviewer")  # 四川
    campaign = open_campaign(admin, CampaignFactory(ready=True))
    sichuan = Division.objects.get(code="510000")
    ProvinceCap.objects.create(campaign=campaign, province=sichuan, category="quality", cap=3)
    nominations = []
    for county in Division.objects.filter(province=sichuan, level=Level.COUNTY).order_by("code")[:50]:
        clerk = member(Role.APPLICANT, county.code, username=f"sc_{county.code}")
        nomination = applications.create_nomination(clerk, campaign, "quality")
        complete(nomination, clerk)
        workflow.submit(clerk, nomination, pledge=True)
        nominations.append(workflow.verify(reviewer, nomination, note="属实"))
    assert len(nominations) == 50

    results = run_at_once([lambda n=n: workflow.shortlist(reviewer, n) for n in nominations])

    succeeded = [r for r in results if isinstance(r, Nomination)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(succeeded) == 3 and len(refused) == 47, [type(r) for r in results]
    assert all("最多推荐 3 个" in r.messages[0] for r in refused)
    assert Nomination.objects.filter(state=NominationState.SHORTLISTED).count() == 3


def test_twenty_simultaneous_submits_make_one_transition(postgresql):
    admin = member(Role.ADMIN, None, username="race_admin", is_superuser=True, is_staff=True)
    clerk = member(Role.APPLICANT, "440902", username="race_clerk")
    campaign = open_campaign(admin, CampaignFactory(ready=True))
    nomination = applications.create_nomination(clerk, campaign, "quality")
    complete(nomination, clerk)

    results = run_at_once([lambda: workflow.submit(clerk, nomination, pledge=True) for _ in range(20)])

    assert sum(isinstance(r, Nomination) for r in results) == 1
    assert all(isinstance(r, (Nomination, ValidationError)) for r in results), results
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED and nomination.version == 1


def test_two_reviewers_editing_the_national_list_never_pass_the_quota(postgresql):
    from datetime import date

    from national.domain import evaluation, national_list
    from national.models import NationalListEntry
    from nominations.models import Quota

    admin = member(Role.ADMIN, None, username="race_admin", is_superuser=True, is_staff=True)
    reviewer = member(Role.PROVINCE_REVIEWER, "510000", username="sc_reviewer")
    approver = member(Role.PROVINCE_APPROVER, "510000", username="sc_approver")
    samr = [member(Role.SAMR_REVIEWER, None, username=f"samr_{i}") for i in range(2)]
    campaign = open_campaign(admin, CampaignFactory(ready=True))
    Quota.objects.filter(campaign=campaign, category="quality").update(places=3)
    sichuan = Division.objects.get(code="510000")
    nominations = []
    for county in Division.objects.filter(province=sichuan, level=Level.COUNTY).order_by("code")[:12]:
        clerk = member(Role.APPLICANT, county.code, username=f"sc_{county.code}")
        nomination = applications.create_nomination(clerk, campaign, "quality")
        complete(nomination, clerk)
        workflow.submit(clerk, nomination, pledge=True)
        workflow.verify(reviewer, nomination, note="属实")
        nominations.append(workflow.shortlist(reviewer, nomination))
    recommendation = workflow.recommendation_for(campaign, sichuan, "quality")
    workflow.confirm(approver, recommendation, document_number="川府函〔2026〕1号", document_date=date.today())
    workflow.recommend(approver, recommendation)
    evaluated = [evaluation.evaluate(samr[0], Nomination.objects.get(pk=n.pk), score=80) for n in nominations]
    the_list = national_list.national_list_for(campaign, "quality")

    results = run_at_once(
        [lambda n=n, i=i: national_list.add(samr[i % 2], the_list, n) for i, n in enumerate(evaluated)]
    )

    assert sum(isinstance(r, Nomination) for r in results) == 3
    assert all(isinstance(r, (Nomination, ValidationError)) for r in results), results
    assert NationalListEntry.objects.filter(national_list=the_list).count() == 3
    assert sorted(NationalListEntry.objects.values_list("position", flat=True)) == [1, 2, 3]
