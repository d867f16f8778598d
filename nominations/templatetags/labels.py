"""Labels and state badges for the rows of long lists.

``{{ nomination.get_state_display }}`` rebuilds the field's choices (and translates each) on every call, and an
``{% include %}`` per row builds a context each time: on a 50-row queue they were a fifth of the page
(bench/causes.md, cause 3). Here each field's labels are translated once per language and process.
"""

from functools import cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@cache
def _labels(model, field, language):
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def label_of(obj, field):
    value = getattr(obj, field)
    return _labels(type(obj), field, get_language()).get(value, value)


@register.filter
def label(obj, field):
    """``{{ nomination|label:"category" }}``: the display label of a choice field."""
    return label_of(obj, field)


@register.simple_tag
def badge(value, text):
    """``{% badge state label %}``: a state badge from a value and its label (coloured by the value in CSS)."""
    return format_html('<span class="state state--{}">{}</span>', value, text)


@register.simple_tag
def state_badge(obj, field="state"):
    """``{% state_badge nomination %}`` (or ``objection "status"``): the badge of a choice field of a model."""
    return badge(getattr(obj, field), label_of(obj, field))
