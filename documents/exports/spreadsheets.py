"""The lists reviewers work with, as spreadsheets (XLSX, or CSV with ``format=csv``): the province's queue, SAMR's
national candidates, every application of a campaign, the balance of a national list, the published final list and
the objection queue.

Each exporter takes the same filters as its page (the page's own filter form cleans them; an invalid value is left
out, as on the page) and asks the same policy; it reads its rows in a constant number of queries. See
docs/documents.md (Excel 和 CSV 导出).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from core.labels import choice_labels
from criteria.enums import Category
from national.domain import balance, evaluation
from national.domain import national_list as national_lists
from national.forms import CandidateFilterForm
from national.models import NationalList
from nominations.domain.campaigns import province_of
from nominations.enums import NominationState
from nominations.forms import PROVINCE_STATES, QueueFilterForm
from nominations.models import Campaign, Nomination
from nominations.views.common import current_campaign
from provinces.enums import Level, Region
from provinces.models import Division
from publicity.enums import ObjectionStatus
from publicity.forms import ObjectionFilterForm
from publicity.models import Objection, PublishedList

from .base import Exporter, integer_param, register
from .tables import CSV, XLSX, Sheet, csv_of, write_csv, xlsx

FORMATS = {"xlsx": XLSX, "csv": CSV}
TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


class Labels:
    """The labels of one file, translated once: per row, ``get_FOO_display`` and ``gettext`` would take most of the
    time of a long list."""

    def __init__(self):
        self.yes_no = {True: _("是"), False: _("否")}
        self.state = choice_labels(NominationState)
        self.category = choice_labels(Category)
        self.region = choice_labels(Region)
        self.level = choice_labels(Level)
        self.objection_status = choice_labels(ObjectionStatus)


def _filters(form):
    """The valid, non-empty values of a bound filter form, JSON-ready; an invalid value drops out as on the page."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value not in ("", None, False)}


def requested_campaign(user, params):
    """The campaign named in ``params`` if the user may see it (else 404), otherwise the open one."""
    if params.get("campaign") in (None, ""):
        campaign = current_campaign(user)
        if campaign is None:
            raise ValidationError(_("目前没有正在进行的年度推荐认定工作。"))
        return campaign
    pk = integer_param(params, "campaign", _("年度工作"))
    return get_object_or_404(policy.visible(user, Campaign.objects.all()), pk=pk)


def national_campaign(user, params):
    """``requested_campaign`` for those who may see the national lists (SAMR staff and administrators); others 404."""
    campaign = requested_campaign(user, params)
    policy.authorize(user, "national_list.view", NationalList(campaign=campaign))
    return campaign


def _national_list(user, params):
    pk = integer_param(params, "national_list", _("全国名单"))
    found = get_object_or_404(policy.visible(user, NationalList.objects.select_related("campaign")), pk=pk)
    policy.authorize(user, "national_list.view", found)
    return found


def _list_label(the_list):
    return f"{the_list.campaign.year}年度{Category(the_list.category).label}"


class SpreadsheetExporter(Exporter):
    """A list as XLSX (default) or CSV. Subclasses clean their own parameters (``clean_params``), name the file
    (``title``) and give the tables (``sheets``)."""

    def clean(self, user, params):
        fmt = str(params.get("format") or "xlsx").strip().lower()
        if fmt not in FORMATS:
            raise ValidationError(_("导出格式只能是 xlsx（Excel）或 csv。"))
        return {**self.clean_params(user, params), "format": fmt}

    def clean_params(self, user, params):
        raise NotImplementedError

    def sheets(self, user, params):
        raise NotImplementedError

    def write(self, user, params, progress, out):
        fmt = params["format"]
        progress(10, _("正在读取数据"))
        # Always Chinese, like the official documents: the file is the same whoever asks, in whatever language.
        with translation.override("zh-hans"):
            sheets = self.sheets(user, params)
            progress(50, _("正在生成表格"))
            title = self.title(params)
            if fmt == "xlsx":
                xlsx(sheets, out, title=title)
            else:
                write_csv(csv_of(sheets), out)
        return f"{title}.{fmt}", FORMATS[fmt]


