# ruff: noqa: F811 - fixtures imported from test_national are redefined as arguments
"""What the application page shows to whom: the province's scores and remarks, SAMR's evaluation work and its
questions to the province are for the reviewers, never for the applicant."""

import pytest
from django.test import Client
from django.urls import reverse

from national.domain import evaluation
from nominations.domain import workflow

from ..national.test_evaluation import qh_expert, recommend  # noqa: F401

pytestmark = pytest.mark.django_db


def page(user, nomination):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("nominations:detail", args=[nomination.pk]))
    assert response.status_code == 200
    return response


@pytest.fixture
def worked_on(verified, province_reviewer, province_approver, samr_reviewer, qh_expert):
    workflow.save_province_review(
        province_reviewer, verified, criteria={"6.3": {"score": 88, "remark": "省级意见：办结率属实"}}, comment=""
    )
    recommended = recommend(province_reviewer, province_approver, verified)[0]
    evaluation.assign(samr_reviewer, recommended, qh_expert, stage="expert")
    evaluation.request_information(samr_reviewer, recommended, question="请补充统计口径")
    return recommended


def test_the_applicant_sees_neither_scores_nor_samr_work(worked_on, county_clerk):
    response = page(county_clerk, worked_on)
    text = response.content.decode()
    assert response.context["reviews"] == [] and "省级意见：办结率属实" not in text
    actions = {row["action"] for row in response.context["history"]}
    assert not actions & {"分配专家或部门", "省级评分", "要求省级补充材料"}
    assert response.context["discrepancies"] is None


def test_the_province_sees_its_review_and_samr_sees_everything(worked_on, province_reviewer, samr_reviewer):
    province = page(province_reviewer, worked_on)
    assert "省级意见：办结率属实" in province.content.decode()
    assert "要求省级补充材料" in {row["action"] for row in province.context["history"]}
    assert "分配专家或部门" not in {row["action"] for row in province.context["history"]}
    samr = {row["action"] for row in page(samr_reviewer, worked_on).context["history"]}
    assert {"分配专家或部门", "省级评分", "要求省级补充材料"} <= samr
