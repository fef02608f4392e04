from django.urls import path

from . import views_office as views

app_name = "complaints"

urlpatterns = [
    path("", views.ComplaintListView.as_view(), name="list"),
    path("export.csv", views.ComplaintExportView.as_view(), name="export"),
    path("new/", views.ComplaintRegisterView.as_view(), name="register"),
    path("reports/", views.ReportView.as_view(), name="reports"),
    path("regulation/", views.RegulationView.as_view(), name="regulation"),
    path("categories/", views.TaxonomyView.as_view(), name="taxonomy"),
    path("messages/", views.MessageTemplatesView.as_view(), name="templates"),
    path("<uuid:uuid>/", views.ComplaintDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/files/<uuid:attachment>/", views.ComplaintFileView.as_view(), name="file"),
]
