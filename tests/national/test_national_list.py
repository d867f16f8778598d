"""The proposed national list: within the quota, edited by SAMR reviewers, approved by SAMR leadership."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from core.models import AuditEvent
from criteria.enums import DeterminingAuthority, IncidentDomain
from criteria.models import Incident
from national.domain import evaluation, national_list
from national.models import NationalListState
from nominations.enums import NominationState
from nominations.models import Campaign, Nomination, Quota

from .test_evaluation import recommend

pytestmark = pytest.mark.django_db
S = NominationState


@pytest.fixture
def evaluated(verified, campaign, city_clerk, province_reviewer, province_approver, samr_reviewer):
    from nominations.domain import applications, workflow

    from ..nominations.conftest import complete

    other = complete(applications.create_nomination(city_clerk, campaign, "quality"), city_clerk)
    other = workflow.verify(province_reviewer, workflow.submit(city_clerk, other, pledge=True), note="属实")
    nominations = recommend(province_reviewer, province_approver, verified, other)
    return [evaluation.evaluate(samr_reviewer, n, score=score) for n, score in zip(nominations, (88, 92), strict=True)]


def test_adding_proposes_and_the_quota_is_never_passed(evaluated, quality_list, samr_reviewer, campaign):
    Quota.objects.filter(campaign=campaign, category="quality").update(places=1)
    first, second = evaluated
    assert national_list.add(samr_reviewer, quality_list, first).state == S.PROPOSED
    with pytest.raises(ValidationError, match="名额为 1 个，名单已满"):
        national_list.add(samr_reviewer, quality_list, second)
    assert Nomination.objects.get(pk=second.pk).state == S.EVALUATED
    assert quality_list.entries.count() == 1
    national_list.remove(samr_reviewer, quality_list, Nomination.objects.get(pk=first.pk))
    assert Nomination.objects.get(pk=first.pk).state == S.EVALUATED
    assert national_list.add(samr_reviewer, quality_list, second).state == S.PROPOSED


def test_only_evaluated_applications_of_the_lists_category(evaluated, samr_reviewer, campaign):
    business = national_list.national_list_for(campaign, "business_reform")
    with pytest.raises(ValidationError, match="不属于本名单"):
        national_list.add(samr_reviewer, business, evaluated[0])
    quality = national_list.national_list_for(campaign, "quality")
    national_list.add(samr_reviewer, quality, evaluated[0])
    with pytest.raises(ValidationError, match="当前状态为“拟认定”，不能列入全国建议名单"):
        national_list.add(samr_reviewer, quality, Nomination.objects.get(pk=evaluated[0].pk))


def test_who_may_edit_and_approve(evaluated, quality_list, samr_reviewer, samr_approver, province_reviewer, expert):
    with pytest.raises(PermissionDenied):
        national_list.add(samr_approver, quality_list, evaluated[0])
    for user in (province_reviewer, expert):
        with pytest.raises(Http404):
            national_list.add(user, quality_list, evaluated[0])
    national_list.add(samr_reviewer, quality_list, evaluated[0])
    with pytest.raises(PermissionDenied):
        national_list.approve(samr_reviewer, quality_list)
    approved = national_list.approve(samr_approver, quality_list)
    assert approved.state == NationalListState.APPROVED and approved.approved_by == samr_approver
    assert AuditEvent.objects.filter(action="national_list.approve").count() == 1
    with pytest.raises(ValidationError, match="名单已批准"):
        national_list.add(samr_reviewer, quality_list, evaluated[1])


def test_an_empty_list_is_not_approved(quality_list, samr_approver):
    with pytest.raises(ValidationError, match="名单为空"):
        national_list.approve(samr_approver, quality_list)


def test_an_incident_recorded_during_the_evaluation_stops_the_proposal(evaluated, quality_list, samr_reviewer):
    """Re-checked at every forward step (art. 6(8)): SAMR cannot put it on the list; it is shown why."""
    first, _second = evaluated
    Incident.objects.create(
        division=first.division,
        occurred_on=timezone.localdate(),
        domain=IncidentDomain.FOOD_DRUG,
        title="食品安全事件",
        determining_authority=DeterminingAuthority.STATE_COUNCIL,
        source_document="国务院调查组报告",
    )
    with pytest.raises(ValidationError, match="不能列入全国建议名单"):
        national_list.add(samr_reviewer, quality_list, first)
    assert Nomination.objects.get(pk=first.pk).state == S.EVALUATED and not quality_list.entries.exists()


def test_the_national_deadline_closes_the_evaluation_and_the_list(evaluated, quality_list, samr_reviewer, campaign):
    """SAMR's evaluation and its list close at the campaign's national deadline (总局评估截止), read from the clock."""
    first, _second = evaluated
    Campaign.objects.filter(pk=campaign.pk).update(national_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="总局评估已于.*截止"):
        national_list.add(samr_reviewer, quality_list, Nomination.objects.get(pk=first.pk))
    with pytest.raises(ValidationError, match="总局评估已于.*截止"):
        evaluation.add_finding(samr_reviewer, Nomination.objects.get(pk=first.pk), kind="inspection", text="抽查结果")
    assert not quality_list.entries.exists() and not first.findings.exists()
