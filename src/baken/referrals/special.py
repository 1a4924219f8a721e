"""Detects special categories of personal data in a referral's description (seed 001).

The word list is data (``data/bijzondere_gegevens.txt``) so a privacy coordinator can review it. A hit
does not refuse the text: it means the e-mail may only go with the visitor's written consent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORD_LIST = Path(__file__).resolve().parent / "data" / "bijzondere_gegevens.txt"


@dataclass(frozen=True)
class SpecialHit:
    category: str
    text: str


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns = []
    category = ""
    for raw in WORD_LIST.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            continue
        term = _normalise(line)
        prefix = term.endswith("*")
        body = re.escape(term.rstrip("*")).replace(r"\ ", r"\s+")
        tail = r"[\w-]*" if prefix else ""
        patterns.append((category, re.compile(rf"(?<![\w-]){body}{tail}(?![\w-])")))
    return tuple(patterns)


def categories() -> list[str]:
    return list(dict.fromkeys(category for category, _ in _patterns()))


def find_special_categories(text: str) -> list[SpecialHit]:
    """The special-category terms in ``text``, one hit per category, in list order."""
    normalised = _normalise(text)
    hits: dict[str, SpecialHit] = {}
    for category, pattern in _patterns():
        if category in hits:
            continue
        match = pattern.search(normalised)
        if match:
            hits[category] = SpecialHit(category=category, text=match.group(0))
    return list(hits.values())
