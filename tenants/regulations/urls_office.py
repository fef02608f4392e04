from django.urls import path

from . import views_office as views

app_name = "regulations"

urlpatterns = [
    path("", views.RegulationListView.as_view(), name="list"),
    path("new/", views.RegulationStartView.as_view(), name="start"),
    path("<uuid:uuid>/", views.RegulationVersionView.as_view(), name="version"),
    path("<uuid:uuid>/sections/<slug:key>/", views.RegulationSectionView.as_view(), name="section"),
    path("<uuid:uuid>/publish/", views.RegulationPublishView.as_view(), name="publish"),
    path("<uuid:uuid>/discard/", views.RegulationDiscardView.as_view(), name="discard"),
]
