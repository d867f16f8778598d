import csv
import stat
import time

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from accounts.domain.activation import activate
from accounts.domain.provisioning import Row, provision, read_rows
from accounts.models import ActivationCode, User
from provinces.enums import Level, Role
from provinces.models import Division, Membership

pytestmark = pytest.mark.django_db

HEADER = "用户名,角色,区划代码,姓名,电子邮箱\n"


def write_csv(tmp_path, body, name="accounts.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def read_credentials(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_good_file_creates_accounts_memberships_and_working_codes(tmp_path):
    source = write_csv(
        tmp_path,
        "maonan01,applicant,440902,李明,liming@example.cn\n"
        "gd_rev,省级审核人员,440000,王芳,\n"
        "samr01,samr_reviewer,000000,赵强,zq@samr.example.cn\n",
    )
    credentials = tmp_path / "out" / "credentials.csv"
    call_command("provision_accounts", str(source), credentials=str(credentials))

    memberships = {
        m.user.username: (m.role, m.bureau.name) for m in Membership.objects.select_related("user", "bureau")
    }
    assert memberships == {
        "maonan01": (Role.APPLICANT, "茂南区市场监督管理局"),
        "gd_rev": (Role.PROVINCE_REVIEWER, "广东省市场监督管理局"),
        "samr01": (Role.SAMR_REVIEWER, "国家市场监督管理总局"),
    }
    assert not User.objects.get(username="maonan01").has_usable_password()
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    rows = read_credentials(credentials)
    assert [r["用户名"] for r in rows] == ["maonan01", "gd_rev", "samr01"]
    assert rows[0]["机构"] == "茂南区市场监督管理局" and rows[0]["角色"] == "申报单位"

    user = activate("maonan01", rows[0]["激活码"].lower().replace("-", ""), "a-Long-new-passw0rd")
    assert user.check_password("a-Long-new-passw0rd")


def test_bad_rows_are_reported_by_line_and_create_nothing(tmp_path, capsys):
    source = write_csv(
        tmp_path,
        "ok01,applicant,440902,李明,\n"
        "bad role,applicant,440902,张三,\n"  # line 3: space in username
        "bad02,chief,440902,张三,\n"  # line 4: unknown role
        "bad03,applicant,4409,张三,\n"  # line 5: short code
        "bad04,applicant,999999,张三,\n"  # line 6: unknown code
        "bad05,province_reviewer,440902,张三,\n"  # line 7: province role at a county
        "bad06,applicant,440902,,not-an-email\n"  # line 8: no name, bad e-mail
        "ok01,applicant,630202,重复,\n"  # line 9: duplicate in file
        "bad07,applicant,440000,张三,\n",  # line 10: applicant at a province
    )
    with pytest.raises(CommandError, match="有行出错"):
        call_command("provision_accounts", str(source), credentials=str(tmp_path / "c.csv"))
    err = capsys.readouterr().err
    for line in range(3, 11):
        assert f"第 {line} 行" in err
    assert "只能设在" in err and "6 位数字" in err and "不存在" in err and "姓名不能为空" in err and "重复" in err
    assert set(User.objects.values_list("username", flat=True)) == {"ok01"}
    assert Membership.objects.count() == 1 and ActivationCode.objects.count() == 1


def test_existing_usernames_are_skipped(tmp_path, capsys, county_clerk):
    source = write_csv(tmp_path, "county_clerk,applicant,630202,改名,\nnew01,applicant,630202,新人,\n")
    call_command("provision_accounts", str(source), credentials=str(tmp_path / "c.csv"))
    out = capsys.readouterr().out
    assert "跳过 第 2 行" in out and "创建 1" in out
    county_clerk.refresh_from_db()
    assert county_clerk.full_name != "改名"
    assert county_clerk.memberships.get().bureau.division.code == "440902"


def test_xlsx_input_and_output(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["username", "role", "division", "name", "email"])
    sheet.append(["hd01", "applicant", 630200, "海东", None])
    source = tmp_path / "accounts.xlsx"
    workbook.save(source)
    credentials = tmp_path / "credentials.xlsx"
    call_command("provision_accounts", str(source), credentials=str(credentials))
    from openpyxl import load_workbook

    sheet = load_workbook(credentials).active
    assert [c.value for c in sheet[1]][:3] == ["用户名", "姓名", "角色"]
    assert sheet["A2"].value == "hd01" and len(sheet["F2"].value) == 14
    assert sheet.freeze_panes == "A2"


def test_gb18030_csv_is_read(tmp_path):
    source = write_csv(tmp_path, "gbk01,申报单位,440902,李明,\n", encoding="gb18030")
    rows = read_rows(source)
    assert rows[0].role == "申报单位" and rows[0].name == "李明"


def test_unreadable_files_are_clear_errors(tmp_path):
    missing = tmp_path / "missing.csv"
    missing.write_text("用户名,姓名\nx,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="表头缺少这些列"):
        call_command("provision_accounts", str(missing))
    other = tmp_path / "accounts.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match=r"\.csv 或 \.xlsx"):
        call_command("provision_accounts", str(other))
    with pytest.raises(CommandError, match="二者选一"):
        call_command("provision_accounts")


def test_all_bureaus_of_a_level(tmp_path):
    call_command("provision_accounts", all_bureaus="province_reviewer", credentials=str(tmp_path / "c.csv"))
    assert Membership.objects.filter(role=Role.PROVINCE_REVIEWER).count() == 32
    assert User.objects.filter(username="province_reviewer_440000").exists()
    call_command("provision_accounts", all_bureaus="applicant", level=["county"], credentials=str(tmp_path / "d.csv"))
    counties = Division.objects.filter(level=Level.COUNTY).count()
    assert Membership.objects.filter(role=Role.APPLICANT).count() == counties
    # a second run creates nothing more
    call_command("provision_accounts", all_bureaus="applicant", level=["county"], credentials=str(tmp_path / "e.csv"))
    assert Membership.objects.filter(role=Role.APPLICANT).count() == counties


def test_three_thousand_accounts_from_a_file_in_under_two_minutes(tmp_path):
    counties = list(Division.objects.filter(level=Level.COUNTY).values_list("code", flat=True))
    prefectures = list(Division.objects.filter(level=Level.PREFECTURE).values_list("code", flat=True))
    codes = (counties + prefectures)[:3000]
    body = "".join(f"applicant_{code},applicant,{code},申报员{code},\n" for code in codes)
    source = write_csv(tmp_path, body)
    started = time.monotonic()
    call_command("provision_accounts", str(source), credentials=str(tmp_path / "c.csv"))
    elapsed = time.monotonic() - started
    assert User.objects.count() == 3000 and ActivationCode.objects.count() == 3000
    assert elapsed < 120
    assert len(read_credentials(tmp_path / "c.csv")) == 3000


def test_provision_validates_in_constant_queries(django_assert_max_num_queries):
    rows = [Row(line=i + 2, username=f"u{i}", role="applicant", division="440902", name="x") for i in range(50)]
    rows += [Row(line=60, username="bad", role="nope", division="1", name="")]
    with django_assert_max_num_queries(12):
        result = provision(rows)
    assert len(result.created) == 50 and len(result.errors) == 3
