from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")


class Kind(models.TextChoices):
    """The type of a division as GB/T 2260 and the administrative system name it.

    师市 and 师 are the portal's prefecture-level units of 新疆生产建设兵团 (docs/divisions.md): a division of
    the Corps and its city run as one administration (师市合一), and a division without a city.
    """

    PROVINCE = "province", _("省")
    AUTONOMOUS_REGION = "autonomous_region", _("自治区")
    MUNICIPALITY = "municipality", _("直辖市")
    CORPS = "corps", _("兵团")
    CORPS_DIVISION_CITY = "corps_division_city", _("师市")
    CORPS_DIVISION = "corps_division", _("师")
    PREFECTURE_CITY = "prefecture_city", _("地级市")
    PREFECTURE = "prefecture", _("地区")
    AUTONOMOUS_PREFECTURE = "autonomous_prefecture", _("自治州")
    LEAGUE = "league", _("盟")
    COUNTY = "county", _("县")
    COUNTY_CITY = "county_city", _("县级市")
    DISTRICT = "district", _("市辖区")
    BANNER = "banner", _("旗")
    AUTONOMOUS_COUNTY = "autonomous_county", _("自治县")
    AUTONOMOUS_BANNER = "autonomous_banner", _("自治旗")
    SPECIAL_DISTRICT = "special_district", _("特区")
    FORESTRY_DISTRICT = "forestry_district", _("林区")


class Region(models.TextChoices):
    """The four economic regions of the National Bureau of Statistics (art. 8 balance)."""

    EAST = "east", _("东部")
    CENTRAL = "central", _("中部")
    WEST = "west", _("西部")
    NORTHEAST = "northeast", _("东北")


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报单位")
    PROVINCE_REVIEWER = "province_reviewer", _("省级审核人员")
    PROVINCE_APPROVER = "province_approver", _("省级审批负责人")
    EXPERT = "expert", _("专家/相关部门")
    SAMR_REVIEWER = "samr_reviewer", _("总局审核人员")
    SAMR_APPROVER = "samr_approver", _("总局审批负责人")
    ADMIN = "admin", _("系统管理员")


class BureauLevel(models.TextChoices):
    NATIONAL = "national", _("总局")
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")


# Which bureaus a role may be held at. Art. 2: only prefecture- and county-level
# localities apply; art. 7(3): provincial departments verify and recommend;
# art. 7(4): SAMR evaluates. Experts and related departments may sit anywhere.
ROLE_BUREAU_LEVELS = {
    Role.APPLICANT: {BureauLevel.PREFECTURE, BureauLevel.COUNTY},
    Role.PROVINCE_REVIEWER: {BureauLevel.PROVINCE},
    Role.PROVINCE_APPROVER: {BureauLevel.PROVINCE},
    Role.EXPERT: set(BureauLevel),
    Role.SAMR_REVIEWER: {BureauLevel.NATIONAL},
    Role.SAMR_APPROVER: {BureauLevel.NATIONAL},
    Role.ADMIN: {BureauLevel.NATIONAL},
}

NATIONAL_ROLES = frozenset({Role.SAMR_REVIEWER, Role.SAMR_APPROVER, Role.ADMIN})
