from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import policy


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