# ---------------------------------------------------------------- the province's queue (本省申报)


def _queue_form(province, data):
    prefectures = list(Division.objects.filter(province=province, level=Level.PREFECTURE).order_by("code"))
    return QueueFilterForm(data, prefectures=prefectures, states=PROVINCE_STATES)


@register
class ProvinceQueueExporter(SpreadsheetExporter):
    """本省申报: the province's applications of a campaign with the queue page's filters (province roles)."""

    kind = "province_queue"
    label = gettext_lazy("本省申报（Excel/CSV）")
    headers = (
        gettext_lazy("区划代码"),
        gettext_lazy("申报地方"),
        gettext_lazy("上级地市"),
        gettext_lazy("层级"),
        gettext_lazy("欠发达地区"),
        gettext_lazy("类别"),
        gettext_lazy("状态"),
        gettext_lazy("提交时间"),
        gettext_lazy("省级评分"),
        gettext_lazy("省内排序"),
        gettext_lazy("优先（典型经验）"),
    )

    def clean_params(self, user, params):
        # The province is always the user's own; one named in the parameters must be it (the file may outlive a
        # move to another province: then it is no longer the user's to download).
        province = province_of(user)
        if province is None:
            raise PermissionDenied
        if params.get("province") not in (None, "", province.code):
            raise Http404
        campaign = requested_campaign(user, params)
        return {"campaign": campaign.pk, "province": province.code, **_filters(_queue_form(province, params))}

    def title(self, params):
        province = Division.objects.get(code=params["province"])
        year = Campaign.objects.values_list("year", flat=True).get(pk=params["campaign"])
        return _("%(year)s年度本省申报（%(province)s）") % {"year": year, "province": province.name}

    def sheets(self, user, params):
        province = Division.objects.get(code=params["province"])
        form = _queue_form(province, params)
        rows = (
            form.filter(
                policy.visible(user, Nomination.objects.with_priority()).filter(
                    campaign_id=params["campaign"], division__province=province
                )
            )
            .select_related("division__prefecture")
            .order_by("category", "-priority", "division__code")
        )
        labels = Labels()
        lines = []
        for nomination in rows:
            division = nomination.division
            parent = division.prefecture if division.prefecture_id not in (None, division.pk) else None
            lines.append(
                (
                    division.code,
                    division.name,
                    parent.name if parent else None,
                    labels.level.get(division.level),
                    labels.yes_no[division.underdeveloped],
                    labels.category.get(nomination.category),
                    labels.state.get(nomination.state),
                    nomination.submitted_at,
                    nomination.province_score,
                    nomination.province_rank,
                    labels.yes_no[nomination.priority],
                )
            )
        return [Sheet(_("本省申报"), self.headers, lines)]


# ---------------------------------------------------------------- SAMR's national candidates (全国候选)


def _candidate_form(data):
    provinces = list(Division.objects.filter(level=Level.PROVINCE).order_by("code"))
    return CandidateFilterForm(data, provinces=provinces)


