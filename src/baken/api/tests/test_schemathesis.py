"""Schemathesis against the API's own OpenAPI schema, through the WSGI app, with real credentials.

Every operation gets generated valid and invalid input (bounded: 25 examples per operation and
mode). Checks: never a server error, and status code, content type and body conform to the schema.
A device token for the registrations; signed-in, two-step-verified sessions for the figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from baken.api.views.docs import openapi_schema
from baken.registrations.models import Contact

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_dict(openapi_schema())
APP = WSGIHandler()
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BOUNDED = settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


@contextmanager
def inside_the_test_transaction() -> Iterator[None]:
    """As Django's test client does: a request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def recent_date(case):
    """Valid input as the schema sees it, made valid for the desk's rules the schema cannot express
    (a date within the past year, sub-topics of the library), so that storing is exercised too."""
    if isinstance(case.body, dict):
        case.body["datum"] = (timezone.localdate() - timedelta(days=1)).isoformat()
        for question in case.body.get("vragen") or []:
            if isinstance(question, dict):
                question.pop("lokaal_subonderwerp", None)
    return case


def run(operation, mode: GenerationMode, *, headers=None, cookies=None, prepare=None) -> Counter[int]:
    statuses: Counter[int] = Counter()
    strategy = operation.as_strategy(generation_mode=mode)
    if prepare is not None:
        strategy = strategy.map(prepare)

    @BOUNDED
    @given(case=strategy)
    def check(case):
        response = case.call(app=APP, headers=headers, cookies=cookies)
        case.validate_response(response, checks=CHECKS)
        statuses[response.status_code] += 1

    with inside_the_test_transaction():
        check()
    return statuses


def test_the_schema_has_the_operations_we_test():
    found = [result.ok() for result in SCHEMA.get_all_operations()]  # type: ignore[union-attr]
    operations = {(op.path, op.method.upper()) for op in found}
    assert operations == {
        ("/api/v1/contacten/", "POST"),
        ("/api/v1/cijfers/", "GET"),
        ("/api/v1/kaart/diensten/", "GET"),
    }


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_registering_contacts_with_a_device_token(device, mode):
    _token, raw = device
    operation = SCHEMA["/api/v1/contacten/"]["POST"]
    before = Contact.objects.count()
    prepare = recent_date if mode == GenerationMode.POSITIVE else None
    statuses = run(operation, mode, headers={"Authorization": f"Token {raw}"}, prepare=prepare)
    if mode == GenerationMode.POSITIVE:
        assert statuses[201] > 0, statuses  # the generated contacts were stored, not only refused
        assert Contact.objects.count() - before == statuses[201]
    # Negative mode: only no 5xx and conformance; DRF coerces some "wrong" types ("1" for 1) on purpose.


@pytest.mark.parametrize("username", ["coordinator.aanzee", "gemeente.zeestad"])
@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_reading_figures_signed_in(client_for, username, mode):
    session = client_for(username).cookies[django_settings.SESSION_COOKIE_NAME].value
    operation = SCHEMA["/api/v1/cijfers/"]["GET"]
    statuses = run(operation, mode, cookies={django_settings.SESSION_COOKIE_NAME: session})
    assert statuses[200] > 0, statuses


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_reading_the_kaart_anonymously(demo, mode):
    operation = SCHEMA["/api/v1/kaart/diensten/"]["GET"]
    statuses = run(operation, mode)
    assert sum(statuses.values()) > 0
