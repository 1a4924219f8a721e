"""The OpenAPI schema and the Dutch documentation page: public, valid, complete, CSP-clean."""

from __future__ import annotations

import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_the_schema_is_served_as_valid_openapi_3():
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {"/api/v1/contacten/", "/api/v1/cijfers/", "/api/v1/kaart/diensten/"}
    assert "apparaatsleutel" in schema["components"]["securitySchemes"]
    assert schema["paths"]["/api/v1/contacten/"]["post"]["security"] == [{"apparaatsleutel": []}]
    assert schema["paths"]["/api/v1/cijfers/"]["get"]["security"] == [{"cookieAuth": []}]
    assert schema["paths"]["/api/v1/kaart/diensten/"]["get"].get("security", []) in ([], [{}])
    body = schema["components"]["schemas"]["ContactInRequest"]
    assert body["properties"]["vragen"]["minItems"] == 1


def test_the_docs_page_lists_every_operation_in_dutch_without_inline_script(demo):
    response = Client().get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "API-documentatie" in html
    assert "/api/v1/contacten/" in html and "/api/v1/cijfers/" in html and "/api/v1/kaart/diensten/" in html
    assert "Een contact registreren" in html
    assert "idempotentiesleutel" in html and "vragen[].onderwerp" in html
    assert "<script>" not in html and "style=" not in html
