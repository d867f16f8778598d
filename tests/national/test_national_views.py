# ruff: noqa: F811 - the fixtures imported from test_national and test_national_list are redefined as arguments
"""The national pages: SAMR's candidates and evaluation, the expert's tasks, the proposed national list."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from national.domain import evaluation, national_list
from national.models import ExpertAssignment, NationalListEntry, NationalListState
from nominations.enums import NominationState
from nominations.models import Nomination, Quota
from provinces.enums import Level
from provinces.models import Division

from ..factories import member
from ..nominations.test_nominations_api import make
from .test_evaluation import gd_expert, opinion, qh_expert, recommended, third_expert, two_recommended  # noqa: F401
from .test_national_list import evaluated  # noqa: F401

pytestmark = pytest.mark.django_db
S = NominationState


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("samr_reviewer", 200),
        ("samr_approver", 200),
        ("province_reviewer", 404),
        ("county_clerk", 404),
        ("expert", 404),
    ],
    indirect=["persona"],
)
def test_candidates_page(recommended, persona, status):
    response = signed_in(persona).get(reverse("national:candidates"))
    assert response.status_code == status
    if status == 200:
        assert recommended.division.name in response.content.decode()


def test_candidates_filters(recommended, samr_reviewer):
    client = signed_in(samr_reviewer)
    url = reverse("national:candidates")
    assert recommended.division.name in client.get(url, {"region": recommended.division.region}).content.decode()
    assert recommended.division.name not in client.get(url, {"region": "northeast"}).content.decode()
    assert recommended.division.name not in client.get(url, {"state": "evaluated"}).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("samr_reviewer", 200), ("samr_approver", 403), ("province_reviewer", 403), ("county_clerk", 403)],
    indirect=["persona"],
)
def test_evaluation_page(recommended, persona, status):
    response = signed_in(persona).get(reverse("national:evaluation", args=[recommended.pk]))
    assert response.status_code == status


def test_unassigned_expert_gets_404(recommended, expert):
    assert signed_in(expert).get(reverse("national:evaluation", args=[recommended.pk])).status_code == 404
    assert signed_in(expert).get(reverse("national:opinion", args=[recommended.pk])).status_code == 404


def test_finding_assign_unassign_and_evaluate(recommended, samr_reviewer, qh_expert):
    client = signed_in(samr_reviewer)
    url = reverse("national:evaluation", args=[recommended.pk])
    response = client.post(url, {"action": "finding", "finding-kind": "inspection", "finding-text": "抽查合格"})
    assert response.status_code == 302
    assert "抽查合格" in client.get(url).content.decode()
    response = client.post(url, {"action": "assign", "assign-username": "qh_expert", "assign-stage": "expert"})
    assert response.status_code == 302
    assignment = ExpertAssignment.objects.get(nomination=recommended, expert=qh_expert)
    client.post(reverse("national:unassign", args=[recommended.pk, assignment.pk]))
    assert not ExpertAssignment.objects.exists()
    response = client.post(url, {"action": "evaluate", "evaluate-score": "", "evaluate-comment": ""})
    assert response.status_code == 200 and "尚无专家或相关部门意见" in response.content.decode()
    response = client.post(url, {"action": "evaluate", "evaluate-score": "90", "evaluate-comment": "好"})
    assert response.status_code == 302
    assert Nomination.objects.get(pk=recommended.pk).state == S.EVALUATED


def test_conflict_of_interest_shows_the_message(recommended, samr_reviewer, gd_expert):
    url = reverse("national:evaluation", args=[recommended.pk])
    response = signed_in(samr_reviewer).post(
        url, {"action": "assign", "assign-username": "gd_expert", "assign-stage": "expert"}
    )
    assert response.status_code == 200
    assert "回避" in response.content.decode()
    assert not ExpertAssignment.objects.exists()


def test_expert_sees_only_its_assignments_and_others_after_filing(
    two_recommended,
    samr_reviewer,
    qh_expert,
    third_expert,
):
    first, second = two_recommended
    evaluation.assign(samr_reviewer, first, qh_expert, stage="expert")
    opinion(third_expert, first, 70, samr=samr_reviewer)
    evaluation.assign(samr_reviewer, second, third_expert, stage="expert")
    client = signed_in(qh_expert)
    tasks = client.get(reverse("national:expert_tasks"))
    assert tasks.status_code == 200
    assert tasks.context["page"].paginator.count == 1
    assert client.get(reverse("national:opinion", args=[second.pk])).status_code == 404
    page = client.get(reverse("national:opinion", args=[first.pk]))
    assert page.status_code == 200 and "third_expert" not in page.content.decode()
    data = {"comment": "同意"}
    for criterion in first.criteria_set.criteria.all():
        data[f"s{criterion.pk}-score"] = "80"
    assert client.post(reverse("national:opinion", args=[first.pk]), data).status_code == 302
    assert "third_expert" in client.get(reverse("national:opinion", args=[first.pk])).content.decode()


@pytest.mark.parametrize("persona", ["province_reviewer", "county_clerk", "samr_reviewer"], indirect=True)
def test_expert_tasks_page_is_for_experts(persona):
    assert signed_in(persona).get(reverse("national:expert_tasks")).status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("samr_reviewer", 200),
        ("samr_approver", 200),
        ("province_reviewer", 404),
        ("county_clerk", 404),
        ("expert", 404),
    ],
    indirect=["persona"],
)
def test_list_page(evaluated, persona, status):
    assert signed_in(persona).get(reverse("national:national_list", args=["quality"])).status_code == status


def test_adding_past_the_quota_shows_the_message_and_changes_nothing(evaluated, samr_reviewer, campaign):
    Quota.objects.filter(campaign=campaign, category="quality").update(places=1)
    first, second = evaluated
    client = signed_in(samr_reviewer)
    page = client.get(reverse("national:national_list", args=["quality"]))
    assert [item.nomination.pk for item in page.context["ranking"]] == [second.pk, first.pk]  # 92 before 88
    client.post(reverse("national:national_list_add", args=["quality", first.pk]))
    response = client.post(reverse("national:national_list_add", args=["quality", second.pk]), follow=True)
    assert "名单已满" in response.content.decode()
    assert NationalListEntry.objects.count() == 1
    assert Nomination.objects.get(pk=second.pk).state == S.EVALUATED
    assert response.context["figures"].total == 1
    client.post(reverse("national:national_list_remove", args=["quality", first.pk]))
    assert Nomination.objects.get(pk=first.pk).state == S.EVALUATED


def test_approve_for_the_approver_only(evaluated, samr_reviewer, samr_approver, campaign):
    national_list.add(samr_reviewer, national_list.national_list_for(campaign, "quality"), evaluated[0])
    url = reverse("national:national_list_approve", args=["quality"])
    assert signed_in(samr_reviewer).post(url).status_code == 403
    client = signed_in(samr_approver)
    page = client.get(url)
    assert page.status_code == 200
    # Before the irreversible step the head reads each entry: locality, province, level, score and rank.
    rows = re.findall(r"<tr>\s*(.*?)\s*</tr>", page.content.decode().split("<tbody>")[1], re.S)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rows[0], re.S)]
    assert cells == ["1", "茂南区", "广东省", "县级", "88.00", "2"]
    assert "（）" not in page.content.decode()
    assert client.post(url).status_code == 302
    assert national_list.national_list_for(campaign, "quality").state == NationalListState.APPROVED


# session, user, memberships, the per-object grants, campaign, provinces, count, page, the page's data discrepancies
CANDIDATE_QUERIES = 9


@pytest.mark.parametrize("size", ["recommended", "two_recommended"])
def test_candidates_query_count_is_constant(size, request, samr_reviewer, django_assert_num_queries):
    nominations = request.getfixturevalue(size)
    nominations = nominations if isinstance(nominations, list) else [nominations]
    for index, nomination in enumerate(nominations):
        opinion(member("expert", "630000", username=f"x{index}"), nomination, 80, samr=samr_reviewer)
    client = signed_in(samr_reviewer)
    url = reverse("national:candidates")
    with django_assert_num_queries(CANDIDATE_QUERIES):
        response = client.get(url)
    assert len(response.context["page"]) == len(nominations)
    assert response.context["page"][0].opinion_count == 1


@pytest.mark.parametrize("size", [1, 5])
def test_expert_tasks_query_count_is_constant(size, campaign, county_clerk, samr_reviewer, qh_expert):
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:size]
    for county in counties:
        nomination = make(campaign, county.code, county_clerk, state=S.RECOMMENDED)
        evaluation.assign(samr_reviewer, nomination, qh_expert, stage="expert")
    client = signed_in(qh_expert)
    client.get(reverse("national:expert_tasks"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("national:expert_tasks"))
    assert len(response.context["page"]) == size
    assert len(queries) == 5  # session, user, memberships, count, page (with the filed-opinion count)


@pytest.mark.parametrize(("place", "found"), [("mnq", {"茂南区"}), ("mm", {"茂名市"}), ("茂", {"茂南区", "茂名市"})])
def test_candidates_are_found_by_name_or_pinyin_initials(two_recommended, samr_reviewer, place, found):
    response = signed_in(samr_reviewer).get(reverse("national:candidates"), {"place": place})
    assert {n.division.name for n in response.context["page"]} == found
