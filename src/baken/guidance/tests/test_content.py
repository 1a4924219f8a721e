"""Tests for the guidance content: the DigiD case walk-through, the waaier cards and the nee-zeggen script."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from typing import Any

import pytest

from baken.guidance.content import (
    CARDS_PATH,
    CASE_PATH,
    NATIONAL_TOPICS,
    ContentError,
    cards_for_topic,
    load_cards,
    load_digid_case,
    parse_cards,
    parse_digid_case,
)
from baken.guidance.engine import CATALOGUE, VERDICT_ORDER, Context, evaluate, load_rules
from baken.guidance.nee_zeggen import AVOID, SOURCE, script

# --------------------------------------------------------------------------- DigiD case (seed 000)


def test_case_has_steps_1_to_24_and_questions_a_to_h() -> None:
    case = load_digid_case()
    assert [step.number for step in case.steps] == list(range(1, 25))
    assert [q.letter for q in case.questions] == list("ABCDEFGH")
    assert all(step.safe_way and step.source for step in case.steps)
    assert all(q.answer and q.source for q in case.questions)


def test_case_question_e_is_answered_per_step() -> None:
    parts = load_digid_case().question("E").parts
    assert [part.ref for part in parts] == ["E.1", "E.2&3", "E.14", "E.19-24"]


@pytest.mark.parametrize("number", range(1, 25))
def test_step_verdict_matches_the_rules(number: int) -> None:
    # The walk-through may not drift from rules.toml: a step's verdict is the strictest verdict of
    # its actions at the desk's default situation.
    step = load_digid_case().step(number)
    if not step.actions:
        return
    verdicts = [evaluate(action, Context()).verdict for action in step.actions]
    assert step.verdict == max(verdicts, key=VERDICT_ORDER.__getitem__)


def test_case_key_answers() -> None:
    case = load_digid_case()
    assert case.step(1).verdict == "not_allowed"  # BSN
    assert {case.step(n).verdict for n in (4, 5, 12)} == {"not_allowed"}  # credentials chosen by staff
    assert {case.step(n).verdict for n in (9, 10, 16, 17, 20, 21)} == {"conditional"}  # login, exception
    assert case.question("A").answer.startswith("Nee")
    assert case.question("B").answer.startswith("Nee")
    assert case.question("C").answer.startswith("Ja")


def _raw(path: Any) -> dict[str, Any]:
    with path.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    return data


def test_case_validation_refuses_a_missing_step() -> None:
    data = copy.deepcopy(_raw(CASE_PATH))
    data["step"].pop(5)
    with pytest.raises(ContentError, match="1 t/m 24"):
        parse_digid_case(data, rules=load_rules())


def test_case_validation_refuses_an_unknown_action() -> None:
    data = copy.deepcopy(_raw(CASE_PATH))
    data["step"][0]["actions"] = ["bsn_opslaan"]
    with pytest.raises(ContentError, match="onbekende handeling"):
        parse_digid_case(data, rules=load_rules())


# --------------------------------------------------------------------------- waaier cards


def test_starter_set_covers_every_national_topic() -> None:
    cards = load_cards()
    assert len(cards) >= 22
    assert {card.topic for card in cards} >= set(NATIONAL_TOPICS)
    for topic in NATIONAL_TOPICS:
        assert cards_for_topic(topic, cards)


def test_every_card_is_complete_and_dated() -> None:
    for card in load_cards():
        assert card.can_do and card.pages and card.partners and card.refer_when, card.slug
        assert card.version == 1
        assert card.review_date.year >= 2027, card.slug  # reviewed within a year of the Nov 2026 set
        assert all(page.url.startswith("https://") for page in card.pages)
        assert set(card.actions) <= set(CATALOGUE)


def test_card_review_due() -> None:
    card = load_cards()[0]
    assert card.is_due(card.review_date)
    assert not card.is_due(card.review_date - dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c.update(topic="ruimtevaart"), "onbekend onderwerp"),
        (lambda c: c.update(organisation="nasa"), "onbekende organisatie"),
        (lambda c: c.update(review_date="binnenkort"), "review_date"),
        (lambda c: c.update(version=0), "version"),
        (lambda c: c.update(slug="Met Spaties"), "slug"),
        (lambda c: c["page"][0].update(url="http://www.digid.nl"), "https"),
        (lambda c: c.update(actions=["toveren"]), "onbekende handeling"),
        (lambda c: c.update(can_do=[]), "can_do"),
    ],
)
def test_card_validation(mutate: Any, message: str) -> None:
    data = copy.deepcopy(_raw(CARDS_PATH))
    mutate(data["card"][0])
    with pytest.raises(ContentError, match=message):
        parse_cards(data)


def test_duplicate_card_slugs_are_refused() -> None:
    data = copy.deepcopy(_raw(CARDS_PATH))
    data["card"].append(copy.deepcopy(data["card"][0]))
    with pytest.raises(ContentError, match="dubbele"):
        parse_cards(data)


# --------------------------------------------------------------------------- klantgericht nee zeggen


@pytest.mark.parametrize("action", CATALOGUE)
def test_nee_zeggen_has_six_steps_with_the_concrete_risk(action: str) -> None:
    spec = load_rules().action(action)
    steps = script(action)
    assert [step.number for step in steps] == [1, 2, 3, 4, 5, 6]
    assert steps[3].example == spec.risk
    assert spec.instead in steps[4].instruction
    # The guideline: never "I'd like to help, but I'm not allowed" — it invites being talked round.
    assert all("maar dat mag niet" not in step.example for step in steps)


def test_nee_zeggen_uses_the_advice_alternative_when_given() -> None:
    advice = evaluate("inloggen_voor_bezoeker", Context(visitor_present=False))
    assert advice.instead in script("inloggen_voor_bezoeker", instead=advice.instead)[4].instruction
    assert "Zeg niet" in AVOID
    assert "Klantgericht nee zeggen" in SOURCE
