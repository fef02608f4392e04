from django.urls import path

from tenants.accounts.api import MeApi

app_name = "member_api"

urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
]
