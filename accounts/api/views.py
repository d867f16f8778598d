from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from .. import policy, security


class MembershipSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    bureau = serializers.CharField(source="bureau.name")
    division = serializers.CharField(source="bureau.division.code", allow_null=True, default=None)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    """The signed-in user and the roles it holds."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "memberships": policy.memberships(user),
        }
        return Response(MeSerializer(data).data)


class TokenRequestSerializer(AuthTokenSerializer):
    """User name and password, and for the roles with two-factor authentication the authenticator's current code:
    a token must not be an easier way in than the web sign-in."""

    otp_token = serializers.CharField(label=_("动态验证码"), required=False, allow_blank=True, write_only=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = attrs["user"]
        if security.requires_two_factor(user) and not security.verify_code(user, attrs.get("otp_token")):
            raise serializers.ValidationError(
                _(
                    "该账号需要双重身份验证：请在 otp_token 中提供身份验证器当前显示的 6 位动态验证码"
                    "（首次使用请先在网页端绑定）。"
                ),
                code="authorization",
            )
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("请求头 Authorization: Token <token>；只显示这一次"))
    expiry = serializers.DateTimeField(help_text=_("到期时间，到期后须重新申请"))


class TokenView(ObtainAuthToken):
    """Exchange credentials for an API token (``Authorization: Token …``): a new one for each client or device,
    expiring after ``API_TOKEN_HOURS`` (django-rest-knox keeps only its digest)."""

    serializer_class = TokenRequestSerializer
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # ObtainAuthToken names DRF's own: the bounded JSON parser

    def get_serializer_context(self):
        # django-axes marks the Django request when it refuses a locked-out user; its middleware answers then.
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).count() >= knox_settings.TOKEN_LIMIT_PER_USER:
            raise serializers.ValidationError(
                _("该账号的有效令牌已达上限（%(n)s 个）：请先用 token/revoke-all/ 撤销不再使用的令牌。")
                % {"n": knox_settings.TOKEN_LIMIT_PER_USER}
            )
        instance, token = AuthToken.objects.create(user)
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data)


class RevokeTokenView(APIView):
    """Revoke the token this request carries (this device signs out of the API)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if not isinstance(request.auth, AuthToken):
            raise serializers.ValidationError(_("本请求没有使用令牌，无需撤销。"))
        request.auth.delete()
        return Response(status=204)


class RevokeAllTokensView(APIView):
    """Revoke every API token of the signed-in user (every device)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        AuthToken.objects.filter(user=request.user).delete()
        return Response(status=204)
