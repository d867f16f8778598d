from rest_framework import serializers

from core.api.fields import AllowedActionsField
from criteria.models import CriteriaSet

from ..domain.campaigns import opened_campaign_changes
from ..models import Campaign, CampaignAcknowledgement, ProvinceCap, Quota


class QuotaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quota
        fields = ["category", "places"]


class ProvinceCapSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = ProvinceCap
        fields = ["province", "province_name", "category", "cap"]


class CampaignSerializer(serializers.ModelSerializer):
    quotas = QuotaSerializer(many=True, read_only=True)
    caps = ProvinceCapSerializer(many=True, read_only=True)
    criteria_sets = serializers.PrimaryKeyRelatedField(many=True, queryset=CriteriaSet.objects.all(), required=False)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    allowed_actions = AllowedActionsField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "year",
            "title",
            "notice_number",
            "notice_text",
            "criteria_sets",
            "application_deadline",
            "province_deadline",
            "national_deadline",
            "reference_date",
            "publicity_working_days",
            "max_attachments",
            "max_file_mb",
            "status",
            "status_display",
            "opened_at",
            "closed_at",
            "closed_reason",
            "quotas",
            "caps",
            "allowed_actions",
        ]
        read_only_fields = ["status", "opened_at", "closed_at", "closed_reason"]

    def validate(self, attrs):
        problems = opened_campaign_changes(self.instance, attrs)
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


class CloseCampaignSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class QuotaInputSerializer(serializers.Serializer):
    category = serializers.CharField()
    places = serializers.IntegerField(min_value=1)


class ProvinceCapInputSerializer(serializers.Serializer):
    province = serializers.RegexField(r"^\d{6}$")
    category = serializers.CharField()
    cap = serializers.IntegerField(min_value=0)


class AcknowledgementSerializer(serializers.Serializer):
    province = serializers.CharField(source="province.code")
    province_name = serializers.CharField(source="province.name")
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.CharField(allow_null=True)


class AcknowledgementCreatedSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = CampaignAcknowledgement
        fields = ["province", "acknowledged_at"]


class NoticeUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
