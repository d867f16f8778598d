"""The pages /criteria/indicators/ and /criteria/indicators/import/, and ``manage.py import_indicators``."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from criteria.models import IndicatorImport, IndicatorValue
from criteria.views import SESSION_KEY

from .indicator_helpers import csv_bytes, store_value

pytestmark = pytest.mark.django_db

LIST = "/criteria/indicators/"
IMPORT = "/criteria/indicators/import/"
MAONAN, HUAZHOU, MAOMING, LEDU = "440902", "440982", "440900", "630202"
GOOD = [MAONAN, "6.3", "97.5", "国家12315平台", "2025"]


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def upload(data, name="总局数据.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


# ---------------------------------------------------------------- the list


def test_samr_staff_see_the_values_with_their_indicator(as_user, samr_reviewer):
    store_value(MAONAN, "6.3", 2025, "97.5", source="国家12315平台")

    page = as_user(samr_reviewer).get(LIST)

    assert page.status_code == 200
    text = page.content.decode()
    assert "茂南区（440902）" in text and "消费者投诉办结率" in text and "97.5 %" in text and "国家12315平台" in text
    assert IMPORT in text


@pytest.mark.parametrize("persona", ["province_reviewer", "province_approver", "county_clerk", "expert"])
def test_others_are_refused(as_user, request, persona):
    client = as_user(request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"action": "preview", "file": upload(csv_bytes([GOOD]))}).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(LIST).status_code == 302 and client.get(IMPORT).status_code == 302


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2024"}, {LEDU}),
        ({"criterion": "6.6"}, {HUAZHOU}),
        ({"division": MAOMING}, {MAONAN, HUAZHOU}),
        ({"division": "12"}, {MAONAN, HUAZHOU, LEDU}),  # an invalid filter is ignored
    ],
)
def test_the_list_filters(as_user, samr_reviewer, params, expected):
    store_value(MAONAN, "6.3", 2025, "97.5")
    store_value(HUAZHOU, "6.6", 2025, "91")
    store_value(LEDU, "6.3", 2024, "98")

    text = as_user(samr_reviewer).get(LIST, params).content.decode()

    assert {code for code in (MAONAN, HUAZHOU, LEDU) if f"（{code}）" in text} == expected


def test_the_list_takes_the_same_queries_at_two_sizes(as_user, samr_reviewer):
    client = as_user(samr_reviewer)
    store_value(MAONAN, "6.3", 2025, "97.5")
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST).status_code == 200
    for code in (HUAZHOU, MAOMING, LEDU):
        for year in (2022, 2023, 2024):
            store_value(code, "6.6", year, "90")

    with CaptureQueriesContext(connection) as large:
        assert client.get(LIST).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)


# ---------------------------------------------------------------- the import: preview, confirm, cancel


def test_the_upload_shows_the_plan_and_stores_nothing_until_confirmed(as_user, samr_reviewer):
    store_value(MAONAN, "6.3", 2025, "96")
    client = as_user(samr_reviewer)
    data = csv_bytes([GOOD, [HUAZHOU, "6.3", "99", "", "2025"]])

    preview = client.post(IMPORT, {"action": "preview", "file": upload(data)})

    assert preview.status_code == 200
    text = preview.content.decode()
    assert "试导入结果" in text and "96 → <strong>97.5</strong>" in text and "化州市（440982）" in text
    assert IndicatorValue.objects.get(division__code=MAONAN).value == Decimal("96")
    assert IndicatorValue.objects.count() == 1
    pending = client.session[SESSION_KEY]

    confirmed = client.post(IMPORT, {"action": "confirm", "sha256": pending["sha256"]}, follow=True)

    assert confirmed.redirect_chain[-1][0] == LIST
    assert "已导入“总局数据.csv”：新增 1 条，更新 1 条，0 条未变。" in confirmed.content.decode()
    assert IndicatorValue.objects.get(division__code=MAONAN).value == Decimal("97.5")
    assert IndicatorValue.objects.count() == 2 and SESSION_KEY not in client.session
    assert IndicatorImport.objects.filter(created_by=samr_reviewer).count() == 1


def test_a_confirmation_for_another_file_applies_nothing(as_user, samr_reviewer):
    client = as_user(samr_reviewer)
    client.post(IMPORT, {"action": "preview", "file": upload(csv_bytes([GOOD]))})

    response = client.post(IMPORT, {"action": "confirm", "sha256": "0" * 64}, follow=True)

    assert "预览已失效" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_confirmation_applies_once(as_user, samr_reviewer):
    client = as_user(samr_reviewer)
    client.post(IMPORT, {"action": "preview", "file": upload(csv_bytes([GOOD]))})
    sha256 = client.session[SESSION_KEY]["sha256"]

    client.post(IMPORT, {"action": "confirm", "sha256": sha256})
    again = client.post(IMPORT, {"action": "confirm", "sha256": sha256}, follow=True)

    assert "预览已失效" in again.content.decode()
    assert IndicatorImport.objects.count() == 1


def test_cancel_forgets_the_file(as_user, samr_reviewer):
    client = as_user(samr_reviewer)
    client.post(IMPORT, {"action": "preview", "file": upload(csv_bytes([GOOD]))})

    response = client.post(IMPORT, {"action": "cancel"}, follow=True)

    assert "已取消，未导入任何数据。" in response.content.decode()
    assert SESSION_KEY not in client.session and not IndicatorValue.objects.exists()


def test_a_file_with_errors_lists_them_by_line_and_offers_no_confirmation(as_user, samr_reviewer):
    client = as_user(samr_reviewer)
    data = csv_bytes([GOOD, ["999999", "6.3", "97", "", "2025"], [MAONAN, "6.3", "abc", "", "2025"]])

    response = client.post(IMPORT, {"action": "preview", "file": upload(data)})

    text = response.content.decode()
    assert response.status_code == 200 and "文件有错，未导入任何数据" in text
    assert "第 3 行" in text and "区划代码“999999”不存在" in text and "第 4 行" in text and "数值“abc”不是数字" in text
    assert 'value="confirm"' not in text
    assert SESSION_KEY not in client.session and not IndicatorValue.objects.exists()


def test_a_missing_file_is_a_form_error(as_user, samr_reviewer):
    response = as_user(samr_reviewer).post(IMPORT, {"action": "preview"})

    assert response.status_code == 200 and "field--error" in response.content.decode()


# ---------------------------------------------------------------- manage.py import_indicators


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_indicators", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_dry_run_prints_the_plan(tmp_path):
    store_value(MAONAN, "6.3", 2025, "96")
    path = tmp_path / "指标.csv"
    path.write_bytes(csv_bytes([GOOD, [HUAZHOU, "6.3", "99", "", "2025"]]))

    out, _err = run(str(path), "--dry-run", "--verbosity", "2")

    assert "更新 第 2 行：茂南区（440902）6.3 2025年 96 → 97.5" in out
    assert "新增 第 3 行：化州市（440982）6.3 2025年 99" in out
    assert "试运行：将新增 1 条，更新 1 条，0 条未变；未保存。" in out
    assert IndicatorValue.objects.get().value == Decimal("96")


def test_the_command_applies_as_a_user(tmp_path, samr_approver):
    path = tmp_path / "指标.csv"
    path.write_bytes(csv_bytes([GOOD]))

    out, _err = run(str(path), "--user", samr_approver.username)

    assert "已导入（批次" in out
    assert IndicatorValue.objects.get().imported_by == samr_approver


def test_the_command_lists_the_errors_and_fails(tmp_path):
    path = tmp_path / "指标.csv"
    path.write_bytes(csv_bytes([GOOD, ["999999", "6.3", "97", "", "2025"]]))
    err = StringIO()

    with pytest.raises(CommandError, match="文件有 1 处错误，未导入任何数据"):
        call_command("import_indicators", str(path), stdout=StringIO(), stderr=err)

    assert "错误 第 3 行：区划代码“999999”不存在" in err.getvalue()
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["missing.csv"], "无法读取文件"), (["--user", "nobody"], "没有用户名为“nobody”的账号")],
)
def test_the_command_refuses_a_missing_file_or_user(tmp_path, args, message):
    path = tmp_path / "指标.csv"
    path.write_bytes(csv_bytes([GOOD]))
    args = [str(tmp_path / args[0])] if args[0] == "missing.csv" else [str(path), *args]

    with pytest.raises(CommandError, match=message):
        run(*args)


def test_the_command_refuses_a_user_who_is_not_samr_staff(tmp_path, province_reviewer):
    path = tmp_path / "指标.csv"
    path.write_bytes(csv_bytes([GOOD]))

    with pytest.raises(CommandError, match="不是总局工作人员"):
        run(str(path), "--user", province_reviewer.username)
    assert not IndicatorValue.objects.exists()


# ---------------------------------------------------------------- admin: read only


def test_the_admin_shows_the_values_read_only(as_user, admin_user):
    value = store_value(MAONAN, "6.3", 2025, "97.5")
    client = as_user(admin_user)

    assert client.get("/admin/criteria/indicatorvalue/").status_code == 200
    assert client.get("/admin/criteria/indicatorimport/").status_code == 200
    assert client.get(f"/admin/criteria/indicatorvalue/{value.pk}/change/").status_code == 200
    assert client.get("/admin/criteria/indicatorvalue/add/").status_code == 403
    assert client.post(f"/admin/criteria/indicatorvalue/{value.pk}/delete/", {"post": "yes"}).status_code == 403
    assert IndicatorValue.objects.filter(pk=value.pk).exists()
