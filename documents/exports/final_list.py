"""The official documents (PDF): the final lists reported to the State Council General Office."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from awards.domain.report import numbered, printed_number
from awards.models import ReportDocument
from criteria.enums import Category
from national.models import NationalList, NationalListState
from nominations.models import Campaign
from provinces.enums import Level

from .base import Exporter, integer_param, register
from .pdf import PDF, chinese_date, render_pdf

REPORTABLE = (NationalListState.FINALISED, NationalListState.REPORTED)
LEVEL_NAMES = {Level.PREFECTURE: "地级", Level.COUNTY: "县级"}


def default_report_document(campaign):
    """The wording SAMR starts from; it adjusts and saves it on the report document page."""
    year = campaign.year
    return ReportDocument(
        campaign=campaign,
        issuer="国家市场监督管理总局",
        document_number=f"国市监信函〔{year}〕号",
        title=f"市场监管总局关于报送{year}年度市场监管工作真抓实干成效明显地方名单的函",
        addressee="国务院办公厅",
        body=(
            "根据国务院办公厅关于对真抓实干成效明显地方进一步加大激励支持力度的要求和《市场监管工作真抓实干成效明显地方"
            "激励措施实施办法》（国市监信〔2020〕19号），市场监管总局组织开展了"
            f"{year}年度深化商事制度改革和加强事中事后监管、推进质量工作真抓实干成效明显地方推荐认定工作。"
            "经地方申报、省级市场监管部门推荐、总局全面考察和客观评估、听取行业专家和相关部门意见、综合平衡和对外公示，"
            "确定了拟予激励支持的地方名单（见附件），现予报送。\n\n特此函告。"
        ),
        signed_on=timezone.localdate(),
    )


def report_document_for(campaign):
    """The saved report document of ``campaign``, or the default wording (unsaved)."""
    return ReportDocument.objects.filter(campaign=campaign).first() or default_report_document(campaign)


def final_lists(campaign):
    """The latest published version of each finalised list of ``campaign``, in category order (two queries)."""
    from publicity.models import PublishedList

    lists = {
        national_list.pk: national_list
        for national_list in NationalList.objects.filter(campaign=campaign, state__in=REPORTABLE)
    }
    latest = {}
    for published in PublishedList.objects.filter(national_list__in=lists).order_by("national_list_id", "-version"):
        latest.setdefault(published.national_list_id, published)
    order = {value: index for index, value in enumerate(Category.values)}
    sections = [
        {
            "category": Category(lists[pk].category).label,
            "entries": [
                {**entry, "level_name": LEVEL_NAMES.get(entry["level"], entry["level"])} for entry in published.entries
            ],
        }
        for pk, published in latest.items()
    ]
    return sorted(sections, key=lambda section: order.get(section["category"], 0))


def final_list_context(campaign):
    document = report_document_for(campaign)
    sections = final_lists(campaign)
    return {
        "document": document,
        "numbered": numbered(document.document_number),
        "number": printed_number(document.document_number),
        "paragraphs": document.paragraphs(),
        "signed_on": chinese_date(document.signed_on),
        "sections": sections,
        "total": sum(len(section["entries"]) for section in sections),
        "campaign": campaign,
    }


@register
class FinalListExporter(Exporter):
    """上报国务院办公厅的最终名单: the letter and, as its attachment, the list per category (art. 7(4))."""

    kind = "final_list_pdf"
    label = gettext_lazy("上报国务院办公厅的最终名单（PDF）")

    def clean(self, user, params):
        pk = integer_param(params, "campaign", _("年度工作"))
        campaign = get_object_or_404(policy.visible(user, Campaign.objects.all()), pk=pk)
        policy.authorize(user, "national_list.view", NationalList(campaign=campaign))
        if not NationalList.objects.filter(campaign=campaign, state__in=REPORTABLE).exists():
            raise ValidationError(_("%(year)s年度尚无已发布的最终名单。") % {"year": campaign.year})
        return {"campaign": campaign.pk}

    def title(self, params):
        campaign = Campaign.objects.get(pk=params["campaign"])
        return _("%(year)s年度最终名单（上报国务院办公厅）") % {"year": campaign.year}

    def write(self, user, params, progress, out):
        campaign = Campaign.objects.get(pk=params["campaign"])
        progress(10, _("正在排版"))
        render_pdf("documents/final_list.html", final_list_context(campaign), out)
        return f"{campaign.year}年度真抓实干成效明显地方名单.pdf", PDF
