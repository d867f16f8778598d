from rest_framework import serializers

from ..models import Division


class DivisionSerializer(serializers.ModelSerializer):
    # A province has no parent; the national tree's roots have no province (schema: nullable).
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    region_display = serializers.CharField(source="get_region_display", read_only=True)

    class Meta:
        model = Division
        fields = [
            "code",
            "name",
            "level",
            "level_display",
            "kind",
            "kind_display",
            "parent",
            "province",
            "region",
            "region_display",
            "underdeveloped",
            "is_standard",
        ]
