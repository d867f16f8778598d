"""The final list after publicity (art. 7(4) 经对外公示后): finalisation, published versions, corrections."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from awards.domain import revocation
from core.models import AuditEvent
from national.models import NationalList, NationalListState
from nominations.enums import NominationState
from nominations.models import Nomination
from publicity.domain import objections, publication
from publicity.models import PublishedList

from .conftest import AFTER, DURING, END, left_off, listed, objection

pytestmark = pytest.mark.django_db
S = NominationState


def states(campaign):
    return dict(Nomination.objects.filter(campaign=campaign).values_list("division__code", "state"))


def test_finalise_is_refused_before_the_period_ends(period, quality_list, samr_approver, campaign):
    before = states(campaign)

    with pytest.raises(ValidationError, match="公示期至2025年10月12日.*届满；公示期满后方可发布最终名单"):
        publication.finalise(samr_approver, quality_list, now=DURING)

    assert states(campaign) == before
    assert not PublishedList.objects.exists()


def test_finalise_is_refused_while_an_objection_is_open(period, quality_list, samr_reviewer, samr_approver, campaign):
    filed = objection(period, listed(quality_list)[0])
    objections.investigate(samr_reviewer, filed)
    before = states(campaign)

    with pytest.raises(ValidationError, match="尚有 1 件异议未办结，异议办结前不能发布最终名单（第七条第四项）"):
        publication.finalise(samr_approver, quality_list, now=AFTER)

    assert states(campaign) == before
    assert NationalList.objects.get(pk=quality_list.pk).state == NationalListState.IN_PUBLICITY
    assert not PublishedList.objects.exists()


def test_finalise_after_the_period_with_every_objection_decided(
    period, quality_list, samr_reviewer, samr_approver, campaign
):
    first, second, third = listed(quality_list)
    objections.dismiss(samr_reviewer, objection(period, first), resolution="经核查不属实。")
    objections.uphold(samr_approver, objection(period, second, ip="198.51.100.9"), resolution="经核查属实。")

    published = publication.finalise(samr_approver, quality_list, note="经公示无异议", now=END)

    assert NationalList.objects.get(pk=quality_list.pk).state == NationalListState.FINALISED
    assert {n.state for n in listed(quality_list)} == {S.APPROVED}
    assert Nomination.objects.get(pk=second.pk).state == S.DISQUALIFIED
    assert (published.version, published.note, published.published_by) == (1, "经公示无异议", samr_approver)
    assert published.entries == [
        {
            "position": 1,
            "nomination": first.pk,
            "division": first.division.code,
            "division_name": first.division.name,
            "province_name": "广东省",
            "level": "county",
        },
        {
            "position": 2,
            "nomination": third.pk,
            "division": third.division.code,
            "division_name": third.division.name,
            "province_name": "广东省",
            "level": "county",
        },
    ]
    assert published.changes == {"added": [], "removed": [], "moved": []}
    assert AuditEvent.objects.filter(action="published_list.publish").count() == 1


def test_localities_left_off_the_list_are_not_selected(period, quality_list, samr_approver, campaign):
    other = left_off(campaign)

    publication.finalise(samr_approver, quality_list, now=END)

    assert Nomination.objects.get(pk=other.pk).state == S.NOT_SELECTED


def test_who_finalises(period, quality_list, samr_reviewer, province_reviewer):
    with pytest.raises(PermissionDenied):
        publication.finalise(samr_reviewer, quality_list, now=END)
    with pytest.raises(Http404):
        publication.finalise(province_reviewer, quality_list, now=END)


def test_finalise_needs_a_list_in_publicity(quality_list, samr_approver):
    with pytest.raises(ValidationError, match="名单当前状态为“已批准”"):
        publication.finalise(samr_approver, quality_list, now=END)


@pytest.fixture
def finalised(period, quality_list, samr_approver):
    return publication.finalise(samr_approver, quality_list, now=END)


def test_a_correction_publishes_the_next_version_with_its_changes(finalised, quality_list, samr_approver):
    first, second, third = listed(quality_list)
    revocation.disqualify(samr_approver, first, finding="事后查明弄虚作假。", fraud=True)

    corrected = publication.publish_correction(samr_approver, quality_list, note="第一名因弄虚作假被取消资格。")

    assert corrected.version == 2
    assert [entry["nomination"] for entry in corrected.entries] == [second.pk, third.pk]
    assert [entry["nomination"] for entry in corrected.changes["removed"]] == [first.pk]
    assert corrected.changes["added"] == []
    assert corrected.changes["moved"] == [
        {"nomination": second.pk, "division_name": second.division.name, "from": 2, "to": 1},
        {"nomination": third.pk, "division_name": third.division.name, "from": 3, "to": 2},
    ]
    assert list(PublishedList.objects.filter(national_list=quality_list).values_list("version", flat=True)) == [2, 1]
    assert PublishedList.objects.get(version=1).entries == finalised.entries


def test_a_correction_needs_a_reason_and_a_change(finalised, quality_list, samr_approver, samr_reviewer):
    with pytest.raises(ValidationError) as error:
        publication.publish_correction(samr_approver, quality_list, note=" ")
    assert "请填写更正的原因" in error.value.message_dict["note"][0]
    with pytest.raises(ValidationError, match="名单与已发布的第 1 版相同，无需发布更正"):
        publication.publish_correction(samr_approver, quality_list, note="核对")
    with pytest.raises(PermissionDenied):
        publication.publish_correction(samr_reviewer, quality_list, note="核对")
    assert PublishedList.objects.count() == 1


def test_a_revoked_award_leaves_the_published_list(finalised, quality_list, samr_approver):
    first = listed(quality_list)[0]
    Nomination.objects.filter(pk=first.pk).update(state=S.REVOKED)

    corrected = publication.publish_correction(samr_approver, quality_list, note="撤销激励（第十五条）。")

    assert first.pk not in [entry["nomination"] for entry in corrected.entries]


def test_changes_between():
    a, b, c = ({"nomination": n, "position": p, "division_name": str(n)} for n, p in ((1, 1), (2, 2), (3, 3)))
    after = [{**b, "position": 1}, {**c, "position": 2}, {"nomination": 4, "position": 3, "division_name": "4"}]

    changes = publication.changes_between([a, b, c], after)

    assert [e["nomination"] for e in changes["added"]] == [4]
    assert [e["nomination"] for e in changes["removed"]] == [1]
    assert [(m["nomination"], m["from"], m["to"]) for m in changes["moved"]] == [(2, 2, 1), (3, 3, 2)]
