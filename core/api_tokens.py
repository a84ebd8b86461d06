"""``POST /api/v1/auth/token/``: a user name and password in, a new API token out, once.

Signing in goes through ``django.contrib.auth.authenticate`` with the request, so
django-axes counts each failure and locks the name out from that address like the
sign-in page does (429 here, in JSON).
"""

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.tokens import token_expiry_note, token_issue


def locked_out() -> str:
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return f"登录失败次数过多，该账号已暂时锁定，请 {minutes} 分钟后再试或联系系统管理员解锁。"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名", max_length=150)
    password = serializers.CharField(
        label="密码", max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenIssuedSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="令牌，只在这一次回答中给出：请求头 Authorization: Token <令牌>"
    )
    token_key = serializers.CharField(help_text="令牌前缀：此后在系统管理中只显示这一段")
    expiry = serializers.DateTimeField(help_text="过期时间")
    note = serializers.CharField(help_text="过期时间及失效条件的说明")


class TokenObtainView(APIView):
    """A new token for the user whose name and password are posted. It expires after
    API_TOKEN_TTL_DAYS days and is revoked when the password changes or the account is
    deactivated; each call issues another token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = ()

    @extend_schema(
        operation_id="auth_token_create",
        tags=["auth"],
        request=TokenRequestSerializer,
        responses={
            200: TokenIssuedSerializer,
            400: OpenApiResponse(description="用户名或密码不正确，或账号已停用：{字段: [原因]}"),
            429: OpenApiResponse(description="登录失败次数过多，账号暂时锁定"),
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request=request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": locked_out()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": ["用户名或密码不正确，或账号已停用。"]}, code="authorization"
            )
        instance, token = token_issue(user=user)
        answer = {
            "token": token,
            "token_key": instance.token_key,
            "expiry": instance.expiry,
            "note": token_expiry_note(instance.expiry),
        }
        response = Response(TokenIssuedSerializer(answer).data)
        response["Cache-Control"] = "no-store"
        return response
