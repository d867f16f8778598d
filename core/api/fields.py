from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import policy

from ..domain import workflow
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


class AllowedActionSerializer(serializers.Serializer):
    """One action of the workflow table (``core.domain.workflow.Action``) for the requesting user."""

    name = serializers.CharField(help_text=_("动作代码，同工作流表（docs/workflow.md）"))
    label = serializers.CharField(help_text=_("动作名称"))
    allowed = serializers.BooleanField(help_text=_("现在能否执行"))
    reasons = serializers.ListField(child=serializers.CharField(), help_text=_("不能执行的原因；能执行时为空"))
    irreversible = serializers.BooleanField(help_text=_("执行后不能撤回"))
    article = serializers.CharField(allow_blank=True, help_text=_("依据的《办法》条款"))


@extend_schema_field(AllowedActionSerializer(many=True))
class AllowedActionsField(serializers.Field):
    """What the requesting user may do with the object now: ``core.domain.workflow.actions``, as the application
    page's buttons. Actions the policy refuses the user are left out; the others are allowed or carry the reasons they
    are not.

    One object of a list is checked as the list pages check it (state, policy, deadlines: no query per row, given
    the related objects the rules read); a single object also asks the costly guards (sanctions, incidents, the
    evaluation), so that its answer is exact.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("当前用户在当前状态下的动作；现在不能执行的附原因"))
        super().__init__(source="*", read_only=True, **kwargs)

    def in_list(self):
        node = self.parent
        while node is not None:
            if isinstance(node, serializers.ListSerializer):
                return True
            node = node.parent
        return False

    def to_representation(self, instance):
        found = workflow.actions(instance, self.context["request"].user, costly=not self.in_list())
        return AllowedActionSerializer(found, many=True).data
