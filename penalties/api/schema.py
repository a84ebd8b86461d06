"""The OpenAPI description shared by the case's steps."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status

from penalties.api.serializers import CaseDetailSerializer


def step_schema(request, *, created=False, description=""):
    """The OpenAPI description of a step: its input and the case as it stands after."""
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return extend_schema(
        request=request,
        responses={
            code: CaseDetailSerializer,
            400: OpenApiResponse(description="输入有误或不符合程序规定：{字段: [原因]}"),
        },
        description=description,
    )
