"""/api/: the REST API (v1) with its schema and documentation, and the coordinator's device keys page.

``v1/kaart/diensten/`` is the public sociaal-educatieve kaart of a gemeente in HSDS 3.0 form.
"""

from django.urls import URLPattern, URLResolver, path

from .views import contacts, devices, directory, docs, figures

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/contacten/", contacts.ContactCreateView.as_view(), name="contacts"),
    path("v1/cijfers/", figures.FiguresView.as_view(), name="figures"),
    path("v1/kaart/diensten/", directory.DirectoryServicesView.as_view(), name="directory_services"),
    path("v1/schema/", docs.schema_view, name="schema"),
    path("v1/docs/", docs.docs, name="docs"),
    path("apparaten/", devices.device_tokens, name="device_tokens"),
    path(
        "apparaten/<int:device_token_id>/intrekken/", devices.device_token_revoke, name="device_token_revoke"
    ),
]
