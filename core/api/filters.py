"""Filters shared by the API's list endpoints."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters


class StrictBooleanField(forms.Field):
    """true/false/1/0; anything else is a 400, never a silently ignored filter."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        word = str(value).strip().lower()
        if word in ("1", "true"):
            return True
        if word in ("0", "false"):
            return False
        raise ValidationError(_("应为 true 或 false。"), code="invalid")


class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


class IdFilter(filters.NumberFilter):
    """An id or a year: a whole number the database can hold. ``-1e30`` or ``1.5`` is a 400, never a query that
    overflows the database's integer (a server error on SQLite and PostgreSQL alike)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class NullsLastOrderingFilter(filters.OrderingFilter):
    """Unranked and unscored applications come last in either direction; ties by id (stable pages)."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            field = F(self.param_map[param.removeprefix("-")])
            ordering.append(field.desc(nulls_last=True) if descending else field.asc(nulls_last=True))
        return qs.order_by(*ordering, "pk")
