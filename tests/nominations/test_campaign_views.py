import pytest
from django.urls import reverse

from nominations.models import CampaignAcknowledgement

pytestmark = pytest.mark.django_db


def test_a_province_signs_for_the_notice_and_samr_sees_it(client, campaign, province_reviewer, samr_reviewer):
    client.force_login(province_reviewer)
    page = client.get(reverse("nominations:notice")).content.decode()
    assert "签收通知" in page and campaign.title in page
    response = client.post(reverse("nominations:acknowledge"), follow=True)
    assert "已签收" in response.content.decode()
    again = client.post(reverse("nominations:acknowledge"), follow=True)
    assert "无需重复签收" in again.content.decode()
    assert CampaignAcknowledgement.objects.count() == 1

    client.force_login(samr_reviewer)
    board = client.get(reverse("nominations:acknowledgements")).content.decode()
    assert "已签收 1 / 32" in board and "广东省" in board and "未签收" in board


def test_applicants_neither_sign_nor_see_the_board(client, campaign, county_clerk, province_reviewer):
    client.force_login(county_clerk)
    assert "签收通知" not in client.get(reverse("nominations:notice")).content.decode()
    client.post(reverse("nominations:acknowledge"))
    assert not CampaignAcknowledgement.objects.exists()
    assert client.get(reverse("nominations:acknowledgements")).status_code == 403
    client.force_login(province_reviewer)
    assert client.get(reverse("nominations:acknowledgements")).status_code == 403


def test_the_board_runs_a_constant_number_of_queries(client, campaign, samr_reviewer, django_assert_max_num_queries):
    client.force_login(samr_reviewer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("nominations:acknowledgements")).status_code == 200


def test_a_province_records_a_typical_experience_and_the_queue_shows_priority(client, submitted, province_reviewer):
    from nominations.models import TypicalExperience

    client.force_login(province_reviewer)
    response = client.post(
        reverse("nominations:typical_experiences"),
        {"division": "440902", "title": "“你点我检”", "summary": "群众点单", "year": 2026},
        follow=True,
    )
    assert "已登记" in response.content.decode()
    assert TypicalExperience.objects.get().division.code == "440902"
    queue = client.get(reverse("nominations:queue"), {"priority": "on"}).content.decode()
    assert "茂南区" in queue


def test_another_provinces_locality_is_refused_with_a_message(client, province_reviewer):
    from nominations.models import TypicalExperience

    client.force_login(province_reviewer)
    response = client.post(
        reverse("nominations:typical_experiences"), {"division": "630202", "title": "x", "year": 2026}
    )
    assert response.status_code == 200 and "本省没有区划代码为 630202 的地方" in response.content.decode()
    response = client.post(reverse("nominations:typical_experiences"), {"division": "4409", "title": "x", "year": 2026})
    assert "6 位区划代码" in response.content.decode()
    assert not TypicalExperience.objects.exists()


def test_applicants_have_no_register(client, county_clerk):
    client.force_login(county_clerk)
    assert client.get(reverse("nominations:typical_experiences")).status_code == 403
