"""The HSDS 3.0 export validates against the official Open Referral JSON schema (read from ../shared, never
copied into the repository), uses only fields the schema knows, and the public cut holds nothing desk-only."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker

from baken.core.models import Library, User
from baken.core.scope import Level, Scope
from baken.directory import hsds, selectors
from baken.directory.models import Service, ServiceStatus

pytestmark = pytest.mark.django_db

# src/baken/directory/tests/test_hsds.py → parents[4] is the repository; shared/ lies beside it (also in CI).
HSDS_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "hsds"
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@cache
def schema(name: str) -> dict[str, Any]:
    path = HSDS_DIR / "compiled" / name
    if not path.is_file():
        pytest.fail(
            f"The HSDS 3.0 schema {path} is missing: the tests read the official schema files from "
            "../shared/data/hsds/ beside the repository (see that folder's README)."
        )
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


@cache
def validator(name: str) -> Draft202012Validator:
    loaded = schema(name)
    Draft202012Validator.check_schema(loaded)
    return Draft202012Validator(loaded, format_checker=FormatChecker())


def unknown_fields(document: Any, node: dict[str, Any], path: str = "") -> list[str]:
    """Keys of the document that the schema does not define (HSDS allows them; Baken should not need them)."""
    problems: list[str] = []
    if isinstance(document, dict) and "properties" in node:
        for key, value in document.items():
            if key not in node["properties"]:
                problems.append(f"{path}.{key}")
            else:
                problems += unknown_fields(value, node["properties"][key], f"{path}.{key}")
    elif isinstance(document, list) and isinstance(node.get("items"), dict):
        for index, item in enumerate(document):
            problems += unknown_fields(item, node["items"], f"{path}[{index}]")
    return problems


def errors_of(name: str, document: dict[str, Any]) -> list[str]:
    found = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(document)]
    return found + [f"unknown field {p}" for p in unknown_fields(document, schema(name))]


def aanzee_scope() -> Scope:
    return Scope(Level.LIBRARY, library_id=Library.objects.get(slug="aanzee").pk)


def test_the_compiled_schemas_are_self_contained() -> None:
    for name in ("service.json", "organization.json"):
        loaded = schema(name)
        for ref in refs(loaded):
            assert ref.startswith("#"), f"{name} points outside itself: {ref}"
            target: Any = loaded
            for part in ref.lstrip("#/").split("/"):
                if part:
                    target = target[part]
            assert isinstance(target, dict)


def test_every_coordinator_service_validates_against_hsds_service_json() -> None:
    document = hsds.services_page(selectors.visible_services(scope=aanzee_scope()), public=False)
    assert set(document) == PAGE_KEYS
    assert document["total_items"] == len(document["contents"]) > 5
    for service in document["contents"]:
        assert errors_of("service.json", service) == [], service["name"]


def test_the_export_carries_the_kaart() -> None:
    document = hsds.services_page(selectors.visible_services(scope=aanzee_scope()), public=False)
    brigade = next(s for s in document["contents"] if s["name"] == "Formulierenbrigade Zeestad")
    service = Service.objects.get(name="Formulierenbrigade Zeestad")
    assert brigade["id"] == str(service.uuid)
    assert brigade["organization"]["name"] == "Welzijn Zeestad"
    assert brigade["assured_date"] == service.last_verified_on.isoformat()
    assert {a["value"] for a in brigade["attributes"] if a["link_type"] == "topic"} >= {
        "toeslagen",
        "gemeente",
    }
    topic = next(a for a in brigade["attributes"] if a["value"] == "toeslagen")
    assert topic["taxonomy_term"]["code"] == "toeslagen"
    assert topic["taxonomy_term"]["taxonomy"] == "IDO onderwerp"
    assert {lang["code"] for lang in brigade["languages"]} == {"nl", "ar", "tr"}
    assert [area["name"] for area in brigade["service_areas"]] == ["Zeestad"]
    library_spreekuur = next(
        sal
        for sal in brigade["service_at_locations"]
        if sal["location"]["name"] == "Bibliotheek Zeestad Centrum"
    )
    schedule = library_spreekuur["schedules"][0]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "WEEKLY",
        "WE",
        "13:30",
        "16:00",
    )
    assert library_spreekuur["location"]["addresses"][0]["country"] == "NL"
    # Desk-only parts are in the coordinators' export ...
    assert any(c.get("email") == service.referral_email for c in brigade["contacts"])


def test_ids_are_stable_and_unique() -> None:
    services = selectors.visible_services(scope=aanzee_scope())
    first = json.dumps(hsds.services_page(services, public=False), sort_keys=True, default=str)
    second = json.dumps(hsds.services_page(services, public=False), sort_keys=True, default=str)
    strip = [line for line in first.split(",") if "last_modified" not in line]
    assert strip == [line for line in second.split(",") if "last_modified" not in line]
    ids: list[str] = []

    def collect(node: Any) -> None:
        # Embedded shared objects (organization, location, taxonomy terms) repeat by design: skip them.
        if isinstance(node, dict):
            if "id" in node:
                ids.append(node["id"])
            for key, value in node.items():
                if key not in ("organization", "location", "taxonomy_term"):
                    collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(json.loads(first)["contents"])
    assert len(ids) == len(set(ids))


def test_organizations_validate_against_hsds_organization_json() -> None:
    organizations = selectors.visible_organizations(scope=aanzee_scope()).order_by("name")
    document = hsds.organizations_page(organizations, public=False)
    assert document["contents"]
    for organization in document["contents"]:
        assert errors_of("organization.json", organization) == [], organization["name"]


def test_public_export_validates_and_leaves_desk_only_data_out(client) -> None:
    checker = User.objects.get(username="coordinator.aanzee")
    checker.first_name, checker.last_name = "Geheime", "Controleur"
    checker.save()
    service = Service.objects.get(name="Formulierenbrigade Zeestad")
    service.last_verified_by = checker
    service.save()
    inactive = Service.objects.get(name="Ouderenadvies Zeestad")
    inactive.status = ServiceStatus.INACTIVE
    inactive.save()
    response = client.get(reverse("ido:hsds", args=["zeestad"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    names = {s["name"] for s in document["contents"]}
    assert "Formulierenbrigade Zeestad" in names
    assert "Ouderenadvies Zeestad" not in names  # not active
    assert "Schuldhulpverlening Duinwijk" not in names  # only for residents of Duinwijk
    assert "Spreekuur sociaal raadslieden" not in names  # Dijkdorp
    for item in document["contents"]:
        assert errors_of("service.json", item) == [], item["name"]
        assert item["status"] == "active"
    text = response.content.decode()
    for secret in Service.objects.exclude(referral_email="").values_list("referral_email", flat=True):
        assert secret not in text
    for script in Service.objects.exclude(referral_phone_script="").values_list(
        "referral_phone_script", flat=True
    ):
        assert script[:40] not in text
    for forbidden in (
        "Geheime",
        "Controleur",
        "coordinator.aanzee",
        "assurer_email",
        "Vrijwilliger formulierenbrigade",
    ):
        assert forbidden not in text
    orgs = client.get(reverse("ido:hsds_organizations", args=["zeestad"]))
    assert orgs.status_code == 200
    for organization in json.loads(orgs.content)["contents"]:
        assert errors_of("organization.json", organization) == []


def test_coordinator_downloads(client_for) -> None:
    client = client_for("coordinator.aanzee")
    for name in ("directory:export_hsds", "directory:export_hsds_organizations"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert json.loads(response.content)["contents"]
    assert client_for("medewerker.aanzee").get(reverse("directory:export_hsds")).status_code == 403
