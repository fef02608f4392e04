"""The member register for commission staff."""

from __future__ import annotations

from rest_framework import serializers

from tenants.members.models import Member, Sector


class MemberOutputSerializer(serializers.ModelSerializer):
    sector: serializers.SlugRelatedField[Sector] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    host = serializers.CharField(source="primary_host", read_only=True)

    class Meta:
        model = Member
        fields = [
            "uuid",
            "legal_name",
            "slug",
            "sector",
            "city",
            "membership_status",
            "member_since",
            "suspended_on",
            "ended_on",
            "schema_status",
            "host",
        ]
