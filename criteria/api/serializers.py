from rest_framework import serializers

from provinces.models import Division

from ..domain.catalogue import update_criteria_set, update_criterion
from ..domain.incidents import save_incident
from ..enums import IncidentDomain
from ..models import MAX_YEAR, MIN_YEAR, CriteriaSet, Criterion, Incident


class ExtraIndicatorSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    unit = serializers.CharField(max_length=16, allow_blank=True, default="")


class CriterionSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    comparator_display = serializers.CharField(source="get_comparator_display", read_only=True)
    # Codes without labels: the same choice set as Incident.domain would otherwise get two
    # names in the OpenAPI schema (drf-spectacular W001, which fails ``check --deploy``).
    incident_domains = serializers.ListField(
        child=serializers.ChoiceField(choices=IncidentDomain.values), required=False
    )
    extra_indicators = ExtraIndicatorSerializer(many=True, required=False)

    class Meta:
        model = Criterion
        fields = [
            "id",
            "number",
            "title",
            "text",
            "kind",
            "kind_display",
            "evidence_required",
            "max_attachments",
            "weight",
            "position",
            "indicator_name",
            "unit",
            "comparator",
            "comparator_display",
            "threshold",
            "lookback_years",
            "incident_domains",
            "extra_indicators",
        ]
        # The number names the criterion in answers and URLs; renumbering is the admin's.
        read_only_fields = ["id", "number"]

    def update(self, instance, validated_data):
        if "extra_indicators" in validated_data:
            validated_data["extra_indicators"] = [dict(item) for item in validated_data["extra_indicators"]]
        return update_criterion(instance, validated_data)


class CriteriaSetSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    rule_display = serializers.CharField(source="get_rule_display", read_only=True)
    is_frozen = serializers.BooleanField(read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "year",
            "category",
            "category_display",
            "document_number",
            "document_title",
            "article",
            "rule",
            "rule_display",
            "frozen_at",
            "is_frozen",
            "copied_from",
            "criteria",
        ]
        # A set's year and category are chosen when it is copied; they do not move afterwards.
        read_only_fields = ["id", "year", "category", "frozen_at", "copied_from"]

    def update(self, instance, validated_data):
        return update_criteria_set(instance, validated_data)


class CopySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)


class IncidentSerializer(serializers.ModelSerializer):
    division = serializers.SlugRelatedField(slug_field="code", queryset=Division.objects.active())
    division_name = serializers.CharField(source="division.name", read_only=True)
    domain_display = serializers.CharField(source="get_domain_display", read_only=True)
    determining_authority_display = serializers.CharField(source="get_determining_authority_display", read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "division",
            "division_name",
            "occurred_on",
            "domain",
            "domain_display",
            "title",
            "description",
            "determining_authority",
            "determining_authority_display",
            "authority_name",
            "government_responsibility",
            "source_document",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def create(self, validated_data):
        return save_incident(self.context["request"].user, Incident(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return save_incident(self.context["request"].user, instance)
