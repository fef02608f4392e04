from django.urls import path

from . import views, views_panel

app_name = "hearings"

urlpatterns = [
    path("", views.DayListView.as_view(), name="list"),
    path("panel/", views.PanelPoolView.as_view(), name="pool"),
    path("mine/", views_panel.MyHearingsView.as_view(), name="mine"),
    path("mine/cases/<uuid:case>/", views_panel.PanelCaseView.as_view(), name="panel_case"),
    path(
        "mine/cases/<uuid:case>/documents/<uuid:document>/",
        views_panel.PanelDocumentView.as_view(),
        name="panel_document",
    ),
    path("<uuid:uuid>/", views.DayDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/agenda.pdf", views.AgendaView.as_view(), name="agenda"),
    path("<uuid:uuid>/panel/", views.PanelComposeView.as_view(), name="panel"),
    path("<uuid:uuid>/cancel/", views.DayCancelView.as_view(), name="cancel"),
    path("<uuid:uuid>/schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("<uuid:uuid>/slots/<uuid:uid>/<str:action>/", views.SlotActionView.as_view(), name="slot"),
    path(
        "<uuid:uuid>/postponements/<uuid:request_uuid>/<str:decision>/",
        views.PostponementDecideView.as_view(),
        name="postponement",
    ),
]
