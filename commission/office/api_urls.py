from django.urls import path

from tenants.accounts.api import MeApi

from . import api

app_name = "commission_api"

urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("members/", api.MemberListApi.as_view(), name="member-list"),
    path("members/<uuid:uuid>/", api.MemberDetailApi.as_view(), name="member-detail"),
]
