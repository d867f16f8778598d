"""What the API's viewsets share: input checked by a serializer, refusals that name the field."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions


def first_error(errors, path=()):
    """The first message of a (nested) serializer error and where it is: ``answers 第 2 项 met：…``."""
    if isinstance(errors, dict):
        # Lists of objects report their errors by 0-based position.
        items = [(key + 1 if isinstance(key, int) else key, value) for key, value in errors.items()]
    elif isinstance(errors, list):
        items = [(index if isinstance(value, dict) else None, value) for index, value in enumerate(errors, start=1)]
    else:
        where = " ".join(
            _("第 %(n)s 项") % {"n": part} if isinstance(part, int) else part
            for part in path
            if part != "non_field_errors"
        )
        return f"{where}：{errors}" if where else str(errors)
    for key, value in items:
        found = first_error(value, path if key is None else (*path, key))
        if found:
            return found
    return ""


class DomainViewMixin:
    """Input checked by a serializer, every refusal a 400 whose ``detail`` names the field."""

    lookup_value_regex = r"\d+"

    def validated(self, serializer_class, data=None):
        data = self.request.data if data is None else data
        serializer = serializer_class(data=data, context=self.get_serializer_context())
        if not serializer.is_valid():
            raise exceptions.ValidationError({**serializer.errors, "detail": first_error(serializer.errors)})
        return serializer.validated_data

    def filter_queryset(self, queryset):
        """A list's filters and ordering narrow lists: on one object (a detail route, every transition) they would
        only build and validate a filter form per request (bench/causes.md, cause 5)."""
        return queryset if self.detail else super().filter_queryset(queryset)

    def detail_data(self, obj):
        """The object as it is now, read back through the visible queryset."""
        return self.get_serializer(self.get_queryset().get(pk=obj.pk)).data
