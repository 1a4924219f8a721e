"""Every URL pattern of the project, with the means to fill its parameters with real object ids.

Used by the isolation matrix and the form fuzzer (baken/security/tests): they walk the URLconf, so a
new view is covered as soon as it is mounted. The Django admin and static files are left out.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter
from django.urls.resolvers import RegexPattern, RoutePattern

from baken.core.models import Gemeente, Library, User
from baken.core.scope import Level, Scope

SKIPPED_NAMESPACES = frozenset({"admin"})
SKIPPED_PREFIXES = ("static/", "media/", "__debug__/")
MISSING_INT = 2_147_000_000
MISSING_SLUG = "bestaat-niet"
MISSING_UUID = "00000000-0000-4000-8000-000000000000"


@dataclass(frozen=True)
class Route:
    route: str  # the pattern as written, e.g. "registraties/<int:pk>/"
    name: str | None  # "namespace:name" when named
    namespace: str | None  # the innermost app namespace
    view: Callable[..., Any]
    params: tuple[str, ...] = field(default=())
    converters: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def allowed_roles(self) -> Any:
        for candidate in (self.view, getattr(self.view, "view_class", None), getattr(self.view, "cls", None)):
            roles = getattr(candidate, "allowed_roles", None)
            if roles is not None:
                return roles
        return None

    @property
    def accepts_devices(self) -> bool:
        """API views that branch device tokens may call (``accepts_devices = True``, baken.api)."""
        return any(
            getattr(candidate, "accepts_devices", False) is True
            for candidate in (
                self.view,
                getattr(self.view, "view_class", None),
                getattr(self.view, "cls", None),
            )
        )

    @property
    def is_public(self) -> bool:
        return self.allowed_roles == "public"

    def allows(self, role: str) -> bool:
        return self.is_public or role in (self.allowed_roles or ())

    def url(self, values: dict[str, str]) -> str:
        if self.name:
            return reverse(self.name, kwargs=values or None)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], self.route)
        return "/" + path.lstrip("^").rstrip("$")


def iter_routes(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str | None = None
) -> Iterator[Route]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if entry.app_name in SKIPPED_NAMESPACES or entry.namespace in SKIPPED_NAMESPACES:
                continue
            full_ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else ns
            yield from iter_routes(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.lstrip("^").startswith(SKIPPED_PREFIXES):
                continue
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            params = tuple(_param_names(entry))
            converters = entry.pattern.converters if isinstance(entry.pattern, RoutePattern) else {}
            yield Route(route, name, namespace, entry.callback, params, dict(converters))


def _param_names(entry: URLPattern) -> list[str]:
    pattern = entry.pattern
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return re.findall(r"<(?:\w+:)?(\w+)>", str(pattern))


# --- which model a parameter points at -------------------------------------------------------------


def baken_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("baken.")]


def _model_named(token: str, app_label: str | None = None) -> type[models.Model] | None:
    wanted = token.replace("_", "").lower()
    candidates = [m for m in baken_models() if m._meta.model_name == wanted]
    same_app = [m for m in candidates if m._meta.app_label == app_label]
    found = same_app or candidates
    return found[0] if found else None


def model_for_param(route: Route, param: str) -> type[models.Model] | None:
    """Best guess: ``branch_id`` → Branch; ``pk`` → the view's model or a model named in the URL name."""
    base = re.sub(r"_(id|pk|slug|uuid)$", "", param)
    if base not in ("pk", "id", "slug", "uuid"):
        return _model_named(base, route.namespace)
    view_class = getattr(route.view, "view_class", None) or getattr(route.view, "cls", None)
    for holder in (view_class, getattr(view_class, "queryset", None)):
        model = getattr(holder, "model", None)
        if model is not None:
            return model
    app_label = (route.namespace or "").split(":")[-1]
    tokens = re.split(r"[_\-:]", route.name or "")
    for size in (3, 2, 1):
        for i in range(len(tokens) - size + 1):
            model = _model_named("".join(tokens[i : i + size]), app_label)
            if model is not None:
                return model
    return None


# --- whose an object is ----------------------------------------------------------------------------


def path_to(model: type[models.Model], target: type[models.Model], depth: int = 3) -> str | None:
    """ORM lookup from ``model`` to ``target`` over forward foreign keys ("branch__library"), or None."""
    if model is target:
        return "pk"
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    while queue:
        current, path, level = queue.popleft()
        if level >= depth:
            continue
        for fld in current._meta.get_fields():
            if not (fld.many_to_one or fld.one_to_one) or not fld.concrete or fld.related_model is None:
                continue
            related = fld.related_model
            step = f"{path}__{fld.name}" if path else fld.name
            if related is target:
                return step
            if isinstance(related, type) and related.__module__.startswith("baken."):
                queue.append((related, step, level + 1))
    return None


def foreign_object(user: User, model: type[models.Model]) -> models.Model | None:
    """An object of ``model`` that belongs to another tenant than ``user``'s, if the data has one."""
    scope = Scope.for_user(user)
    if scope.level == Level.LIBRARY:
        lookup, own = path_to(model, Library), scope.library_id
    elif scope.level == Level.GEMEENTE:
        lookup, own = path_to(model, Gemeente), scope.gemeente_id
    else:
        return None  # national and system scopes have no other tenant
    if lookup is None:
        return None
    key = "pk" if lookup == "pk" else lookup
    queryset = model._default_manager.exclude(**{key: own})
    if key != "pk":
        queryset = queryset.filter(**{f"{key}__isnull": False})
    return queryset.order_by("pk").first()


def own_object(user: User, model: type[models.Model]) -> models.Model | None:
    """An object of ``model`` the user may see; for data without a tenant, any object."""
    scope = Scope.for_user(user)
    queryset = model._default_manager.order_by("pk")
    if scope.level == Level.LIBRARY:
        lookup, own = path_to(model, Library), scope.library_id
    elif scope.level == Level.GEMEENTE:
        lookup, own = path_to(model, Gemeente), scope.gemeente_id
    else:
        return queryset.first()
    return (queryset if lookup is None else queryset.filter(**{lookup: own})).first()


def value_for(route: Route, param: str, obj: models.Model | None) -> str:
    converter = route.converters.get(param)
    if obj is None:
        if isinstance(converter, UUIDConverter):
            return MISSING_UUID
        if isinstance(converter, SlugConverter):
            return MISSING_SLUG
        return str(MISSING_INT)
    if isinstance(converter, SlugConverter) or param.endswith("slug"):
        slug = getattr(obj, "slug", None)
        return str(slug) if slug else str(obj.pk)
    if isinstance(converter, UUIDConverter):
        for fld in obj._meta.fields:
            if isinstance(fld, models.UUIDField):
                return str(getattr(obj, fld.name))
        return MISSING_UUID
    if isinstance(converter, IntConverter):
        return str(obj.pk)
    return str(obj.pk)