@register
class NationalCandidatesExporter(SpreadsheetExporter):
    """全国候选: the recommended and later applications of a campaign with the candidates page's filters (SAMR)."""

    kind = "national_candidates"
    label = gettext_lazy("全国候选（Excel/CSV）")
    headers = (
        gettext_lazy("区划代码"),
        gettext_lazy("申报地方"),
        gettext_lazy("省份"),
        gettext_lazy("区域"),
        gettext_lazy("层级"),
        gettext_lazy("欠发达地区"),
        gettext_lazy("类别"),
        gettext_lazy("省内排序"),
        gettext_lazy("省级评分"),
        gettext_lazy("意见数"),
        gettext_lazy("意见平均分"),
        gettext_lazy("总局评估得分"),
        gettext_lazy("状态"),
    )

    def clean_params(self, user, params):
        campaign = national_campaign(user, params)
        return {"campaign": campaign.pk, **_filters(_candidate_form(params))}

    def title(self, params):
        year = Campaign.objects.values_list("year", flat=True).get(pk=params["campaign"])
        return _("%(year)s年度全国候选") % {"year": year}

    def sheets(self, user, params):
        # Plain values, not model instances: the whole country's candidates may run to thousands of rows.
        rows = (
            _candidate_form(params)
            .filter(evaluation.candidates(user, params["campaign"]))
            .order_by(
                "category",
                F("national_score").desc(nulls_last=True),
                "division__province__code",
                F("province_rank").asc(nulls_last=True),
                "pk",
            )
            .values(
                "category",
                "state",
                "province_rank",
                "province_score",
                "national_score",
                "opinion_count",
                "opinion_mean",
                code=F("division__code"),
                name=F("division__name"),
                province=F("division__province__name"),
                region=F("division__region"),
                level=F("division__level"),
                underdeveloped=F("division__underdeveloped"),
            )
        )
        labels = Labels()
        lines = [
            (
                row["code"],
                row["name"],
                row["province"],
                labels.region.get(row["region"]),
                labels.level.get(row["level"]),
                labels.yes_no[row["underdeveloped"]],
                labels.category.get(row["category"]),
                row["province_rank"],
                row["province_score"],
                row["opinion_count"],
                None if row["opinion_mean"] is None else Decimal(row["opinion_mean"]).quantize(TWO_PLACES),
                row["national_score"],
                labels.state.get(row["state"]),
            )
            for row in rows
        ]
        return [Sheet(_("全国候选"), self.headers, lines)]


# ---------------------------------------------------------------- every application of a campaign (申报一览)


class QueryRows:
    """The rows of a query, read afresh in chunks each time they are iterated: never all in memory at once, however
    many (the XLSX writer goes through them twice, for the column widths and for the cells)."""

    CHUNK = 2000

    def __init__(self, queryset, line):
        self.queryset, self.line = queryset, line

    def __iter__(self):
        return map(self.line, self.queryset.iterator(chunk_size=self.CHUNK))


@register
class ApplicationsExporter(SpreadsheetExporter):
    """申报一览: every application of a campaign its requester may see, in any state, both categories or one (SAMR
    staff and administrators). The policy decides the rows: SAMR staff see what was recommended to them,
    administrators every application of the country (about 6,400 in a year)."""

    kind = "applications"
    label = gettext_lazy("申报一览（Excel/CSV）")
    headers = (
        gettext_lazy("区划代码"),
        gettext_lazy("申报地方"),
        gettext_lazy("省份"),
        gettext_lazy("上级地市"),
        gettext_lazy("层级"),
        gettext_lazy("欠发达地区"),
        gettext_lazy("类别"),
        gettext_lazy("状态"),
        gettext_lazy("提交时间"),
        gettext_lazy("省级评分"),
        gettext_lazy("省内排序"),
        gettext_lazy("总局评估得分"),
    )

    def clean_params(self, user, params):
        campaign = national_campaign(user, params)
        category = params.get("category")
        # An unknown category is left out, as the pages' filters do: the file then has both.
        return {"campaign": campaign.pk, **({"category": category} if category in Category.values else {})}

    def title(self, params):
        year = Campaign.objects.values_list("year", flat=True).get(pk=params["campaign"])
        if "category" in params:
            return _("%(year)s年度申报一览（%(category)s）") % {
                "year": year,
                "category": Category(params["category"]).label,
            }
        return _("%(year)s年度申报一览") % {"year": year}

    def sheets(self, user, params):
        rows = policy.visible(user, Nomination.objects.filter(campaign_id=params["campaign"]))
        if "category" in params:
            rows = rows.filter(category=params["category"])
        rows = rows.order_by("category", "division__province__code", "division__code", "pk").values_list(
            "division__code",
            "division__name",
            "division__province__name",
            "division_id",
            "division__prefecture_id",
            "division__prefecture__name",
            "division__level",
            "division__underdeveloped",
            "category",
            "state",
            "submitted_at",
            "province_score",
            "province_rank",
            "national_score",
        )
        labels = Labels()

        def line(row):
            code, name, province, division, prefecture, prefecture_name, level, underdeveloped, *rest = row
            category, state, submitted_at, province_score, province_rank, national_score = rest
            return (
                code,
                name,
                province,
                prefecture_name if prefecture not in (None, division) else None,
                labels.level.get(level),
                labels.yes_no[underdeveloped],
                labels.category.get(category),
                labels.state.get(state),
                submitted_at,
                province_score,
                province_rank,
                national_score,
            )

        return [Sheet(_("申报一览"), self.headers, QueryRows(rows, line))]


