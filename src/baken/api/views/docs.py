"""The OpenAPI 3 schema (JSON) and a Dutch documentation page rendered from it on the server.

No Swagger UI or Redoc: they need scripts and styles from a CDN or a vendored package, and the CSP
allows neither inline code nor other origins. The page below is plain HTML from the same schema,
so it cannot drift from the API (docs/adr/0080-rest-api.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularJSONAPIView

from baken.core.permissions import public

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def openapi_schema() -> dict[str, Any]:
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return schema


@dataclass
class FieldDoc:
    name: str
    kind: str
    required: bool
    description: str = ""
    values: list[str] = field(default_factory=list)


@dataclass
class OperationDoc:
    method: str
    path: str
    summary: str
    description: str
    security: list[str]
    parameters: list[FieldDoc]
    body: list[FieldDoc]
    responses: list[tuple[str, str]]
    anchor: str


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return dict(schema["components"]["schemas"][name])
    if "allOf" in node and len(node["allOf"]) == 1:
        return {**_resolve(schema, node["allOf"][0]), **{k: v for k, v in node.items() if k != "allOf"}}
    return node


def _kind(schema: dict[str, Any], node: dict[str, Any]) -> tuple[str, list[str]]:
    node = _resolve(schema, node)
    values = [str(v) for v in node.get("enum", []) if v not in ("", None)]
    kind = str(node.get("format") or node.get("type") or ("code" if values else "object"))
    if node.get("type") == "array":
        item_kind, item_values = _kind(schema, node.get("items", {}))
        return f"lijst van {item_kind}", item_values
    return kind, values


def _fields(schema: dict[str, Any], node: dict[str, Any], prefix: str = "") -> list[FieldDoc]:
    node = _resolve(schema, node)
    required = set(node.get("required", []))
    rows = []
    for name, prop in node.get("properties", {}).items():
        kind, values = _kind(schema, prop)
        resolved = _resolve(schema, prop)
        rows.append(
            FieldDoc(prefix + name, kind, name in required, str(resolved.get("description", "")), values)
        )
        items = _resolve(schema, resolved.get("items", {})) if resolved.get("type") == "array" else {}
        if items.get("properties"):
            rows.extend(_fields(schema, items, prefix=f"{prefix}{name}[]."))
    return rows


def operations() -> list[OperationDoc]:
    schema = openapi_schema()
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [
                FieldDoc(
                    name=f"{p['name']} ({p['in']})",
                    kind=_kind(schema, p.get("schema", {}))[0],
                    required=bool(p.get("required")),
                    description=str(p.get("description", "")),
                    values=_kind(schema, p.get("schema", {}))[1],
                )
                for p in operation.get("parameters", [])
            ]
            content = operation.get("requestBody", {}).get("content", {})
            body_schema = content.get("application/json", {}).get("schema")
            found.append(
                OperationDoc(
                    method=method.upper(),
                    path=path,
                    summary=str(operation.get("summary", "")),
                    description=str(operation.get("description", "")),
                    security=sorted({name for req in operation.get("security", []) for name in req}),
                    parameters=parameters,
                    body=_fields(schema, body_schema) if body_schema else [],
                    responses=[
                        (code, str(response.get("description", "")))
                        for code, response in sorted(operation.get("responses", {}).items())
                    ],
                    anchor=str(operation.get("operationId", f"{method}-{path}")),
                )
            )
    return found


schema_view = public(SpectacularJSONAPIView.as_view())


@public
def docs(request: HttpRequest) -> HttpResponse:
    schema = openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "info": schema.get("info", {}),
            "operations": operations(),
            "security_schemes": schema.get("components", {}).get("securitySchemes", {}),
        },
    )
