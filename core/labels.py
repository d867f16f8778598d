"""Choice labels translated once per language and process, for long lists.

``get_FOO_display`` and a lazy label's ``str()`` translate on every call: per row of a 50-row page or a 6,400-row
file they were a fifth of the time (bench/causes.md, cause 3). The API's ``ChoiceLabelField``, the spreadsheets'
``Labels`` and the templates' ``label``/``state_badge`` all read their labels here.
"""

from functools import cache

from django.utils.translation import get_language


@cache
def _enum_labels(enum, language):
    return {value: str(label) for value, label in enum.choices}


@cache
def _field_labels(model, field, language):
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def choice_labels(enum):
    """``{value: label}`` of a ``TextChoices``/``IntegerChoices`` in the active language."""
    return _enum_labels(enum, get_language())


def label_of(obj, field):
    """The display label of ``obj``'s choice ``field`` in the active language (the value itself if unknown)."""
    value = getattr(obj, field)
    return _field_labels(type(obj), field, get_language()).get(value, value)
