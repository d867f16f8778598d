from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts import policy
from core.api.parsers import JSONParser
from core.downloads import private_file_response

from ..domain import campaigns, quotas, workflow
from ..models import Campaign, ProvinceCap
from .serializers import (
    AcknowledgementCreatedSerializer,
    AcknowledgementSerializer,
    CampaignSerializer,
    CloseCampaignSerializer,
    NoticeUploadSerializer,
    ProvinceCapInputSerializer,
    ProvinceCapSerializer,
    QuotaInputSerializer,
    QuotaSerializer,
)


class CampaignViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The yearly campaigns with their quotas and provincial caps; admins write."""

    serializer_class = CampaignSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        queryset = Campaign.objects.prefetch_related(
            "quotas", "criteria_sets", Prefetch("caps", queryset=ProvinceCap.objects.select_related("province"))
        ).order_by("-year")
        return policy.visible(self.request.user, queryset)

    def create(self, request, *args, **kwargs):
        policy.authorize(request.user, "campaign.manage", Campaign())  # before the body is read: 403, not 400
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        policy.authorize(request.user, "campaign.manage", self.get_object())
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = campaigns.save_campaign(
            self.request.user, None, serializer.validated_data, request=self.request
        )

    def perform_update(self, serializer):
        serializer.instance = campaigns.save_campaign(
            self.request.user, serializer.instance, serializer.validated_data, request=self.request
        )

    @extend_schema(request=None, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        campaign = campaigns.open_campaign(request.user, self.get_object(), request=request)
        return Response(self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data)

    @extend_schema(request=CloseCampaignSerializer, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """结束年度工作 (art. 7(4)); ``note`` is added to the reason. A campaign also closes by itself when its last
        final list is reported."""
        campaign = self.get_object()
        payload = CloseCampaignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        workflow.close_campaign(request.user, campaign, note=payload.validated_data.get("note", ""), request=request)
        return Response(self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data)

    @extend_schema(request=None, responses={201: AcknowledgementCreatedSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        acknowledgement = campaigns.acknowledge(request.user, self.get_object(), request=request)
        return Response(AcknowledgementCreatedSerializer(acknowledgement).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=AcknowledgementSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def acknowledgements(self, request, pk=None):
        campaign = self.get_object()
        policy.authorize(request.user, "campaign.acknowledgements.view", campaign)
        rows = [
            {
                "province": province,
                "acknowledged_at": ack.acknowledged_at if ack else None,
                "acknowledged_by": str(ack.acknowledged_by) if ack else None,
            }
            for province, ack in campaigns.acknowledgement_board(campaign)
        ]
        return Response(AcknowledgementSerializer(rows, many=True).data)

    @extend_schema(request=QuotaInputSerializer(many=True), responses=QuotaSerializer(many=True))
    @action(detail=True, methods=["put"], url_path="quotas", pagination_class=None, filter_backends=[])
    def set_quotas(self, request, pk=None):
        policy.authorize(request.user, "campaign.manage", self.get_object())  # 403 before the body is judged
        payload = QuotaInputSerializer(data=request.data, many=True)
        payload.is_valid(raise_exception=True)
        result = quotas.set_quotas(
            request.user,
            self.get_object(),
            {row["category"]: row["places"] for row in payload.validated_data},
            request=request,
        )
        return Response(QuotaSerializer(result, many=True).data)

    @extend_schema(request=ProvinceCapInputSerializer(many=True), responses=ProvinceCapSerializer(many=True))
    @action(detail=True, methods=["put"], url_path="caps", pagination_class=None, filter_backends=[])
    def set_caps(self, request, pk=None):
        policy.authorize(request.user, "campaign.manage", self.get_object())  # 403 before the body is judged
        payload = ProvinceCapInputSerializer(data=request.data, many=True)
        payload.is_valid(raise_exception=True)
        result = quotas.set_province_caps(request.user, self.get_object(), payload.validated_data, request=request)
        return Response(ProvinceCapSerializer(result, many=True).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="notice")
    def notice(self, request, pk=None):
        """The notice's attachment (every download audited)."""
        file, content_type, name = campaigns.open_notice_file(request.user, self.get_object(), request=request)
        return private_file_response(file, content_type=content_type, name=name)

    @extend_schema(request={"multipart/form-data": NoticeUploadSerializer}, responses=CampaignSerializer)
    @notice.mapping.put
    def upload_notice(self, request, pk=None):
        policy.authorize(request.user, "campaign.manage", self.get_object())
        payload = NoticeUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        campaign = campaigns.attach_notice(
            request.user, self.get_object(), payload.validated_data["file"], request=request
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data)
