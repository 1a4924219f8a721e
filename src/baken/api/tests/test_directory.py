"""GET /api/v1/kaart/diensten/: a gemeente's public kaart in HSDS 3.0, paged, open to everyone."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from baken.directory.models import Service
from baken.directory.selectors_public import services_for_gemeente
from baken.directory.tests.test_hsds import errors_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/kaart/diensten/"


def test_anyone_reads_the_kaart_of_a_gemeente_as_valid_hsds(demo):
    response = APIClient().get(URL, {"gemeente": "zeestad"})
    assert response.status_code == 200
    page = response.json()
    names = {service["name"] for service in page["contents"]}
    assert "Formulierenbrigade Zeestad" in names
    assert "Formulierenhulp Dijkdorp" not in names  # only for residents of Dijkdorp
    assert page["total_items"] == len(page["contents"]) > 0
    for document in page["contents"]:
        assert errors_of("service.json", document) == []


def test_desk_only_data_stays_out(demo):
    body = json.dumps(APIClient().get(URL, {"gemeente": "GM9901"}).json())
    brigade = Service.objects.get(name="Formulierenbrigade Zeestad")
    assert brigade.referral_email not in body
    assert "Goedendag" not in body  # the phone script
    assert "coordinator" not in body


def test_pages_cover_every_service_once(demo):
    from baken.core.models import Gemeente

    expected = services_for_gemeente(gemeente=Gemeente.objects.get(slug="zeestad")).count()
    client = APIClient()
    first = client.get(URL, {"gemeente": "zeestad", "per_pagina": "2"}).json()
    assert (first["size"], first["first_page"], first["total_items"]) == (2, True, expected)
    seen = [s["id"] for s in first["contents"]]
    for number in range(2, first["total_pages"] + 1):
        params = {"gemeente": "zeestad", "per_pagina": "2", "pagina": str(number)}
        seen += [s["id"] for s in client.get(URL, params).json()["contents"]]
    assert len(seen) == len(set(seen)) == expected


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 400),
        ({"gemeente": "atlantis"}, 404),
        ({"gemeente": "zeestad", "per_pagina": 0}, 400),
        ({"gemeente": "zeestad", "pagina": "twee"}, 400),
        ({"gemeente": "zeestad", "per_pagina": 101}, 400),
    ],
)
def test_bad_input_gets_a_clear_answer(demo, params, status):
    response = APIClient().get(URL, params)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
