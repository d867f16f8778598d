"""Start-up checks of the indicator settings: a bad value stops ``manage.py check`` with a message."""

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.checks import Error, register

DEFAULT_TOLERANCE = Decimal("1.0")
NUMBER = re.compile(r"^\d+(\.\d+)*$")


def as_tolerance(value):
    """``value`` as a finite, non-negative ``Decimal``, or None when it is not one.

    Settings may hold an int, a float (read as its shortest decimal form: 0.1 is 0.1), a ``Decimal`` or a string
    (from the environment).
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0:
        return None
    return number


@register()
def check_indicator_settings(app_configs, **kwargs):
    errors = []
    tolerance = getattr(settings, "INDICATOR_TOLERANCE", DEFAULT_TOLERANCE)
    if as_tolerance(tolerance) is None:
        errors.append(
            Error(
                f"INDICATOR_TOLERANCE must be a non-negative number, not {tolerance!r}.",
                id="criteria.E001",
                obj="INDICATOR_TOLERANCE",
            )
        )
    overrides = getattr(settings, "INDICATOR_TOLERANCE_BY_CRITERION", {})
    if not isinstance(overrides, dict):
        overrides = {None: overrides}
    for number, value in overrides.items():
        if not isinstance(number, str) or not NUMBER.match(number) or as_tolerance(value) is None:
            errors.append(
                Error(
                    "INDICATOR_TOLERANCE_BY_CRITERION must map criterion numbers (such as 6.3) to non-negative "
                    f"numbers; {number!r}: {value!r} is not one.",
                    id="criteria.E002",
                    obj="INDICATOR_TOLERANCE_BY_CRITERION",
                )
            )
    return errors
