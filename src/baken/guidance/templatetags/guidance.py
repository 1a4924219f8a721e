"""Template helpers for guidance: the verdict badge (icon and text, never colour alone)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

VERDICT_LABELS = {
    "allowed": _("Allowed"),
    "conditional": _("Allowed, on conditions"),
    "not_allowed": _("Not allowed"),
}
VERDICT_ICONS = {"allowed": "✓", "conditional": "!", "not_allowed": "✕"}


@register.inclusion_tag("guidance/_verdict.html")
def verdict_badge(verdict: str, size: str = "") -> dict[str, Any]:
    return {
        "verdict": verdict,
        "label": VERDICT_LABELS.get(verdict, verdict),
        "icon": VERDICT_ICONS.get(verdict, ""),
        "size": size,
    }


@register.simple_tag
def verdict_label(verdict: str) -> str:
    return str(VERDICT_LABELS.get(verdict, verdict))


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, key)
