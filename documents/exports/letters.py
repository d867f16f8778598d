"""Letters and notices (PDF): the provincial recommendation letter to SAMR (art. 7(3)) and the publicity notice
(art. 7(4) 对外公示). Their wording is Chinese and not translated, like the final list's (``documents``)."""

import hashlib
import json

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from core.domain.audit import history
from criteria.enums import Category
from national.models import NationalListEntry
from nominations.enums import NominationState, RecommendationState
from nominations.forms import plain_decimal
from nominations.models import Nomination, ProvinceRecommendation
from provinces.enums import Kind, Level
from provinces.models import Bureau
from publicity.models import PublicityPeriod
from publicity.templatetags.publicity_dates import period_span

from .base import Exporter, integer_param, register
from .final_list import LEVEL_NAMES
from .pdf import PDF, chinese_date, render_pdf

SAMR = "国家市场监督管理总局"
NOTICE_CACHE_SECONDS = 24 * 3600
LETTER_STATES = (RecommendationState.CONFIRMED, RecommendationState.RECOMMENDED)
RANKED_ORDER = (F("province_rank").asc(nulls_last=True), F("province_score").desc(nulls_last=True), "division__code")


# ---------------------------------------------------------------- the recommendation letter (art. 7(3))


def issuing_bureau(province):
    """The provincial market-regulation department's name (广东省市场监督管理局)."""
    bureau = Bureau.objects.filter(division=province).only("name").first()
    return bureau.name if bureau is not None else f"{province.name}市场监督管理局"


def provincial_government(province):
    """Who confirmed the list: the provincial people's government (the Corps has no such government)."""
    return province.name if province.kind == Kind.CORPS else f"{province.name}人民政府"


def name_within_province(division):
    """茂名市茂南区: the locality with its prefecture, without the province the letter comes from."""
    parts = []
    while division is not None and division.level != Level.PROVINCE:
        parts.insert(0, division.name)
        division = division.parent
    return "".join(parts)


def recommended_nominations(recommendation):
    """The list the letter recommends, in the province's order: what was recommended (the audit event names it, so
    a later change of state does not rewrite the letter), or while not yet recommended the shortlist."""
    nominations = Nomination.objects.filter(
        campaign=recommendation.campaign_id,
        category=recommendation.category,
        division__province=recommendation.province_id,
    ).select_related("division__parent__parent")
    event = (
        history(recommendation).filter(action="recommendation.recommend").order_by("-at", "-pk").first()
        if recommendation.state == RecommendationState.RECOMMENDED
        else None
    )
    if event is not None:
        nominations = nominations.filter(pk__in=event.data.get("nominations", []))
    else:
        nominations = nominations.filter(state=NominationState.SHORTLISTED)
    return list(nominations.order_by(*RANKED_ORDER))


def recommendation_letter_context(recommendation):
    province = recommendation.province
    year = recommendation.campaign.year
    category = Category(recommendation.category).label
    issuer = issuing_bureau(province)
    government = provincial_government(province)
    rows = [
        {
            "position": position,
            "name": name_within_province(nomination.division),
            "level": LEVEL_NAMES.get(nomination.division.level, nomination.division.get_level_display()),
            "score": plain_decimal(nomination.province_score) or "—",
        }
        for position, nomination in enumerate(recommended_nominations(recommendation), start=1)
    ]
    signed_on = timezone.localdate(recommendation.recommended_at) if recommendation.recommended_at else None
    confirmation = recommendation.government_document_number
    if recommendation.government_document_date:
        confirmation = f"{confirmation}，{chinese_date(recommendation.government_document_date)}"
    annex = f"{province.name}{year}年度{category}真抓实干成效明显地方推荐名单"
    we = "我厅" if issuer.endswith("厅") else "我局"
    body = [
        "根据《市场监管工作真抓实干成效明显地方激励措施实施办法》（国市监信〔2020〕19号）和市场监管总局工作部署，"
        f"{we}在各地自主申报的基础上，经情况核实、综合比选、汇总统筹，形成{year}年度{category}真抓实干成效明显地方"
        f"拟推荐名单，并经{government}审核确认（{confirmation}）。现推荐{len(rows)}个地方（名单及排序见附件）。",
        "特此函告。",
    ]
    return {
        "issuer": issuer,
        "title": f"{issuer}关于推荐{year}年度{category}真抓实干成效明显地方的函",
        "addressee": "市场监管总局",
        "paragraphs": body,
        "annex": annex,
        "rows": rows,
        "government": government,
        "confirmation_number": recommendation.government_document_number,
        "confirmation_date": (
            chinese_date(recommendation.government_document_date) if recommendation.government_document_date else ""
        ),
        "signed_on": chinese_date(signed_on or timezone.localdate()),
    }


