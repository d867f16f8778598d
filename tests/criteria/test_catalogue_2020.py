"""The data migration: the two 2020 sets, complete and word for word from the measures."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from criteria.enums import Category, CategoryRule, Comparator, CriterionKind, IncidentDomain
from criteria.models import CriteriaSet

pytestmark = pytest.mark.django_db

# A copy of seeds/000: 国市监信〔2020〕19号 as published.
MEASURES = Path(__file__).with_name("measures_2020.txt").read_text(encoding="utf-8")
ORDINAL = re.compile(r"^[（(][一二三四五六七八九十][）)]\s*")


def article_items(first_line, count):
    """The items of an article, one string each, without their ordinal, page breaks joined."""
    paragraphs = [p.replace("\n", "") for p in MEASURES.split(first_line, 1)[1].split("\n\n") if p.strip()]
    items = []
    for paragraph in paragraphs:
        if ORDINAL.match(paragraph):
            items.append(ORDINAL.sub("", paragraph))
        elif items and len(items) < count:
            items[-1] += paragraph  # the rest of an item cut by a page break
        elif items:
            break  # the next article
    return items


@pytest.fixture
def sets():
    return {s.category: s for s in CriteriaSet.objects.filter(year=2020).prefetch_related("criteria")}


def test_both_2020_sets_exist_with_their_legal_basis(sets):
    assert set(sets) == {Category.BUSINESS_REFORM, Category.QUALITY}
    business, quality = sets[Category.BUSINESS_REFORM], sets[Category.QUALITY]
    assert (business.article, business.rule) == ("第五条", CategoryRule.ALL_AND_HIGHLIGHT)
    assert (quality.article, quality.rule) == ("第六条", CategoryRule.ALL)
    for criteria_set in sets.values():
        assert criteria_set.document_number == "国市监信〔2020〕19号"
        assert criteria_set.document_title == "市场监管工作真抓实干成效明显地方激励措施实施办法"
        assert criteria_set.frozen_at is None


@pytest.mark.parametrize(
    ("category", "first_line", "numbers"),
    [
        (Category.BUSINESS_REFORM, "第五条", [f"5.{n}" for n in range(1, 8)]),
        (Category.QUALITY, "第六条", [f"6.{n}" for n in range(1, 9)]),
    ],
)
def test_every_criterion_carries_the_full_text_of_its_item(sets, category, first_line, numbers):
    criteria = list(sets[category].criteria.all())
    assert [c.number for c in criteria] == numbers
    assert [c.text for c in criteria] == article_items(first_line, len(numbers))
    for criterion in criteria:
        criterion.full_clean()  # the migrated rows satisfy today's validation


@pytest.mark.parametrize(
    ("number", "phrase"),
    [
        ("5.1", "扎实推进“证照分离”改革全覆盖"),
        ("5.2", "深入推进部门联合“双随机、一公开”监管"),
        ("5.3", "持续贯彻落实《“十三五”市场监管规划》。"),
        ("5.6", "推进 12315 线上线下一体化工作"),
        ("5.7", "推动广告产业健康发展提质升级。"),
        ("6.1", "质量监测评价结果在本省名列前茅"),
        ("6.2", "每年地方党委和政府专题研究部署质量工作。"),
        ("6.3", "消费者投诉办结率达 97% 以上"),
        ("6.5", "产业集聚区产品质量风险监测"),  # across the page break
        ("6.6", "本地区产品质量合格率稳定在90%以上"),
        ("6.8", "近3年在食品药品、特种设备、工业产品以及工程、服务等领域，未发生重大质量安全事件。"),
    ],
)
def test_distinctive_phrases(sets, number, phrase):
    texts = {c.number: c.text for s in sets.values() for c in s.criteria.all()}
    assert phrase in texts[number]


# number: (kind, indicator, comparator, threshold, evidence required)
KINDS = {
    "6.3": (CriterionKind.METRIC, "消费者投诉办结率", Comparator.GTE, Decimal("97"), True),
    "6.6": (CriterionKind.METRIC, "产品质量合格率", Comparator.GTE, Decimal("90"), True),
    "6.8": (CriterionKind.NO_INCIDENT, "", "", None, False),
}


def test_kinds_thresholds_and_look_back(sets):
    for criterion in (c for s in sets.values() for c in s.criteria.all()):
        expected = KINDS.get(criterion.number, (CriterionKind.ATTESTATION, "", "", None, True))
        actual = (
            criterion.kind,
            criterion.indicator_name,
            criterion.comparator,
            criterion.threshold,
            criterion.evidence_required,
        )
        assert actual == expected, criterion.number
        assert criterion.weight == Decimal("1.00")
    no_incident = sets[Category.QUALITY].criteria.get(number="6.8")
    assert no_incident.lookback_years == 3
    assert sorted(no_incident.incident_domains) == sorted(IncidentDomain.values)


def test_extra_indicators_for_reviewers(sets):
    extras = {c.number: [i["name"] for i in c.extra_indicators] for s in sets.values() for c in s.criteria.all()}
    assert "企业年报率" in extras["5.2"]
    assert "本省质量监测评价排名" in extras["6.1"]
    assert {"食品评价性抽检合格率", "电梯责任保险覆盖率"} <= set(extras["6.5"])
