from django.urls import URLPattern, URLResolver, path

from . import views_io

app_name = "directory"

urlpatterns: list[URLPattern | URLResolver] = []

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
