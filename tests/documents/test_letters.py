"""The provincial recommendation letter and the publicity notice (PDF): content, fonts, who may have them; the public
download of the notice and the buttons that request the documents."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents.exports import exporter_for, letters
from nominations.domain import workflow
from nominations.models import ProvinceRecommendation

from ..publicity.conftest import approved_list, running
from .helpers import reading_text
from .test_final_list import ALLOWED_FONTS, needs_poppler, pdf_fonts

pytestmark = pytest.mark.django_db


def render(kind, user, params):
    exporter = exporter_for(kind)
    cleaned = exporter.clean(user, params)
    return exporter.render(user, cleaned, lambda *args: None)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def assert_fonts(content, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    fonts = pdf_fonts(path)
    assert fonts and all(font["emb"] == "yes" for font in fonts), fonts
    assert all(ALLOWED_FONTS.search(font["name"]) for font in fonts), fonts


# ---------------------------------------------------------------- the recommendation letter


@pytest.fixture
def recommendation(recommended_dossier):
    return ProvinceRecommendation.objects.get(province__code="440000", category="quality")


@needs_poppler
def test_the_letter_names_the_bureau_the_list_and_the_governments_confirmation(
    recommendation, province_approver, tmp_path
):
    result = render("recommendation_pdf", province_approver, {"recommendation": recommendation.pk})
    assert result.name == "广东省2026年度推进质量工作推荐函.pdf" and result.content.startswith(b"%PDF")
    text = reading_text(result.content, tmp_path)
    today = timezone.localdate()
    signed = f"{today.year}年{today.month}月{today.day}日"
    for part in (
        "广东省市场监督管理局关于推荐2026年度推进质量工作真抓实干成效明显地方的函",
        "市场监管总局：",
        "经广东省人民政府审核确认（粤府函〔2026〕88号，",
        "现推荐1个地方",
        "附件：广东省2026年度推进质量工作真抓实干成效明显地方推荐名单",
        f"广东省市场监督管理局{signed}",
        "广东省人民政府确认文号：粤府函〔2026〕88号",
        f"确认日期：{signed}",
        "—1—",
    ):
        assert part in text, part
    assert "序号地方名称层级省级评分1茂名市茂南区县级88" in reading_text(result.content, tmp_path, layout=True)
    assert_fonts(result.content, tmp_path)


@pytest.mark.parametrize("persona", ["province_reviewer", "province_approver", "samr_reviewer"], indirect=True)
def test_the_province_and_samr_may_have_the_letter(recommendation, persona):
    params = exporter_for("recommendation_pdf").clean(persona, {"recommendation": str(recommendation.pk)})
    assert params == {"recommendation": recommendation.pk}


@pytest.mark.parametrize("persona", ["other_province_reviewer", "county_clerk", "expert", "anonymous"], indirect=True)
def test_others_get_a_404(recommendation, persona):
    with pytest.raises(Http404):
        exporter_for("recommendation_pdf").clean(persona, {"recommendation": recommendation.pk})


def test_no_letter_before_the_governments_confirmation(submitted_dossier, province_reviewer):
    nomination = workflow.verify(province_reviewer, submitted_dossier, note="经核实。")
    workflow.shortlist(province_reviewer, nomination)
    draft = workflow.recommendation_for(nomination.campaign, nomination.division.province, nomination.category)
    with pytest.raises(ValidationError, match="须先登记省级人民政府的确认"):
        exporter_for("recommendation_pdf").clean(province_reviewer, {"recommendation": draft.pk})
    with pytest.raises(ValidationError, match="请指定推荐名单"):
        exporter_for("recommendation_pdf").clean(province_reviewer, {"recommendation": "abc"})


def test_the_recommendation_page_offers_the_letter(recommendation, province_approver):
    page = signed_in(province_approver).get(reverse("nominations:recommendation", args=["quality"])).content.decode()
    assert 'value="recommendation_pdf"' in page and f'name="recommendation" value="{recommendation.pk}"' in page


def test_the_application_page_offers_the_dossier_and_the_package(recommended_dossier, county_clerk):
    page = signed_in(county_clerk).get(reverse("nominations:detail", args=[recommended_dossier.pk])).content.decode()
    assert 'value="dossier_pdf"' in page and 'value="dossier_zip"' in page
    assert f'name="nomination" value="{recommended_dossier.pk}"' in page


# ---------------------------------------------------------------- the publicity notice


@pytest.fixture
def running_period(campaign, county_clerk, samr_approver):
    return running(approved_list(campaign, county_clerk, 12, category="business_reform"), samr_approver)


@pytest.fixture
def future_period(campaign, county_clerk, samr_approver):
    now = timezone.now()
    return running(
        approved_list(campaign, county_clerk, 2, category="quality", province="630000"),
        samr_approver,
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=8),
    )


@needs_poppler
def test_the_notice_has_its_text_period_list_objections_and_issuer(running_period, county_clerk, tmp_path):
    result = render("publicity_notice_pdf", county_clerk, {"period": running_period.pk})
    assert result.name == f"{running_period.notice_title}.pdf"
    text = reading_text(result.content, tmp_path)
    start = timezone.localtime(running_period.starts_at)
    for part in (
        running_period.notice_title,
        "根据第七条第四项，现予以公示。",
        f"公示时间：{start.year}年{start.month}月{start.day}日",
        "（5个工作日）",
        "2026年度深化商事制度改革和加强事中事后监管拟认定名单",
        "以真实姓名提出",
        f"国家市场监督管理总局{start.year}年{start.month}月{start.day}日",
    ):
        assert part in text, part
    rows = reading_text(result.content, tmp_path, layout=True)
    assert "序号省份地方" in rows
    for entry in running_period.national_list.entries.select_related("nomination__division__province"):
        division = entry.nomination.division
        assert f"{entry.position}{division.province.name}{division.name}" in rows
    assert_fonts(result.content, tmp_path)


def test_the_notice_is_public_once_the_period_has_started(running_period, future_period, county_clerk):
    response = Client().get(reverse("documents:publicity_notice_pdf", args=[running_period.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "filename*=UTF-8''" in response["Content-Disposition"]
    assert Client().get(reverse("documents:publicity_notice_pdf", args=[future_period.pk])).status_code == 404
    with pytest.raises(Http404):
        exporter_for("publicity_notice_pdf").clean(county_clerk, {"period": future_period.pk})


def test_the_public_download_renders_once_per_content(running_period, monkeypatch):
    cache.clear()
    calls = []
    real = letters.render_pdf
    monkeypatch.setattr(letters, "render_pdf", lambda *args: calls.append(1) or real(*args))
    url = reverse("documents:publicity_notice_pdf", args=[running_period.pk])
    first = Client().get(url).content
    assert Client().get(url).content == first and len(calls) == 1
    running_period.notice_text = "更正后的公示内容。"
    running_period.save()
    assert Client().get(url).content != first and len(calls) == 2


def test_the_public_page_links_the_notice(running_period):
    page = Client().get(reverse("publicity:index")).content.decode()
    assert reverse("documents:publicity_notice_pdf", args=[running_period.pk]) in page and "下载公示文件（PDF）" in page
