"""Finding a place by what a user types: part of its name, or the first letters of its pinyin ("mnq" → 茂南区), as
users of Chinese software expect of every search box. pypinyin reads place names with its phrase dictionary (长沙 →
cs, 重庆 → cq, 六安 → la)."""

from django.db.models import Q
from pypinyin import Style, lazy_pinyin


def initials(name):
    """The lower-case pinyin initials of ``name``: 茂南区 → "mnq"."""
    return "".join(letter[:1] for letter in lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()


def place_search(term, path="division"):
    """A filter for the rows whose division (``path``; None: the division itself) is named like ``term``: its name
    contains it, or, for Latin letters, its pinyin initials start with them (any case)."""
    term = (term or "").strip()
    if not term:
        return Q()
    prefix = f"{path}__" if path else ""
    found = Q(**{f"{prefix}name__contains": term})
    if term.isascii() and term.isalpha():
        found |= Q(**{f"{prefix}initials__startswith": term.lower()})
    return found