@register
class RecommendationLetterExporter(Exporter):
    """省级市场监管部门推荐函: the province's confirmed list, recommended to SAMR (art. 7(3))."""

    kind = "recommendation_pdf"
    label = gettext_lazy("省级推荐函（PDF）")

    def clean(self, user, params):
        pk = integer_param(params, "recommendation", _("推荐名单"))
        queryset = ProvinceRecommendation.objects.select_related("campaign", "province")
        recommendation = get_object_or_404(policy.visible(user, queryset), pk=pk)
        if recommendation.state not in LETTER_STATES:
            raise ValidationError(_("须先登记省级人民政府的确认，才能生成推荐函。"))
        return {"recommendation": recommendation.pk}

    def title(self, params):
        recommendation = ProvinceRecommendation.objects.select_related("campaign", "province").get(
            pk=params["recommendation"]
        )
        return _("%(province)s%(year)s年度推荐函（%(category)s）") % {
            "province": recommendation.province.name,
            "year": recommendation.campaign.year,
            "category": recommendation.get_category_display(),
        }

    def write(self, user, params, progress, out):
        recommendation = ProvinceRecommendation.objects.select_related("campaign", "province").get(
            pk=params["recommendation"]
        )
        progress(10, _("正在排版"))
        render_pdf("documents/recommendation_letter.html", recommendation_letter_context(recommendation), out)
        category = Category(recommendation.category).label
        return f"{recommendation.province.name}{recommendation.campaign.year}年度{category}推荐函.pdf", PDF


# ---------------------------------------------------------------- the publicity notice (art. 7(4))

OBJECTIONS = (
    "公示期间，任何单位和个人对名单中的地方有异议的，可在公示期内登录市场监管工作真抓实干成效明显地方激励推荐认定平台"
    "“公示公告”页面，以真实姓名提出，写明异议的事实和理由，留下联系方式，并可附一个证明材料文件；"
    "提交后平台给出受理编号。公示期外提出的异议、针对名单以外地方的异议不予受理。市场监管总局对受理的异议逐件核查。"
)


def started_periods():
    entries = NationalListEntry.objects.select_related("nomination__division__province").order_by("position", "pk")
    return (
        PublicityPeriod.objects.filter(starts_at__lte=timezone.now())
        .select_related("national_list__campaign")
        .prefetch_related(Prefetch("national_list__entries", queryset=entries))
    )


def publicity_notice_context(period):
    national_list = period.national_list
    with translation.override("zh-hans"):  # the period's wording comes from the publicity page's filter
        span = period_span(period)
    return {
        "title": period.notice_title,
        "paragraphs": [line.strip() for line in period.notice_text.replace("\r\n", "\n").split("\n") if line.strip()],
        "span": span,
        "caption": f"{national_list.campaign.year}年度{Category(national_list.category).label}拟认定名单",
        "rows": [
            {
                "position": entry.position,
                "province": entry.nomination.division.province.name,
                "name": entry.nomination.division.name,
            }
            for entry in national_list.entries.all()
        ],
        "objections": OBJECTIONS,
        "issuer": SAMR,
        "signed_on": chinese_date(timezone.localdate(period.starts_at)),
    }


def publicity_notice_pdf(period):
    """The notice's PDF, cached under a digest of everything it shows: the public download renders it once per
    content, not once per visitor (a render costs about a second of CPU)."""
    context = publicity_notice_context(period)
    digest = hashlib.sha256(json.dumps(context, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    key = f"publicity-notice:{period.pk}:{digest}"
    content = cache.get(key)
    if content is None:
        content = render_pdf("documents/publicity_notice.html", context)
        cache.set(key, content, NOTICE_CACHE_SECONDS)
    return content


def publicity_notice_file_name(period):
    return f"{period.notice_title}.pdf"


@register
class PublicityNoticeExporter(Exporter):
    """公示: the notice, the period and the list, as the public page shows them; public once the period started."""

    kind = "publicity_notice_pdf"
    label = gettext_lazy("公示文件（PDF）")

    def clean(self, user, params):
        pk = integer_param(params, "period", _("公示"))
        period = get_object_or_404(PublicityPeriod.objects.filter(starts_at__lte=timezone.now()), pk=pk)
        return {"period": period.pk}

    def title(self, params):
        return PublicityPeriod.objects.get(pk=params["period"]).notice_title

    def write(self, user, params, progress, out):
        period = started_periods().get(pk=params["period"])
        progress(10, _("正在排版"))
        out.write(publicity_notice_pdf(period))  # a page or two, cached for the public download
        return publicity_notice_file_name(period), PDF


# ---------------------------------------------------------------- a published final list (公开的最终名单)


def published_list_context(published):
    """One published version of a final list, as the public page shows it (art. 7(4): 对外公示 then 最终名单)."""
    national_list = published.national_list
    return {
        "title": f"{national_list.campaign.year}年度市场监管工作真抓实干成效明显地方名单"
        f"（{Category(national_list.category).label}）",
        "version": published.version,
        "published_on": chinese_date(timezone.localdate(published.published_at)),
        "note": published.note,
        "rows": [
            {**entry, "level_name": LEVEL_NAMES.get(entry.get("level"), entry.get("level", ""))}
            for entry in published.entries
        ],
        "issuer": "国家市场监督管理总局",
    }


def published_list_pdf(published):
    """The PDF of a published version: a version never changes once published, so it is rendered once per version
    (and language-independent: an official document is in Chinese)."""
    key = f"published-list-pdf:{published.pk}:{published.version}:{published.published_at.isoformat()}"
    content = cache.get(key)
    if content is None:
        content = render_pdf("documents/published_list.html", published_list_context(published))
        cache.set(key, content, NOTICE_CACHE_SECONDS)
    return content


def published_list_file_name(published):
    context = published_list_context(published)
    return f"{context['title']}（第{published.version}版）.pdf"
