"""The provincial cap (art. 7(3)) and the national places (art. 3) under 30 requests at once, through the pages, on
PostgreSQL, against the demo's data at the stage where each race happens (issue 18): the province stage, where
Guangdong's reviewer is still shortlisting 商事制度改革 applications (2 of its cap of 3), and the national stage,
where SAMR's draft lists hold the suggestion. Each request is a signed-in client of its own, in a thread with its own
database connection, released together; `test_concurrency.py` holds the same races on hand-made data through the
domain."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.seed import current_campaign
from national.domain import national_list
from national.models import NationalListEntry
from nominations.domain import workflow
from nominations.enums import NominationState
from nominations.models import Nomination, ProvinceCap

from .test_concurrency import postgresql, run_at_once  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
S = NominationState
BR = "business_reform"
REQUESTS = 30


def seed(stage):
    call_command("seed_demo", stage=stage, stdout=io.StringIO())


def clients(user, count=REQUESTS):
    """``count`` browsers signed in as ``user``, each with a session of its own."""
    signed_in = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        signed_in.append(client)
    return signed_in


def at_once(posts):
    """POST each (client, url) at the same moment; the responses (or what a thread raised)."""
    return run_at_once([lambda c=c, u=u: c.post(u) for c, u in posts])


def assert_no_server_error(responses):
    errors = [r for r in responses if not hasattr(r, "status_code") or r.status_code >= 500]
    assert not errors, errors


def test_thirty_shortlists_at_once_never_pass_the_provincial_cap(postgresql):  # noqa: F811
    seed("province")
    reviewer = User.objects.get(username="gd_reviewer")
    campaign = current_campaign()
    cap = ProvinceCap.objects.get(campaign=campaign, province__code="440000", category=BR).cap
    mine = Nomination.objects.filter(campaign=campaign, division__province__code="440000", category=BR)
    for waiting in mine.filter(state=S.SUBMITTED):
        workflow.verify(reviewer, waiting, note="属实")
    shortlisted = mine.filter(state=S.SHORTLISTED).count()
    candidates = list(mine.filter(state=S.VERIFIED).order_by("pk"))
    assert shortlisted < cap and len(candidates) > cap - shortlisted, (shortlisted, cap, len(candidates))

    posts = [
        (client, reverse("nominations:shortlist", args=[candidates[i % len(candidates)].pk]))
        for i, client in enumerate(clients(reviewer))
    ]
    responses = at_once(posts)

    assert_no_server_error(responses)
    assert mine.filter(state=S.SHORTLISTED).count() == cap
    succeeded = [r for r in responses if r.status_code == 302]
    assert len(succeeded) == cap - shortlisted
    assert {r.status_code for r in responses} <= {200, 302, 403}  # the refusal page, or the state has moved on


def test_thirty_additions_at_once_never_pass_the_national_places(postgresql):  # noqa: F811
    seed("national")
    reviewer = User.objects.get(username="samr_reviewer")
    the_list = national_list.national_list_for(current_campaign(), BR)
    places = the_list.campaign.quotas.get(category=BR).places
    entries = NationalListEntry.objects.filter(national_list=the_list)
    for entry in entries.order_by("-position")[: max(0, entries.count() - places + 2)]:
        national_list.remove(reviewer, the_list, entry.nomination)  # two places free
    free = places - entries.count()
    candidates = list(
        Nomination.objects.filter(campaign=the_list.campaign, category=BR, state=S.EVALUATED).order_by("pk")
    )
    assert free == 2 and len(candidates) > free, (free, len(candidates))

    posts = [
        (client, reverse("national:national_list_add", args=[BR, candidates[i % len(candidates)].pk]))
        for i, client in enumerate(clients(reviewer))
    ]
    responses = at_once(posts)

    assert_no_server_error(responses)
    assert entries.count() == places
    assert sorted(entries.values_list("position", flat=True)) == list(range(1, places + 1))
    assert Nomination.objects.filter(campaign=the_list.campaign, category=BR, state=S.PROPOSED).count() == places
