"""The defects the permission matrix and schemathesis found (issue 10), each pinned by one plain test."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import policy
from documents.models import Export
from nominations.models import Attachment, Campaign, ProvinceRecommendation

from ..conftest import PERSONA_SPECS
from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(request):
    return build_world({name: request.getfixturevalue(name) for name in PERSONA_SPECS})


def signed_in(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_a_superuser_sees_only_the_exports_it_requested(world, admin_user):
    """django-guardian grants a superuser every object; ``visible`` counts explicit grants only."""
    assert not policy.visible(admin_user, Export.objects.all()).exists()
    others = world.targets["export"][0].obj
    assert signed_in(admin_user).get(reverse("documents:export", args=[others.pk])).status_code == 404
    assert signed_in(admin_user).get(reverse("api:export-detail", args=[others.pk])).status_code == 404


def test_an_expert_reads_the_evidence_of_its_assignment_but_not_the_provinces_files(world, expert):
    nomination = world.nominations["gd_recommended"]
    evidence = Attachment.objects.get(nomination=nomination, purpose="evidence")
    verification = Attachment.objects.get(nomination=nomination, purpose="verification")
    client = signed_in(expert)
    assert client.get(reverse("nominations:download", args=[nomination.pk, evidence.pk])).status_code == 200
    assert client.get(reverse("nominations:download", args=[nomination.pk, verification.pk])).status_code == 404


def test_the_applicant_cannot_download_the_provinces_verification_file(world, county_clerk, province_reviewer):
    nomination = world.nominations["gd_recommended"]
    verification = Attachment.objects.get(nomination=nomination, purpose="verification")
    path = reverse("api:nomination-attachment-download", args=[nomination.pk, verification.pk])
    assert signed_in(county_clerk).get(path).status_code == 404
    listed = signed_in(county_clerk).get(reverse("api:nomination-attachments", args=[nomination.pk])).json()
    assert verification.pk not in {row["id"] for row in listed["results"]}
    assert signed_in(province_reviewer).get(path).status_code == 200


def test_a_refused_ranking_stores_no_list(world, province_approver):
    """Ranking is the reviewers'; the approver's refused POST used to create the province's empty list first."""
    before = ProvinceRecommendation.objects.count()
    response = signed_in(province_approver).post(reverse("nominations:ranking", args=["quality"]), {})
    assert response.status_code == 403
    assert ProvinceRecommendation.objects.count() == before


@pytest.mark.parametrize(
    ("name", "method", "route", "label"),
    [
        ("county_clerk", "post", "api:campaign-list", None),
        ("county_clerk", "put", "api:campaign-detail", "campaign"),
        ("county_clerk", "put", "api:campaign-notice", "campaign"),
        ("province_reviewer", "post", "api:nomination-attachments", "gd_draft"),
        ("county_clerk", "put", "api:nomination-reviews", "gd_draft"),
        ("province_reviewer", "put", "api:nomination-opinions", "gd_draft"),
    ],
)
def test_a_write_the_user_may_not_make_is_a_403_whatever_the_body(world, name, method, route, label):
    """Authorisation comes before the body is read: never a 400 or 415 that describes the input to an outsider."""
    if label is None:
        path = reverse(route)
    else:
        pk = world.campaign.pk if label == "campaign" else world.nominations[label].pk
        path = reverse(route, args=[pk])
    client = signed_in(world.users[name])
    for body in ({}, {"nonsense": True}):
        assert getattr(client, method)(path, body, format="json").status_code == 403
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize(
    ("route", "query"),
    [
        ("api:published-list-list", {"national_list": "-9.549340576016378e+30"}),
        ("api:nomination-list", {"campaign": "1e30"}),
        ("api:award-task-list", {"award": "99999999999999999999"}),
        ("api:objection-list", {"period": "1.5"}),
    ],
)
def test_an_id_filter_beyond_the_databases_integers_is_a_400(world, route, query, samr_reviewer):
    """schemathesis found it: a number too large for the database's integer overflowed into a server error."""
    response = signed_in(samr_reviewer).get(reverse(route), query)
    assert response.status_code == 400, response.content[:200]
