import operator

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The two kinds of locality the measures recognise (art. 2)."""

    BUSINESS_REFORM = "business_reform", _("深化商事制度改革和加强事中事后监管")
    QUALITY = "quality", _("推进质量工作")


class CategoryRule(models.TextChoices):
    """How a category combines its conditions."""

    # art. 5: 应当符合以下条件，并在其中一个方面工作成效显著，具有突出亮点
    ALL_AND_HIGHLIGHT = "all_and_highlight", _("全部条件符合，且至少一项具有突出亮点")
    # art. 6: 应当符合以下条件
    ALL = "all", _("全部条件符合")


class CriterionKind(models.TextChoices):
    ATTESTATION = "attestation", _("情况说明与佐证材料")
    METRIC = "metric", _("量化指标")
    NO_INCIDENT = "no_incident", _("未发生重大质量安全事件")


class Comparator(models.TextChoices):
    # 以上 / 以下 in the measures include the number itself (DIGEST §5.4, 1).
    GTE = "gte", "≥"
    GT = "gt", ">"
    LTE = "lte", "≤"
    LT = "lt", "<"


COMPARE = {
    Comparator.GTE: operator.ge,
    Comparator.GT: operator.gt,
    Comparator.LTE: operator.le,
    Comparator.LT: operator.lt,
}


class IncidentDomain(models.TextChoices):
    """The fields of art. 6(8) (art. 15 lists the first three)."""

    FOOD_DRUG = "food_drug", _("食品药品")
    SPECIAL_EQUIPMENT = "special_equipment", _("特种设备")
    INDUSTRIAL_PRODUCT = "industrial_product", _("工业产品")
    ENGINEERING = "engineering", _("工程")
    SERVICE = "service", _("服务")


class DeterminingAuthority(models.TextChoices):
    """Who investigated and determined the incident (art. 15, second paragraph)."""

    STATE_COUNCIL = "state_council", _("国务院")
    AUTHORISED_DEPARTMENT = "authorised_department", _("国务院授权有关部门")


class Verdict(models.TextChoices):
    MET = "met", _("符合")
    NOT_MET = "not_met", _("不符合")
    MISSING = "missing", _("未填报")
    NEEDS_REVIEW = "needs_review", _("需人工审核")


class SanctionKind(models.TextChoices):
    # art. 14: 取消该地方3年内申报资格
    APPLICATION_BAN = "application_ban", _("取消申报资格")
    # art. 14: 取消所在省（区、市）市场监管部门下一年度推荐资格
    RECOMMENDATION_BAN = "recommendation_ban", _("取消推荐资格")


class SanctionReason(models.TextChoices):
    FRAUD = "fraud", _("弄虚作假（第十四条）")
    INCIDENT = "incident", _("重大质量安全事件（第十五条）")
