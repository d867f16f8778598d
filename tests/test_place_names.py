"""Place names found by pinyin initials (provinces.names): the initials of the whole tree, kept by load_divisions."""

import pytest

from provinces.domain.divisions import load_divisions
from provinces.models import Division
from provinces.names import initials, place_search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "expected"),
    [("茂南区", "mnq"), ("长沙市", "css"), ("重庆市", "cqs"), ("六安市", "las"), ("乐都区", "ldq"), ("蚌埠市", "bbs")],
)
def test_initials_read_place_names_as_they_are_said(name, expected):
    assert initials(name) == expected


def test_every_division_has_its_initials_and_a_reload_keeps_them():
    assert not Division.objects.filter(initials="").exists()
    assert Division.objects.get(code="440902").initials == "mnq"
    Division.objects.filter(code="440902").update(initials="")
    report = load_divisions()
    assert Division.objects.get(code="440902").initials == "mnq" and report.updated == 1


def test_the_search_matches_name_parts_and_initials_prefixes():
    guangdong = Division.objects.filter(province__code="440000", active=True)

    def names(term):
        return set(guangdong.filter(place_search(term, path=None)).values_list("name", flat=True))

    assert {"茂南区"} <= names("mnq") and {"茂南区"} <= names("MNQ") and "茂名市" not in names("mnq")
    assert {"茂南区", "茂名市"} <= names("m")
    assert names("茂南") == {"茂南区"}
    assert names("mn q") == set() and names("m1") == set()  # not initials: only the name is searched
    assert place_search("") == place_search("  ")  # nothing typed: no filter
    assert guangdong.filter(place_search("", path=None)).count() == guangdong.count()
