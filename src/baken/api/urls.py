"""/api/: the REST API (v1) with its schema and documentation, and the coordinator's device keys page.

The directory in HSDS form (``v1/kaart/…``) is not here yet: it is wired once the rebuilt
directory app lands (see views/__init__.py).
"""

from django.urls import URLPattern, URLResolver, path

from .views import contacts, devices, docs, figures

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/contacten/", contacts.ContactCreateView.as_view(), name="contacts"),
    path("v1/cijfers/", figures.FiguresView.as_view(), name="figures"),
    path("v1/schema/", docs.schema_view, name="schema"),
    path("v1/docs/", docs.docs, name="docs"),
    path("apparaten/", devices.device_tokens, name="device_tokens"),
    path(
        "apparaten/<int:device_token_id>/intrekken/", devices.device_token_revoke, name="device_token_revoke"
    ),
]
