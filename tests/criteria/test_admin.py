"""The admin: copy a set into a new year, change a threshold, and the frozen refusal."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.models import AuditEvent
from criteria.domain.catalogue import copy_set, freeze
from criteria.models import CriteriaSet, Incident

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:criteria_criteriaset_changelist")


def change_url(criteria_set):
    return reverse("admin:criteria_criteriaset_change", args=[criteria_set.pk])


def form_data(response):
    """The POST body the admin change page would send back unchanged."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_copy_action_asks_for_the_year_then_copies(admin_client, quality_2020):
    action = {"action": "copy_to_new_year", "_selected_action": [quality_2020.pk]}

    page = admin_client.post(CHANGELIST, action)
    assert page.status_code == 200
    assert page.context["form"]["year"].value() == 2021  # the year after the latest set
    assert "复制到新年度" in page.content.decode()

    response = admin_client.post(CHANGELIST, {**action, "apply": "1", "year": "2021"})

    assert response.status_code == 302
    copy = CriteriaSet.objects.get(year=2021, category="quality")
    assert copy.copied_from == quality_2020 and copy.criteria.count() == 8
    assert messages_of(response) == [
        "已将2020年度“推进质量工作”认定条件复制为2021年度“推进质量工作”认定条件，可以修改。"
    ]


def test_copy_action_refuses_an_existing_year(admin_client, quality_2020):
    copy_set(quality_2020, 2021)
    action = {"action": "copy_to_new_year", "_selected_action": [quality_2020.pk], "apply": "1", "year": "2021"}
    response = admin_client.post(CHANGELIST, action)
    assert messages_of(response) == ["2021年度“推进质量工作”认定条件已存在，不能重复复制；请直接修改该年度的条件。"]
    assert CriteriaSet.objects.filter(year=2021).count() == 1


def test_change_a_threshold_in_the_admin(admin_client, quality_2020):
    copy = copy_set(quality_2020, 2021)
    page = admin_client.get(change_url(copy))
    data = form_data(page)
    index = [c.number for c in copy.criteria.all()].index("6.3")
    assert data[f"criteria-{index}-threshold"] == Decimal("97.00")
    data[f"criteria-{index}-threshold"] = "98"

    response = admin_client.post(change_url(copy), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert copy.criteria.get(number="6.3").threshold == Decimal("98.00")
    assert quality_2020.criteria.get(number="6.3").threshold == Decimal("97.00")
    # An edit of a set not yet frozen is on record too: who, when, which fields.
    changed = {e.object_pk: e.data["fields"] for e in AuditEvent.objects.filter(action="criterion.change")}
    assert changed == {str(copy.criteria.get(number="6.3").pk): ["threshold"]}


def test_admin_validation_errors_are_shown_on_the_form(admin_client, quality_2020):
    copy = copy_set(quality_2020, 2021)
    data = form_data(admin_client.get(change_url(copy)))
    data["criteria-0-kind"] = "metric"  # 6.1 without indicator and threshold

    response = admin_client.post(change_url(copy), data)

    assert response.status_code == 200
    assert "量化指标须填写指标名称、比较方式和门槛值。" in response.content.decode()


def test_a_frozen_set_is_read_only_and_a_save_is_refused(admin_client, quality_2020):
    freeze(quality_2020, at=datetime(2021, 3, 1, tzinfo=UTC))
    message = (
        "2020年度“推进质量工作”认定条件已于2021年3月1日冻结（已有评选活动开始使用），不能修改。"
        "如需调整，请复制到新年度后再修改。"
    )

    page = admin_client.get(change_url(quality_2020))
    assert message in messages_of(page)
    assert "criteria-0-threshold" not in page.content.decode()  # criteria shown read-only

    data = form_data(page)
    data.update({"document_title": "改", "criteria-2-threshold": "50"})
    response = admin_client.post(change_url(quality_2020), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    quality_2020.refresh_from_db()
    assert quality_2020.document_title == "市场监管工作真抓实干成效明显地方激励措施实施办法"
    assert quality_2020.criteria.get(number="6.3").threshold == Decimal("97.00")
    delete = admin_client.get(reverse("admin:criteria_criteriaset_delete", args=[quality_2020.pk]))
    assert delete.status_code == 403


def test_staff_without_the_admin_role_only_read_criteria(client, province_reviewer, quality_2020):
    province_reviewer.is_staff = True
    province_reviewer.save()
    client.force_login(province_reviewer)

    assert client.get(change_url(quality_2020)).status_code == 200
    assert client.post(change_url(quality_2020), {"document_title": "改"}).status_code == 403
    copy = client.post(CHANGELIST, {"action": "copy_to_new_year", "_selected_action": [quality_2020.pk]})
    assert not CriteriaSet.objects.filter(year=2021).exists()
    assert copy.status_code in (200, 302)


def test_record_an_incident_in_the_admin(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:criteria_incident_add"),
        {
            "division": "",
            "occurred_on": "2019-05-01",
            "domain": "food_drug",
            "title": "学校食堂集体食物中毒",
            "determining_authority": "state_council",
            "source_document": "国务院调查报告",
        },
    )
    assert response.status_code == 200  # division is required

    response = admin_client.post(
        reverse("admin:criteria_incident_add"),
        {
            "division": Incident._meta.get_field("division").related_model.objects.get(code="440902").pk,
            "occurred_on": "2019-05-01",
            "domain": "food_drug",
            "title": "学校食堂集体食物中毒",
            "determining_authority": "state_council",
            "source_document": "国务院调查报告",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get(title="学校食堂集体食物中毒")
    assert incident.recorded_by == admin_user and incident.occurred_on == date(2019, 5, 1)
    recorded = AuditEvent.objects.get(action="incident.create")
    assert (recorded.actor, recorded.object_pk, recorded.data["division"]) == (admin_user, str(incident.pk), "440902")

    # A deletion is recorded before it happens.
    response = admin_client.post(reverse("admin:criteria_incident_delete", args=[incident.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Incident.objects.exists()
    deleted = AuditEvent.objects.get(action="incident.delete")
    assert (deleted.object_pk, deleted.object_repr) == (str(incident.pk), recorded.object_repr)


def test_province_staff_see_their_province_in_the_incident_admin(client, province_reviewer, make_incident):
    province_reviewer.is_staff = True
    province_reviewer.save()
    make_incident("440902", title="广东的事件")
    make_incident("630202", title="青海的事件")
    client.force_login(province_reviewer)

    page = client.get(reverse("admin:criteria_incident_changelist"))

    assert [i.title for i in page.context["cl"].result_list] == ["广东的事件"]
    assert client.get(reverse("admin:criteria_incident_add")).status_code == 403
