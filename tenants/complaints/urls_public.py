from django.urls import path

from . import views_public as views

app_name = "complaints_public"

urlpatterns = [
    path("complaint/", views.ComplaintFormView.as_view(), name="form"),
    path("complaint/thanks/", views.ThanksView.as_view(), name="thanks"),
    path("status/", views.StatusLinkRequestView.as_view(), name="link_request"),
    path("status/<str:token>/", views.StatusView.as_view(), name="status"),
    path("status/<str:token>/files/<uuid:attachment>/", views.StatusFileView.as_view(), name="status_file"),
]
