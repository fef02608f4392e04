from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("how-it-works/", views.HowItWorksView.as_view(), name="how_it_works"),
    path("members/", views.MemberRegisterView.as_view(), name="members"),
    path("members/<slug:slug>/", views.MemberEntryView.as_view(), name="member_entry"),
]