# ---------------------------------------------------------------- the balance of a national list (综合平衡, art. 8)


@register
class BalanceExporter(SpreadsheetExporter):
    """综合平衡: the ranking with raw score, bonus and adjusted score; the list's make-up; the suggestion (SAMR)."""

    kind = "balance"
    label = gettext_lazy("综合平衡（Excel/CSV）")
    ranking_headers = (
        gettext_lazy("全国位次"),
        gettext_lazy("区划代码"),
        gettext_lazy("申报地方"),
        gettext_lazy("省份"),
        gettext_lazy("区域"),
        gettext_lazy("层级"),
        gettext_lazy("欠发达地区"),
        gettext_lazy("总局评估得分"),
        gettext_lazy("倾斜加分"),
        gettext_lazy("调整后得分"),
        gettext_lazy("是否在名单"),
        gettext_lazy("是否建议"),
    )
    distribution_headers = (
        gettext_lazy("维度"),
        gettext_lazy("分组"),
        gettext_lazy("个数"),
        gettext_lazy("占名单比例（%）"),
        gettext_lazy("占名额比例（%）"),
    )
    suggestion_headers = (gettext_lazy("项目"), gettext_lazy("内容"))

    def clean_params(self, user, params):
        return {"national_list": _national_list(user, params).pk}

    def title(self, params):
        the_list = NationalList.objects.select_related("campaign").get(pk=params["national_list"])
        return _("%(list)s综合平衡") % {"list": _list_label(the_list)}

    def sheets(self, user, params):
        the_list = NationalList.objects.select_related("campaign").get(pk=params["national_list"])
        analysis = national_lists.analyse(user, the_list)
        labels = Labels()
        return [
            self._ranking(analysis, labels),
            self._distribution(analysis.figures, labels),
            self._suggestion(analysis, labels),
        ]

    def _ranking(self, analysis, labels):
        lines = [
            (
                item.line.position,
                item.nomination.division.code,
                item.nomination.division.name,
                item.nomination.division.province.name,
                labels.region.get(item.nomination.division.region),
                labels.level.get(item.nomination.division.level),
                labels.yes_no[item.nomination.division.underdeveloped],
                item.line.score,
                item.line.bonus,
                item.line.adjusted,
                labels.yes_no[item.on_list],
                labels.yes_no[item.suggested],
            )
            for item in analysis.ranking
        ]
        return Sheet(_("候选排名"), self.ranking_headers, lines)

    def _distribution(self, figures, labels):
        quota = figures.quota
        lines = [
            (_("合计"), _("名单"), figures.total, None, figures.quota_share),
            (_("合计"), _("名额"), quota, None, None),
            (_("合计"), _("尚余"), figures.remaining, None, None),
        ]
        groups = (
            (_("区域"), figures.by_region, figures.region_shares, lambda key: labels.region.get(key, key)),
            (_("层级"), figures.by_level, figures.level_shares, lambda key: labels.level.get(key, key)),
            (
                _("欠发达地区"),
                figures.by_underdeveloped,
                figures.underdeveloped_shares,
                lambda key: _("欠发达地区") if key else _("其他地区"),
            ),
            (_("省份"), figures.by_province, figures.province_shares, str),
        )
        for dimension, counts, shares, label in groups:
            for key, count in counts.items():
                lines.append((dimension, label(key), count, shares[key], balance.quota_share(count, quota)))
        return Sheet(_("名单构成"), self.distribution_headers, lines)

    def _suggestion(self, analysis, labels):
        suggestion = analysis.suggestion
        by_pk = {item.nomination.pk: item for item in analysis.ranking}

        def name(item):
            return f"{item.nomination.division.province.name} {item.nomination.division.name}"

        lines = [(_("能否生成建议名单"), labels.yes_no[suggestion.feasible])]
        lines += [(_("说明"), reason) for reason in suggestion.reasons]
        if suggestion.feasible:
            lines += [
                (_("可填名额"), suggestion.places),
                (_("调整后得分合计"), suggestion.total_score),
                (_("总局评估得分合计"), suggestion.raw_total),
            ]
            lines += [(_("起约束作用的要求"), item) for item in suggestion.binding]
            lines += [(_("建议入选"), name(by_pk[pk])) for pk in suggestion.selected]
            lines += [(_("需加入"), name(item)) for item in analysis.ranking if item.suggested and not item.on_list]
            lines += [(_("需移出"), name(item)) for item in analysis.ranking if item.on_list and not item.suggested]
        return Sheet(_("建议名单"), self.suggestion_headers, lines)


