"""Guidance content as data: the DigiD case walk-through (seed 000) and the waaier question cards.

Loaded from TOML next to this module and validated at load, so a broken edit fails loudly with the
file, the item and the field, instead of showing a half-empty card at the desk.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from baken.guidance.engine import (
    CATALOGUE,
    VERDICTS,
    RuleBook,
    RulesError,
    Verdict,
    check_source,
    load_rules,
)

HERE = Path(__file__).parent
CASE_PATH = HERE / "digid_case.toml"
CARDS_PATH = HERE / "cards.toml"

STEP_NUMBERS = tuple(range(1, 25))
QUESTION_LETTERS = tuple("ABCDEFGH")

# National codes from docs/domain.md. Cards use these so figures and cards line up; "overig" is a
# valid topic but the starter set is meant to cover all the others.
NATIONAL_TOPICS: tuple[str, ...] = (
    "digid",
    "mijnoverheid",
    "belastingaangifte",
    "toeslagen",
    "uitkering",
    "aow_kinderbijslag",
    "studiefinanciering",
    "rijbewijs",
    "voertuig",
    "boetes",
    "zorg_eigen_bijdrage",
    "zorg_indicatie",
    "alimentatie",
    "rechtsbijstand",
    "gemeente",
    "zorgverzekering",
    "wonen",
    "bankzaken",
    "apparaat_account",
    "cursus",
)
TOPICS: tuple[str, ...] = (*NATIONAL_TOPICS, "overig")
ORGANISATIONS: tuple[str, ...] = (
    "belastingdienst",
    "cak",
    "cbr",
    "ciz",
    "cjib",
    "duo",
    "lbio",
    "logius",
    "rvr",
    "rdw",
    "svb",
    "uwv",
    "huurcommissie",
    "kvk",
    "kadaster",
    "kifid",
    "skgz",
    "gemeente",
    "zorgverzekeraar",
    "bank",
    "overig",
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(?:/[^\s]*)?$")


class ContentError(RulesError):
    """A content file (case or cards) is not valid."""


# --------------------------------------------------------------------------- the DigiD case


@dataclass(frozen=True)
class CaseStep:
    number: int
    phase: str
    what: str
    actions: tuple[str, ...]
    verdict: Verdict
    safe_way: str
    source: str


@dataclass(frozen=True)
class QuestionPart:
    ref: str
    question: str
    answer: str
    actions: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class CaseQuestion:
    letter: str
    question: str
    answer: str
    actions: tuple[str, ...]
    source: str
    parts: tuple[QuestionPart, ...] = ()


@dataclass(frozen=True)
class DigidCase:
    title: str
    summary: str
    steps: tuple[CaseStep, ...]
    questions: tuple[CaseQuestion, ...]

    def step(self, number: int) -> CaseStep:
        return next(step for step in self.steps if step.number == number)

    def question(self, letter: str) -> CaseQuestion:
        return next(q for q in self.questions if q.letter == letter.upper())


@lru_cache(maxsize=4)
def load_digid_case(path: Path | str | None = None) -> DigidCase:
    case_path = Path(path) if path is not None else CASE_PATH
    with case_path.open("rb") as handle:
        data = tomllib.load(handle)
    return parse_digid_case(data, rules=load_rules(), origin=case_path.name)


def parse_digid_case(
    data: Mapping[str, Any], *, rules: RuleBook, origin: str = "digid_case.toml"
) -> DigidCase:
    meta = _table(data.get("meta"), f"{origin}: [meta]")
    steps = tuple(
        _parse_step(_table(raw, f"{origin}: step"), rules, origin) for raw in _list(data.get("step"), origin)
    )
    numbers = tuple(step.number for step in steps)
    if numbers != STEP_NUMBERS:
        raise ContentError(f"{origin}: stappen moeten 1 t/m 24 zijn, op volgorde; gevonden {numbers}")
    questions = tuple(
        _parse_question(_table(raw, f"{origin}: question"), rules, origin)
        for raw in _list(data.get("question"), origin)
    )
    letters = tuple(q.letter for q in questions)
    if letters != QUESTION_LETTERS:
        raise ContentError(f"{origin}: vragen moeten A t/m H zijn, op volgorde; gevonden {letters}")
    return DigidCase(
        title=_text(meta.get("title"), f"{origin}: meta.title"),
        summary=_text(meta.get("summary"), f"{origin}: meta.summary"),
        steps=steps,
        questions=questions,
    )


def _parse_step(raw: Mapping[str, Any], rules: RuleBook, origin: str) -> CaseStep:
    number = raw.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise ContentError(f"{origin}: step zonder geldig nummer")
    where = f"{origin}: stap {number}"
    verdict = raw.get("verdict")
    if verdict not in VERDICTS:
        raise ContentError(f"{where}: verdict {verdict!r} is niet een van {VERDICTS}")
    source = _text(raw.get("source"), f"{where}.source")
    check_source(source, rules.sections, where)
    return CaseStep(
        number=number,
        phase=_text(raw.get("phase"), f"{where}.phase"),
        what=_text(raw.get("what"), f"{where}.what"),
        actions=_actions(raw.get("actions"), where),
        verdict=cast(Verdict, verdict),
        safe_way=_text(raw.get("safe_way"), f"{where}.safe_way"),
        source=source,
    )


def _parse_question(raw: Mapping[str, Any], rules: RuleBook, origin: str) -> CaseQuestion:
    letter = _text(raw.get("letter"), f"{origin}: question.letter")
    where = f"{origin}: vraag {letter}"
    source = _text(raw.get("source"), f"{where}.source")
    check_source(source, rules.sections, where)
    parts = []
    for part in raw.get("part", []):
        part_table = _table(part, f"{where}.part")
        ref = _text(part_table.get("ref"), f"{where}.part.ref")
        part_source = _text(part_table.get("source"), f"{where} {ref}.source")
        check_source(part_source, rules.sections, f"{where} {ref}")
        parts.append(
            QuestionPart(
                ref=ref,
                question=_text(part_table.get("question"), f"{where} {ref}.question"),
                answer=_text(part_table.get("answer"), f"{where} {ref}.answer"),
                actions=_actions(part_table.get("actions"), f"{where} {ref}"),
                source=part_source,
            )
        )
    return CaseQuestion(
        letter=letter,
        question=_text(raw.get("question"), f"{where}.question"),
        answer=_text(raw.get("answer"), f"{where}.answer"),
        actions=_actions(raw.get("actions"), where),
        source=source,
        parts=tuple(parts),
    )


# --------------------------------------------------------------------------- question cards (waaier)


@dataclass(frozen=True)
class OfficialPage:
    title: str
    url: str


@dataclass(frozen=True)
class Card:
    slug: str
    title: str
    topic: str
    organisation: str
    question: str
    can_do: tuple[str, ...]
    pages: tuple[OfficialPage, ...]
    partners: tuple[str, ...]
    refer_when: tuple[str, ...]
    actions: tuple[str, ...]
    review_date: dt.date
    version: int

    def is_due(self, today: dt.date) -> bool:
        """A card past its review date must be checked by the coordinator before it is trusted."""
        return today >= self.review_date


@lru_cache(maxsize=4)
def load_cards(path: Path | str | None = None) -> tuple[Card, ...]:
    cards_path = Path(path) if path is not None else CARDS_PATH
    with cards_path.open("rb") as handle:
        data = tomllib.load(handle)
    return parse_cards(data, origin=cards_path.name)


def parse_cards(data: Mapping[str, Any], *, origin: str = "cards.toml") -> tuple[Card, ...]:
    cards = tuple(
        _parse_card(_table(raw, f"{origin}: card"), origin) for raw in _list(data.get("card"), origin)
    )
    slugs = [card.slug for card in cards]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise ContentError(f"{origin}: dubbele slugs {duplicates}")
    return cards


def cards_for_topic(topic: str, cards: tuple[Card, ...] | None = None) -> tuple[Card, ...]:
    return tuple(card for card in (cards or load_cards()) if card.topic == topic)


def _parse_card(raw: Mapping[str, Any], origin: str) -> Card:
    slug = _text(raw.get("slug"), f"{origin}: card.slug")
    where = f"{origin}: kaart {slug}"
    if not _SLUG.match(slug):
        raise ContentError(f"{where}: slug mag alleen kleine letters, cijfers en streepjes bevatten")
    topic = _text(raw.get("topic"), f"{where}.topic")
    if topic not in TOPICS:
        raise ContentError(f"{where}: onbekend onderwerp {topic!r}")
    organisation = _text(raw.get("organisation"), f"{where}.organisation")
    if organisation not in ORGANISATIONS:
        raise ContentError(f"{where}: onbekende organisatie {organisation!r}")
    review_date = raw.get("review_date")
    # tomllib gives datetime for a value with a time; a review date is a plain day.
    if not isinstance(review_date, dt.date) or isinstance(review_date, dt.datetime):
        raise ContentError(f"{where}: review_date moet een datum zijn (JJJJ-MM-DD)")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ContentError(f"{where}: version moet een geheel getal vanaf 1 zijn")
    pages = tuple(_parse_page(_table(page, f"{where}.page"), where) for page in _list(raw.get("page"), where))
    return Card(
        slug=slug,
        title=_text(raw.get("title"), f"{where}.title"),
        topic=topic,
        organisation=organisation,
        question=_text(raw.get("question"), f"{where}.question"),
        can_do=_texts(raw.get("can_do"), f"{where}.can_do"),
        pages=pages,
        partners=_texts(raw.get("partners"), f"{where}.partners"),
        refer_when=_texts(raw.get("refer_when"), f"{where}.refer_when"),
        actions=_actions(raw.get("actions", []), where),
        review_date=review_date,
        version=version,
    )


def _parse_page(raw: Mapping[str, Any], where: str) -> OfficialPage:
    url = _text(raw.get("url"), f"{where}.page.url")
    if not _URL.match(url):
        raise ContentError(f"{where}: {url!r} is geen https-adres")
    return OfficialPage(title=_text(raw.get("title"), f"{where}.page.title"), url=url)


# --------------------------------------------------------------------------- small validators


def _actions(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        raise ContentError(f"{where}: actions ontbreekt (gebruik [] als er geen handeling bij hoort)")
    if not isinstance(value, list):
        raise ContentError(f"{where}: actions moet een lijst zijn")
    unknown = [code for code in value if code not in CATALOGUE]
    if unknown:
        raise ContentError(f"{where}: onbekende handeling(en) {unknown}")
    return tuple(value)


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: verwacht een niet-lege lijst")
    return value


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ContentError(f"{where}: verwacht een tabel")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: verwacht een niet-lege tekst")
    return value


def _texts(value: Any, where: str) -> tuple[str, ...]:
    return tuple(_text(item, where) for item in _list(value, where))
