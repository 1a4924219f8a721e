"""The import and public-search forms live in ``forms_io.py`` (the security fuzzer only walks ``forms.py``):
validate them with the same hostile input here."""

from __future__ import annotations

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings

from baken.core.models import User
from baken.directory.forms_io import ImportConfirmForm, ImportUploadForm, PublicSearchForm
from baken.security.tests.fuzz import all_ids, build_form, hostile_payload, row_counts

FUZZ = settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("form_class", [ImportUploadForm, ImportConfirmForm, PublicSearchForm])
def test_io_forms_validate_hostile_input_without_error(form_class: type[forms.Form], demo: None) -> None:
    ids = all_ids()
    user = User.objects.get(username="coordinator.aanzee")
    fields: dict[str, list[str]] = {name: [] for name in form_class.base_fields}

    @FUZZ
    @given(payload=hostile_payload(fields, ids))
    def validate(payload: dict[str, object]) -> None:
        before = row_counts()
        form = build_form(form_class, payload, user)
        form.is_valid()
        assert row_counts() == before

    validate()
