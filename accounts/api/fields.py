from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import policy


@extend_schema_field(OpenApiTypes.INT)
class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id among the objects of ``queryset`` the requesting user may see (``policy.visible``); any other id
    answers as not found, so that a foreign object's existence is not disclosed."""

    def get_queryset(self):
        return policy.visible(self.context["request"].user, super().get_queryset())


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a choice value (``source`` names the value), translated once per list instead of once per row:
    ``get_FOO_display`` translates its lazy label on every call, a fifth of a 50-row page's time (bench/)."""

    def __init__(self, choices, **kwargs):
        super().__init__(read_only=True, **kwargs)
        self.choices = choices
        self._labels = None

    def to_representation(self, value):
        if self._labels is None:
            self._labels = {key: str(label) for key, label in self.choices}
        return self._labels.get(value, value)
