"""One application's declared figures set against SAMR's indicator data (``/api/v1/discrepancies/``)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from accounts import policy

from ..domain.discrepancies import data_year, discrepancies_for
from ..models import Nomination


class DiscrepancySerializer(serializers.Serializer):
    criterion = serializers.CharField(source="number")
    title = serializers.CharField()
    indicator_name = serializers.CharField()
    unit = serializers.CharField()
    declared = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    samr_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    source = serializers.CharField()
    gap = serializers.DecimalField(max_digits=15, decimal_places=4, allow_null=True)
    tolerance = serializers.DecimalField(max_digits=14, decimal_places=4)
    flagged = serializers.BooleanField()


# One object, although served by the viewset's ``list``.
@extend_schema_serializer(many=False)
class DiscrepancyReportSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    year = serializers.IntegerField(help_text=gettext_lazy("数据年度：年度工作基准日所在年份"))
    flagged = serializers.BooleanField()
    results = DiscrepancySerializer(many=True)


class DiscrepancyViewSet(viewsets.GenericViewSet):
    """One application's declared figures set against SAMR's (a possible art. 14 case, 弄虚作假线索).

    For the province's reviewers and SAMR staff; the applicant gets 403, a user
    who cannot see the application 404.
    """

    serializer_class = DiscrepancyReportSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("nomination", OpenApiTypes.INT, required=True, description=gettext_lazy("申报编号"))
        ],
        responses=DiscrepancyReportSerializer,
    )
    def list(self, request):
        raw = request.query_params.get("nomination", "")
        if not raw.isdigit():
            raise exceptions.ValidationError(
                {"nomination": [_("请给出申报编号。")], "detail": _("请给出申报编号（nomination）。")}
            )
        nomination = get_object_or_404(
            policy.visible(request.user, Nomination.objects.select_related("campaign", "division")), pk=int(raw)
        )
        policy.authorize(request.user, "nomination.discrepancies.view", nomination)
        rows = discrepancies_for(nomination)
        body = {
            "nomination": nomination.pk,
            "year": data_year(nomination.campaign),
            "flagged": any(row.flagged for row in rows),
            "results": rows,
        }
        return Response(DiscrepancyReportSerializer(body).data)
