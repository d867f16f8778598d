"""Labels and state badges for the rows of long lists: each label translated once per language (``core.labels``)
instead of ``get_FOO_display`` per row, and a badge without an ``{% include %}`` per row (bench/causes.md, cause 3).
"""

from django import template
from django.utils.html import format_html

from ..labels import label_of

register = template.Library()


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
