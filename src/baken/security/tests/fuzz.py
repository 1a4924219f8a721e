"""Hostile form input for the fuzz tests: very long, control characters, wrong types, other tenants' ids."""

from __future__ import annotations

import inspect
import pkgutil
from collections.abc import Callable
from html.parser import HTMLParser
from importlib import import_module
from typing import Any
from urllib.parse import urljoin, urlparse

from django import forms
from django.apps import apps
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import models
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import strategies as st

from baken.core.models import AuditEvent, User
from baken.core.scope import Level, Scope
from baken.core.selectors import branch_list
from baken.core.taxonomy import Organisation, Topic
from baken.referrals.models import ReferralChannel
from baken.registrations.models import LocalTopic
from baken.testing.routes import baken_models

HOSTILE = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "\x1b[31m\x07\x08",
    "\u202egnp.exe",
    "\ufeff",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE core_user; --",
    "../../../etc/passwd",
    "%s%s%s%n",
    "{{ 7*7 }}{% debug %}",
    "-1",
    "0",
    "1e309",
    "NaN",
    "2147483648",
    "99999999999999999999999999",
    "true",
    "[]",
    "{}",
    "2024-02-30",
    "25:61",
    "x" * 5_000,
    "é" * 20_000,
]


def hostile_values(extra: list[str]) -> st.SearchStrategy[Any]:
    """One POST value: a string of any kind, or a list of them (the same field sent several times)."""
    text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400)
    single = st.one_of(
        st.sampled_from(HOSTILE),
        text,
        st.integers(min_value=-(2**63), max_value=2**63).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        *([st.sampled_from(extra)] if extra else []),
    )
    return st.one_of(single, st.lists(single, min_size=2, max_size=4))


def hostile_payload(fields: dict[str, list[str]], ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Each field gets a hostile value, the form's own options or an id of any object, or is left out."""
    strategies = {
        name: st.one_of(st.none(), hostile_values(options + ids)) for name, options in sorted(fields.items())
    }
    return st.fixed_dictionaries(strategies).map(lambda d: {k: v for k, v in d.items() if v is not None})


def all_ids() -> list[str]:
    """Ids of objects of every tenant, so a form can be offered another library's branch, user, ..."""
    ids: set[str] = set()
    for model in baken_models():
        ids.update(str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:50])
    return sorted(ids)


def row_counts() -> dict[str, int]:
    """Rows of every Baken model except the audit trail (which rightly records refusals)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in baken_models()
        if model is not AuditEvent
    }


# --- the forms on a rendered page ------------------------------------------------------------------


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._current: dict[str, list[str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._current = {}
            self.forms.append((a.get("action", ""), self._current))
        elif self._current is None:
            return
        elif tag in ("input", "textarea", "select") and a.get("name"):
            if a.get("type") in ("submit", "button", "image", "reset") or a["name"] == "csrfmiddlewaretoken":
                return
            options = self._current.setdefault(a["name"], [])
            if tag == "input" and a.get("value"):
                options.append(a["value"])
            if tag == "select":
                self._select = a["name"]
        elif tag == "option" and self._select and a.get("value"):
            self._current[self._select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def post_forms_on(html: str, page_url: str) -> list[dict[str, list[str]]]:
    """The fields of each POST form on the page that posts back to the page itself."""
    parser = _FormParser()
    parser.feed(html)
    page_path = urlparse(page_url).path
    return [
        fields
        for action, fields in parser.forms
        if fields and urlparse(urljoin(page_url, action or page_url)).path == page_path
    ]


# --- every form class of the project ---------------------------------------------------------------


def form_modules() -> list[str]:
    """Every ``forms`` module of a Baken app, and its siblings named ``forms_*`` (such as ``forms_io``)."""
    names: list[str] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("baken."):
            continue
        package = import_module(config.name)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name == "forms" or info.name.startswith("forms_"):
                names.append(f"{config.name}.{info.name}")
    return names


def form_classes() -> list[type[forms.BaseForm]]:
    found: list[type[forms.BaseForm]] = []
    for name in form_modules():
        module = import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def _request_for(user: User) -> HttpRequest:
    request = RequestFactory().post("/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _consents_for(user: User) -> list[Any]:
    from baken.consents.selectors import consent_written_choices

    scope = Scope.for_user(user)
    return consent_written_choices(scope=scope, user=user) if scope.level == Level.LIBRARY else []


def build_form(form_class: type[forms.BaseForm], data: dict[str, Any], user: User) -> forms.BaseForm:
    """Bind ``data`` to a form, supplying the arguments Baken forms commonly take by their name."""
    known: dict[str, Callable[[], Any]] = {
        "user": lambda: user,
        "request": lambda: _request_for(user),
        "scope": lambda: Scope.for_user(user),
        "library": lambda: user.library,
        "actor_names": lambda: [user.username],
        "branches": lambda: branch_list(scope=Scope.for_user(user)),
        "channels": lambda: list(ReferralChannel.choices),
        "consents": lambda: _consents_for(user),
        "library_id": lambda: user.library_id,
        "topic_order": lambda: list(Topic.values),
        "organisation_order": lambda: list(Organisation.values),
        "local_topics": lambda: list(LocalTopic.objects.filter(library=user.library)),
    }
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(form_class.__init__).parameters.items():
        if name in known and param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
            kwargs[name] = known[name]()
    if issubclass(form_class, forms.BaseModelForm):
        model: type[models.Model] = form_class._meta.model
        kwargs.setdefault("instance", model())
    # Bound the way a view binds request.POST: every field may carry several values.
    posted = MultiValueDict(
        {key: value if isinstance(value, list) else [value] for key, value in data.items()}
    )
    return form_class(data=posted, **kwargs)
