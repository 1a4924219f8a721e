from django.urls import URLPattern, URLResolver, path

from . import views, views_io

app_name = "directory"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.search, name="search"),
    path("dienst/<int:pk>/", views.service_detail, name="service_detail"),
    path("beheer/", views.manage, name="manage"),
    path("beheer/partner/nieuw/", views.organization_create, name="organization_create"),
    path("beheer/partner/<int:pk>/", views.organization_edit, name="organization_edit"),
    path("beheer/locatie/nieuw/", views.location_create, name="location_create"),
    path("beheer/locatie/<int:pk>/", views.location_edit, name="location_edit"),
    path("beheer/dienst/nieuw/", views.service_create, name="service_create"),
    path("beheer/dienst/<int:pk>/", views.service_edit, name="service_edit"),
    path("beheer/dienst/<int:pk>/gecontroleerd/", views.service_verify, name="service_verify"),
    path("beheer/dienst/<int:pk>/plaats/", views.service_place_add, name="service_place_add"),
    path(
        "beheer/plaats/<int:pk>/tijd/",
        views.serviceatlocation_schedule_add,
        name="serviceatlocation_schedule_add",
    ),
    path(
        "beheer/plaats/<int:pk>/verwijderen/", views.serviceatlocation_delete, name="serviceatlocation_delete"
    ),
    path("beheer/tijd/<int:pk>/verwijderen/", views.schedule_delete, name="schedule_delete"),
]

# Import and export for coordinators (views_io.py).
urlpatterns += [
    path("importeren/", views_io.import_upload, name="import_upload"),
    path("importeren/controleren/", views_io.import_preview, name="import_preview"),
    path("importeren/sjabloon.csv", views_io.import_template_csv, name="import_template_csv"),
    path("importeren/sjabloon.xlsx", views_io.import_template_xlsx, name="import_template_xlsx"),
    path("export/hsds.json", views_io.export_hsds, name="export_hsds"),
    path(
        "export/hsds-organisaties.json", views_io.export_hsds_organizations, name="export_hsds_organizations"
    ),
    path("export/diensten.csv", views_io.export_csv, name="export_csv"),
]
