from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain(value):
    """A Decimal without trailing zeros or exponent: 97.5000 → 97.5, 100.00 → 100."""
    if not isinstance(value, Decimal):
        return value
    return f"{value.normalize():f}"
