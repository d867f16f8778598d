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
