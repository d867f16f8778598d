"""SAMR's indicator data (art. 4) and its comparison with what localities declared (art. 14) over the API."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts import policy
from core.api.filters import IdFilter

from ..domain import indicators
from ..models import IndicatorValue

# ---------------------------------------------------------------- serializers


class IndicatorValueSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.code", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    province = serializers.CharField(source="division.province.code", read_only=True, default=None)
    criterion = serializers.CharField(source="criterion_number", read_only=True)
    imported_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "division",
            "division_name",
            "province",
            "criterion",
            "year",
            "value",
            "source",
            "batch",
            "imported_at",
            "imported_by",
        ]
        read_only_fields = fields


class IndicatorImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=gettext_lazy(".xlsx 或 .csv：区划代码、指标、数值、来源、年度"))
    dry_run = serializers.BooleanField(default=False, help_text=gettext_lazy("true：只检查并返回计划，不保存"))


class PlannedValueSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="row.line")
    division = serializers.CharField(source="row.division.code")
    division_name = serializers.CharField(source="row.division.name")
    criterion = serializers.CharField(source="row.criterion_number")
    year = serializers.IntegerField(source="row.year")
    value = serializers.DecimalField(source="row.value", max_digits=14, decimal_places=4)
    source = serializers.CharField(source="row.source")
    before = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    source_before = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    file_name = serializers.CharField()
    sha256 = serializers.CharField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField(source="plan.created")
    changed = serializers.IntegerField(source="plan.changed")
    unchanged = serializers.IntegerField(source="plan.unchanged")
    batch = serializers.IntegerField(source="batch.pk", allow_null=True, default=None)
    creates = PlannedValueSerializer(source="plan.creates", many=True)
    changes = PlannedValueSerializer(source="plan.changes", many=True)


class RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("行号；空表示整个文件"))
    message = serializers.CharField()


class ImportErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = RowErrorSerializer(many=True)


# ---------------------------------------------------------------- indicator values


class IndicatorValueFilter(django_filters.FilterSet):
    year = IdFilter(label=gettext_lazy("数据年度"))
    criterion = django_filters.CharFilter(field_name="criterion_number", label=gettext_lazy("条件编号，例如 6.3"))
    division = django_filters.CharFilter(
        method="under_division", label=gettext_lazy("区划代码（省级或地级代码包括其下所有地方）")
    )
    batch = IdFilter(field_name="batch_id", label=gettext_lazy("导入批次编号"))

    class Meta:
        model = IndicatorValue
        fields = ["year", "criterion", "division", "batch"]

    def under_division(self, queryset, name, value):
        return queryset.filter(
            Q(division__code=value) | Q(division__province__code=value) | Q(division__prefecture__code=value)
        )


def _file_error(message):
    """A refusal of the whole file in the documented shape (``ImportErrorSerializer``): no line, one message."""
    return {"detail": str(message), "errors": [{"line": None, "message": str(message)}]}


class IndicatorValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """SAMR's own figures per locality, metric criterion and data year (art. 4); SAMR staff only.

    ``POST import/`` (multipart ``file``, ``dry_run``) checks a whole file and
    returns the plan (created, changed with the value before, unchanged); it
    stores it unless ``dry_run``. Any error stores nothing: ``400`` with every
    error and its line in ``errors``.
    """

    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = IndicatorValue.objects.select_related("division__province", "imported_by").order_by(
            "-year", "criterion_number", "division__code", "pk"
        )
        return policy.visible(self.request.user, queryset)

    @extend_schema(
        request={"multipart/form-data": IndicatorImportInputSerializer},
        responses={200: ImportResultSerializer, 201: ImportResultSerializer, 400: ImportErrorSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
        pagination_class=None,
    )
    def import_file(self, request):
        if not policy.can(request.user, "indicator.import"):
            raise exceptions.PermissionDenied
        serializer = IndicatorImportInputSerializer(data=request.data)
        if not serializer.is_valid():
            first = next(iter(serializer.errors.values()))[0]
            return Response({**serializer.errors, **_file_error(first)}, status=status.HTTP_400_BAD_REQUEST)
        upload, dry_run = serializer.validated_data["file"], serializer.validated_data["dry_run"]
        if upload.size > indicators.MAX_FILE_BYTES:
            message = _("文件超过 %(mb)s MB，请拆分后分批导入。") % {"mb": indicators.MAX_FILE_BYTES // (1024 * 1024)}
            return Response({"file": [message], **_file_error(message)}, status=status.HTTP_400_BAD_REQUEST)
        report = indicators.apply(request.user, upload.read(), upload.name, dry_run=dry_run, request=request)
        if report.errors:
            body = {
                "detail": _("文件有 %(count)s 处错误，未导入任何数据。") % {"count": len(report.errors)},
                "errors": RowErrorSerializer(report.errors, many=True).data,
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            ImportResultSerializer(report).data, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
        )