# ---------------------------------------------------------------- the final list as published (最终名单)


def _latest_published(the_list):
    return PublishedList.objects.filter(national_list=the_list).order_by("-version").first()


@register
class FinalListSheetExporter(SpreadsheetExporter):
    """最终名单: the entries of the list's latest published version (SAMR staff)."""

    kind = "final_list"
    label = gettext_lazy("最终名单（Excel/CSV）")
    headers = (gettext_lazy("序号"), gettext_lazy("省份"), gettext_lazy("地方名称"), gettext_lazy("层级"))

    def clean_params(self, user, params):
        the_list = _national_list(user, params)
        if not PublishedList.objects.filter(national_list=the_list).exists():
            raise ValidationError(_("%(list)s尚未发布最终名单。") % {"list": _list_label(the_list)})
        return {"national_list": the_list.pk}

    def title(self, params):
        the_list = NationalList.objects.select_related("campaign").get(pk=params["national_list"])
        return _("%(list)s最终名单") % {"list": _list_label(the_list)}

    def sheets(self, user, params):
        the_list = NationalList.objects.select_related("campaign").get(pk=params["national_list"])
        published = _latest_published(the_list)
        labels = Labels()
        lines = [
            (
                entry["position"],
                entry["province_name"],
                entry["division_name"],
                labels.level.get(entry["level"], entry["level"]),
            )
            for entry in published.entries
        ]
        sheet_title = _("%(category)s（第 %(version)s 版）") % {
            "category": Category(the_list.category).label,
            "version": published.version,
        }
        return [Sheet(sheet_title, self.headers, lines)]


# ---------------------------------------------------------------- objections (异议办理)


@register
class ObjectionsExporter(SpreadsheetExporter):
    """异议办理: the objection queue with its filters (status, publicity period, receipt or locality); those who may
    see objections (``objection.view``: SAMR staff and administrators)."""

    kind = "objections"
    label = gettext_lazy("异议清单（Excel/CSV）")
    headers = (
        gettext_lazy("受理编号"),
        gettext_lazy("提交时间"),
        gettext_lazy("异议对象"),
        gettext_lazy("省份"),
        gettext_lazy("类别"),
        gettext_lazy("姓名"),
        gettext_lazy("联系方式"),
        gettext_lazy("事实和理由"),
        gettext_lazy("状态"),
        gettext_lazy("处理结果"),
        gettext_lazy("办结时间"),
    )

    def clean_params(self, user, params):
        if not policy.can(user, "objection.view"):
            raise PermissionDenied
        return _filters(ObjectionFilterForm(params))

    def title(self, params):
        return _("异议清单")

    def sheets(self, user, params):
        filters = _filters(ObjectionFilterForm(params))
        rows = policy.visible(
            user, Objection.objects.select_related("nomination__division__province", "period__national_list")
        ).order_by("-submitted_at", "-pk")
        rows = ObjectionFilterForm.apply(rows, filters)
        labels = Labels()
        lines = [
            (
                objection.receipt,
                objection.submitted_at,
                objection.nomination.division.name,
                objection.nomination.division.province.name,
                labels.category.get(objection.period.national_list.category),
                objection.name,
                objection.contact,
                objection.grounds,
                labels.objection_status.get(objection.status),
                objection.resolution,
                objection.resolved_at,
            )
            for objection in rows
        ]
        return [Sheet(_("异议清单"), self.headers, lines)]
