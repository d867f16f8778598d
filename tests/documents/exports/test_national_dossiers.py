"""全国申报档案包 (ZIP): one dossier PDF per application recommended to SAMR, a manifest, SAMR staff only."""

import csv
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from documents.exports import exporter_for
from nominations.enums import NominationState

from ...nominations.test_nominations_api import make
from ..helpers import reading_text
from ..test_final_list import needs_poppler
from .conftest import export

pytestmark = pytest.mark.django_db
S = NominationState
MANIFEST_HEADER = ["file", "size", "sha256", "nomination", "division_code", "locality", "state"]


@pytest.fixture
def received(campaign, county_clerk):
    """Recommended to SAMR: 茂南区 and 海东市 (quality; evaluated for 海东市), 惠州市 (business reform). Not SAMR's:
    茂名市 submitted, 乐都区 not recommended by its province."""
    maonan = make(campaign, "440902", county_clerk, state=S.RECOMMENDED, province_rank=1)
    haidong = make(campaign, "630200", county_clerk, state=S.EVALUATED, province_rank=1, national_score="88.00")
    huizhou = make(campaign, "441300", county_clerk, category="business_reform", state=S.RECOMMENDED)
    make(campaign, "440900", county_clerk)
    make(campaign, "630202", county_clerk, state=S.NOT_RECOMMENDED)
    return maonan, haidong, huizhou


def members(rendered):
    archive = zipfile.ZipFile(rendered.file)
    return archive, archive.namelist()


def manifest_rows(archive):
    text = archive.read("manifest.csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_one_dossier_per_recommended_application_of_the_category(received, samr_reviewer):
    messages = []

    rendered = export_with_progress(samr_reviewer, {"category": "quality"}, messages)

    assert rendered.name == "2026年度推进质量工作全国申报档案.zip" and rendered.content_type == "application/zip"
    archive, names = members(rendered)
    # By province (广东省 440000 before 青海省 630000), then the province's order; the manifest last.
    assert names == [
        "广东省/茂名市茂南区推进质量工作申报档案.pdf",
        "青海省/海东市推进质量工作申报档案.pdf",
        "manifest.csv",
    ]
    assert all(archive.read(name).startswith(b"%PDF") for name in names[:2])
    assert {info.compress_type for info in archive.infolist()[:2]} == {zipfile.ZIP_STORED}
    assert [message for message in messages if "份档案" in message] == [
        "正在生成第 1/2 份档案：茂名市茂南区",
        "正在生成第 2/2 份档案：海东市",
    ]


def export_with_progress(user, params, messages):
    exporter = exporter_for("national_dossiers")
    cleaned = exporter.clean(user, params)
    return exporter.render(user, cleaned, lambda percent, message="": messages.append(message))


def test_the_manifest_lists_each_dossier_with_its_size_and_digest(received, samr_approver):
    maonan, haidong, _huizhou = received

    archive, names = members(export("national_dossiers", samr_approver, {"category": "quality"}))

    rows = manifest_rows(archive)
    assert rows[0] == MANIFEST_HEADER
    for row in rows[1:]:
        content = archive.read(row[0])
        assert (int(row[1]), row[2]) == (len(content), hashlib.sha256(content).hexdigest())
    assert [row[3:] for row in rows[1:]] == [
        [str(maonan.pk), "440902", "广东省茂名市茂南区", "已推荐"],
        [str(haidong.pk), "630200", "青海省海东市", "已评估"],
    ]


def test_without_a_category_both_are_in_one_bundle(received, samr_reviewer):
    rendered = export("national_dossiers", samr_reviewer, {})

    assert rendered.name == "2026年度全国申报档案.zip"
    _archive, names = members(rendered)
    assert names == [
        "广东省/惠州市深化商事制度改革和加强事中事后监管申报档案.pdf",
        "广东省/茂名市茂南区推进质量工作申报档案.pdf",
        "青海省/海东市推进质量工作申报档案.pdf",
        "manifest.csv",
    ]


@needs_poppler
def test_each_dossier_is_the_one_its_requester_may_have(received, samr_reviewer, tmp_path):
    archive, names = members(export("national_dossiers", samr_reviewer, {"category": "quality"}))

    text = reading_text(archive.read(names[1]), tmp_path)
    assert "青海省海东市（630200）" in text
    assert "总局掌握情况" in text  # SAMR's own part of a dossier: for SAMR staff only


@pytest.mark.parametrize("persona", ["county_clerk", "province_reviewer", "province_approver", "expert"])
def test_only_samr_staff_may_have_it(persona, request, received):
    with pytest.raises(Http404):
        exporter_for("national_dossiers").clean(request.getfixturevalue(persona), {"category": "quality"})


def test_a_campaign_that_is_not_there_is_a_404(received, samr_reviewer, campaign):
    with pytest.raises(Http404):
        exporter_for("national_dossiers").clean(samr_reviewer, {"campaign": campaign.pk + 100})


def test_refused_without_anything_recommended_or_for_an_unknown_category(campaign, county_clerk, samr_reviewer):
    make(campaign, "440902", county_clerk)
    exporter = exporter_for("national_dossiers")
    with pytest.raises(ValidationError, match="尚无推荐至总局的申报"):
        exporter.clean(samr_reviewer, {"category": "quality"})
    with pytest.raises(ValidationError, match="未知类别"):
        exporter.clean(samr_reviewer, {"category": "everything"})


def test_the_candidates_page_offers_the_bundle_per_category_and_in_all(received, samr_reviewer, campaign, client):
    client.force_login(samr_reviewer)

    page = client.get(reverse("national:candidates")).content.decode()

    assert page.count('name="kind" value="national_dossiers"') == 3
    assert 'name="category" value="quality"' in page and 'name="category" value="business_reform"' in page
