"""Timed disqualifications in force (art. 14)."""

from ..enums import SanctionKind
from ..models import Sanction


def application_ban(division, on=None):
    """The ban in force on ``division``'s right to apply, or None (art. 14: 3年内申报资格)."""
    return Sanction.objects.active(on).filter(division=division, kind=SanctionKind.APPLICATION_BAN).first()


def recommendation_ban(province, on=None):
    """The ban in force on a provincial bureau's right to recommend, or None (art. 14: 下一年度推荐资格)."""
    return Sanction.objects.active(on).filter(division=province, kind=SanctionKind.RECOMMENDATION_BAN).first()
