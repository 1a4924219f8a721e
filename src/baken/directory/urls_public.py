"""Public pages of the kaart, mounted at /ido/ (views_public.py)."""

from django.urls import path

from . import views_public

app_name = "ido"

urlpatterns = [
    path("", views_public.public_index, name="index"),
    path("<slug:gemeente_slug>/", views_public.public_gemeente, name="gemeente"),
    path("<slug:gemeente_slug>/dienst/<uuid:uuid>/", views_public.public_service, name="service"),
    path("<slug:gemeente_slug>/hsds.json", views_public.public_hsds, name="hsds"),
    path(
        "<slug:gemeente_slug>/hsds-organisaties.json",
        views_public.public_hsds_organizations,
        name="hsds_organizations",
    ),
]
