"""The summary as JSON: ``summary/`` for any dates, ``annual/`` for a year. Both return
reports.figures.summary(scope) unchanged: counts, rates as fractions (null when the
denominator is 0), table 1, and the same period of the year before. Bad parameters answer
400 with the message keyed by the parameter (core.api.exception_handler)."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.api.serializers import (
    FocusedPlanDetailSerializer,
    FocusedPlanSerializer,
    ReportSummarySerializer,
)
from reports.figures import summary
from reports.figures.catalogue import FIGURES
from reports.models import FocusedPlan
from reports.scope import scope_from_params

PERMISSION = "reports.view_summaryreport"


class CanViewSummary(permissions.BasePermission):
    """Signed in and holding reports.view_summaryreport (the figures are not a model that
    core.api.RolePermission could map)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(PERMISSION))


def _definitions() -> str:
    return "\n".join(f"- {key}（{f.label}）：{f.definition}" for key, f in FIGURES.items())


DOMAIN = OpenApiParameter(
    "domain",
    OpenApiTypes.STR,
    description="监督专业代码（public_places、drinking_water、schools、medical、radiation、"
    "occupational、family_planning）；不填为全部专业。",
)
TOWNSHIP = OpenApiParameter(
    "township", OpenApiTypes.STR, description="乡镇（街道）区划代码；不填为全县。"
)
RESPONSES = {
    200: OpenApiResponse(
        ReportSummarySerializer,
        description="统计口径：\n" + _definitions() + "\n比率为小数，分母为 0 时为 null。",
    ),
    400: OpenApiResponse(description='参数错误：按参数名给出中文说明，如 {"end": ["…"]}。'),
}


def _required(params, *names):
    missing = {name: "请填写此参数。" for name in names if not params.get(name)}
    if missing:
        raise ValidationError(missing)


class SummaryView(APIView):
    """The figures of any period (start and end dates, inclusive)."""

    permission_classes = [CanViewSummary]
    pagination_class = None

    @extend_schema(
        operation_id="report_summary",
        summary="统计报表（任意期间）",
        description="起止日期内（含两端）的全部统计指标，含表1和上年同期比较。",
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, required=True, description="开始日期 YYYY-MM-DD。"
            ),
            OpenApiParameter(
                "end", OpenApiTypes.DATE, required=True, description="结束日期 YYYY-MM-DD。"
            ),
            DOMAIN,
            TOWNSHIP,
        ],
        responses=RESPONSES,
    )
    def get(self, request):
        params = request.query_params
        _required(params, "start", "end")
        scope = scope_from_params(
            {key: params.get(key) for key in ("start", "end", "domain", "township")}
        )
        return Response(summary(scope))


class AnnualView(APIView):
    """The figures of one calendar year (the annual summary, 年度工作总结)."""

    permission_classes = [CanViewSummary]
    pagination_class = None

    @extend_schema(
        operation_id="report_annual",
        summary="年度统计报表",
        description="一个年度（1月1日至12月31日）的全部统计指标，含表1和上年比较。",
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, required=True, description="年度，如 2024。"
            ),
            DOMAIN,
            TOWNSHIP,
        ],
        responses=RESPONSES,
    )
    def get(self, request):
        params = request.query_params
        _required(params, "year")
        scope = scope_from_params({key: params.get(key) for key in ("year", "domain", "township")})
        return Response(summary(scope))


class FocusedPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Focused inspection plans (重点监督检查计划) with their targets and the tables sent;
    the detail adds the progress (units in scope, checked, share, the unchecked units' ids)
    and the state (submitted, late, due, open). Plans are written on their pages."""

    queryset = FocusedPlan.objects.with_parts()
    serializer_class = FocusedPlanSerializer
    filterset_fields = ["year"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return FocusedPlanDetailSerializer
        return FocusedPlanSerializer
