from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import policy

from ..labels import choice_labels


@extend_schema_field(OpenApiTypes.INT)
class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id among the objects of ``queryset`` the requesting user may see (``policy.visible``); any other id
    answers as not found, so that a foreign object's existence is not disclosed."""

    def get_queryset(self):
        return policy.visible(self.context["request"].user, super().get_queryset())


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a choice value (``source`` names the value) of ``enum``, translated once per language
    (``core.labels``) instead of once per row by ``get_FOO_display``."""

    def __init__(self, enum, **kwargs):
        super().__init__(read_only=True, **kwargs)
        self.enum = enum

    def to_representation(self, value):
        return choice_labels(self.enum).get(value, value)
