"""The date of a decision recorded after the fact (a report, a confirmation, a referral, an incident): the one rule
every such date follows, written once.

A decision is recorded once it has been made: its date is a day (not a moment), not after today in the portal's time
zone, and not before the decision it follows, where there is one (a referral follows the fraud finding it acts on).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def decision_date_problems(day, *, name, after=None):
    """The problems of ``day`` as the date of a decision called ``name`` (Chinese, e.g. "上报日期"), in Chinese;
    empty when it can be recorded. ``after`` is (the day, the name) of the decision it follows, if any."""
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        return [_("请填写%(name)s。") % {"name": name}]
    if day > timezone.localdate():
        return [_("%(name)s不能晚于今天。") % {"name": name}]
    if after is not None and day < after[0]:
        return [
            _("%(name)s不能早于%(earlier)s（%(date)s）。")
            % {"name": name, "earlier": after[1], "date": after[0].isoformat()}
        ]
    return []
