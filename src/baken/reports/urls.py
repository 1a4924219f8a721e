from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/cijfers.csv", views.export_csv, name="export_csv"),
    path("export/cijfers.xlsx", views.export_xlsx, name="export_xlsx"),
    path("kwartaalrapport/", views.quarterly, name="quarterly"),
    path(
        "kwartaalrapport/<int:library_id>/<int:year>/<int:quarter>/",
        views.quarterly_report,
        name="quarterly_report",
    ),
    path("enquete/", views.impact_start, name="impact_start"),
    path("enquete/<int:branch_id>/", views.impact_kiosk, name="impact_kiosk"),
    path("enquete/<int:branch_id>/bedankt/", views.impact_thanks, name="impact_thanks"),
    path("financiering/", views.funding, name="funding"),
    path("financiering/<int:gemeente_id>/<int:year>/", views.funding_year, name="funding_year"),
]
