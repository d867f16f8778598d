from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class NominationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    VERIFIED = "verified", _("已核实")
    NOT_RECOMMENDED = "not_recommended", _("未推荐")
    SHORTLISTED = "shortlisted", _("拟推荐")
    RECOMMENDED = "recommended", _("已推荐")
    WITHDRAWN = "withdrawn", _("已撤回")
    LAPSED = "lapsed", _("逾期未提交")
    EVALUATED = "evaluated", _("已评估")
    PROPOSED = "proposed", _("拟认定")
    IN_PUBLICITY = "in_publicity", _("公示中")
    APPROVED = "approved", _("已认定")
    NOT_SELECTED = "not_selected", _("未入选")
    AWARDED = "awarded", _("已激励")
    REVOKED = "revoked", _("已撤销")
    DISQUALIFIED = "disqualified", _("取消资格")


# What SAMR sees: a province's work becomes national business once recommended.
NATIONAL_STATES = frozenset(
    {
        NominationState.RECOMMENDED,
        NominationState.EVALUATED,
        NominationState.PROPOSED,
        NominationState.IN_PUBLICITY,
        NominationState.APPROVED,
        NominationState.NOT_SELECTED,
        NominationState.AWARDED,
        NominationState.REVOKED,
        NominationState.DISQUALIFIED,
    }
)
# The applicant may change its answers and evidence only in these.


class AttachmentPurpose(models.TextChoices):
    EVIDENCE = "evidence", _("申报佐证材料")
    VERIFICATION = "verification", _("核实材料")
    SUPPLEMENT = "supplement", _("补充材料")


class ReviewStage(models.TextChoices):
    PROVINCE = "province", _("省级审核")
    EXPERT = "expert", _("专家意见")
    DEPARTMENT = "department", _("相关部门意见")
    SAMR = "samr", _("总局评估")


class RecommendationState(models.TextChoices):
    DRAFT = "draft", _("比选中")
    CONFIRMED = "confirmed", _("省政府已确认")
    RECOMMENDED = "recommended", _("已推荐至总局")
