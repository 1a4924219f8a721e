"""Rebuild the Dutch name lists used by the personal-data guard.

Run with Faker installed (it is a build-time tool only, never a runtime dependency):

    python src/baken/privacy/data/build_names.py

It writes ``first_names.txt``, ``last_names.txt`` and ``tussenvoegsels.txt`` next to this file and prints the
Faker version, which belongs in ``SOURCES.md``. The output is sorted and de-duplicated so a rebuild with the
same Faker version gives an identical diff.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent

# Faker has no separate tussenvoegsel list, so prefixes are read off its surnames ("van der Meer").
# This closed set of grammatical particles completes them; the guard only treats a word as a particle
# when it is in this file, so the list is deliberately limited to real Dutch/Flemish name particles.
EXTRA_TUSSENVOEGSELS = (
    "'s",
    "'t",
    "aan",
    "aan de",
    "aan den",
    "aan het",
    "al",
    "bij",
    "bij de",
    "d'",
    "da",
    "de",
    "de la",
    "del",
    "den",
    "der",
    "des",
    "di",
    "du",
    "el",
    "het",
    "in",
    "in 't",
    "in de",
    "in den",
    "in het",
    "la",
    "le",
    "op",
    "op 't",
    "op de",
    "op den",
    "op het",
    "te",
    "ten",
    "ter",
    "uit",
    "uit de",
    "uit den",
    "uit het",
    "uijt",
    "van",
    "van 't",
    "van de",
    "van den",
    "van der",
    "van het",
    "van ter",
    "ver",
    "von",
    "voor",
    "voor de",
    "voor den",
    "zu",
)

_PARTICLE_WORDS = {w for p in EXTRA_TUSSENVOEGSELS for w in p.split()}
# Entries like "Bourgondië, van" or royal epithets are not usable surnames.
_USABLE = re.compile(r"^[^\W\d_][\w'’ -]*$")


def split_surname(entry: str) -> tuple[str, list[str]]:
    """Split a Faker surname into its particle prefix and its capitalised core words."""
    words = entry.replace("-", " ").split()
    prefix: list[str] = []
    while words and words[0].lower() in _PARTICLE_WORDS:
        prefix.append(words.pop(0).lower())
    core = [w for w in words if w[:1].isupper() and w.lower() not in _PARTICLE_WORDS and len(w) > 1]
    return " ".join(prefix), core


def _faker_persons(locale: str) -> Any:
    # Imported by name: Faker is a build-time tool, absent from the project environment, and a static
    # import would make mypy and the import checker of the project fail there.
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def build() -> tuple[list[str], list[str], list[str]]:
    dutch, flemish = _faker_persons("nl_NL"), _faker_persons("nl_BE")
    first = sorted(set(dutch.first_names) | set(flemish.first_names))
    last: set[str] = set()
    particles: set[str] = set(EXTRA_TUSSENVOEGSELS)
    for entry in (*dutch.last_names, *flemish.last_names):
        if not _USABLE.match(entry):
            continue
        prefix, core = split_surname(entry)
        if prefix:
            particles.add(prefix)
        last.update(core)
    return first, sorted(last), sorted(particles)


def write_list(name: str, items: list[str]) -> None:
    (DATA_DIR / name).write_text("\n".join(items) + "\n", encoding="utf-8")


def main() -> None:
    first, last, particles = build()
    write_list("first_names.txt", first)
    write_list("last_names.txt", last)
    write_list("tussenvoegsels.txt", particles)
    version = importlib.import_module("faker").VERSION
    print(f"Faker {version}: {len(first)} first names, {len(last)} surnames, {len(particles)} particles")


if __name__ == "__main__":
    main()
