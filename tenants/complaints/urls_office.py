from django.urls import path

from .views_office import detail, member_settings, register, reports

app_name = "complaints"

urlpatterns = [
    path("", register.ComplaintListView.as_view(), name="list"),
    path("export.csv", register.ComplaintExportView.as_view(), name="export"),
    path("new/", register.ComplaintRegisterView.as_view(), name="register"),
    path("reports/", reports.ReportView.as_view(), name="reports"),
    path("regulation/", member_settings.RegulationView.as_view(), name="regulation"),
    path("categories/", member_settings.TaxonomyView.as_view(), name="taxonomy"),
    path("messages/", member_settings.MessageTemplatesView.as_view(), name="templates"),
    path("<uuid:uuid>/", detail.ComplaintDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/files/<uuid:attachment>/", register.ComplaintFileView.as_view(), name="file"),
]
