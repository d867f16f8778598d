from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class SanctionKind(models.TextChoices):
    # art. 14: 取消该地方3年内申报资格
    APPLICATION_BAN = "application_ban", _("取消申报资格")
    # art. 14: 取消所在省（区、市）市场监管部门下一年度推荐资格
    RECOMMENDATION_BAN = "recommendation_ban", _("取消推荐资格")


class SanctionReason(models.TextChoices):
    FRAUD = "fraud", _("弄虚作假（第十四条）")
    INCIDENT = "incident", _("重大质量安全事件（第十五条）")
