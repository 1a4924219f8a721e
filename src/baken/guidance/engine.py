"""The "Mag ik dit?" engine: evaluates the declarative rules in ``rules.toml``.

Pure Python on purpose (no Django): the rules are reviewed as data, and this module only reads and
applies them, so the same answer comes out of the desk screen, the API and ``baken advise``.

Layering, in this order:
1. the guideline (KB-richtlijn, seed 001, and the case in seed 000) as encoded in ``rules.toml``:
   the first rule of an action whose ``when`` matches the context wins;
2. the library's own policy, which can only tighten that answer (forbid, or require written consent).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any, Literal, cast

Verdict = Literal["allowed", "conditional", "not_allowed"]
Consent = Literal["none", "oral", "written"]

VERDICTS: tuple[Verdict, ...] = ("allowed", "conditional", "not_allowed")
# Strictness order: a library policy may only move an answer to the right.
VERDICT_ORDER: Mapping[str, int] = {"allowed": 0, "conditional": 1, "not_allowed": 2}
CONSENTS: tuple[Consent, ...] = ("none", "oral", "written")
CONTEXT_KEYS = ("visitor_present", "consent", "staff_confidentiality")

# The action catalogue of docs/domain.md ("Guidance: action catalogue"). The rules file must encode
# each of these exactly once; the codes are stable identifiers used by the CLI and the API.
CATALOGUE: tuple[str, ...] = (
    "meekijken_coachen",
    "algemene_informatie",
    "brief_inzien",
    "meekijken_mijn_omgeving",
    "meekijken_bij_inloggen",
    "digid_aanvragen_voor_bezoeker",
    "digid_gegevens_invoeren",
    "bsn_invoeren",
    "digid_verzenden",
    "inloggegevens_bedenken",
    "inloggegevens_aannemen",
    "inloggen_voor_bezoeker",
    "inloggen_voor_afwezige",
    "afspraak_voor_afwezige",
    "gemachtigd_worden",
    "formulier_invullen_derde",
    "inhoudelijk_advies",
    "bedragen_uitrekenen",
    "aantekeningen_papier",
    "gegevens_bibliotheeksysteem",
    "doorverwijzen_telefonisch",
    "doorverwijzen_email",
    "doorverwijzen_afsprakensysteem",
    "bijzondere_gegevens_doorgeven",
    "qr_code_ophalen",
    "app_installeren",
)

RULES_PATH = Path(__file__).with_name("rules.toml")

SOURCE_PREFIX = "KB-richtlijn (seed 001) "
CASE_PREFIX = "casus (seed 000) "

LIBRARY_FORBIDS_REASON = "Uw bibliotheek staat dit niet toe."
LIBRARY_WRITTEN_CONSENT_CONDITION = (
    "Schriftelijke toestemming van de bezoeker met het toestemmingsformulier (regel van uw bibliotheek)"
)


class RulesError(ValueError):
    """The rules file is not valid; the message names the action and rule at fault."""


class UnknownAction(KeyError):
    """An action code that is not in the catalogue."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"Onbekende handeling: {self.code!r}"


# --------------------------------------------------------------------------- context and policy


@dataclass(frozen=True)
class Context:
    """The situation at the desk. Defaults are those of the ``baken advise`` contract."""

    visitor_present: bool = True
    consent: Consent = "none"
    staff_confidentiality: bool = True

    def __post_init__(self) -> None:
        if self.consent not in CONSENTS:
            raise ValueError(f"consent moet een van {CONSENTS} zijn, niet {self.consent!r}")

    @classmethod
    def parse(
        cls, *, visitor_present: str = "yes", consent: str = "none", staff_confidentiality: str = "yes"
    ) -> Context:
        """Build a context from the CLI's yes/no strings (the ``baken advise`` flags)."""
        if consent not in CONSENTS:
            raise ValueError(f"consent moet een van {CONSENTS} zijn, niet {consent!r}")
        return cls(
            visitor_present=_yes_no(visitor_present, "visitor-present"),
            consent=consent,
            staff_confidentiality=_yes_no(staff_confidentiality, "staff-confidentiality"),
        )

    def value(self, key: str) -> bool | str:
        if key == "visitor_present":
            return self.visitor_present
        if key == "consent":
            return self.consent
        if key == "staff_confidentiality":
            return self.staff_confidentiality
        raise KeyError(key)


def _yes_no(value: str, name: str) -> bool:
    if value in ("yes", "no"):
        return value == "yes"
    raise ValueError(f"--{name} moet 'yes' of 'no' zijn, niet {value!r}")


def all_contexts() -> tuple[Context, ...]:
    """Every combination of the context inputs (2 × 3 × 2 = 12), in a stable order."""
    return tuple(
        Context(visitor_present=present, consent=consent, staff_confidentiality=confidential)
        for present, consent, confidential in product((True, False), CONSENTS, (True, False))
    )


@dataclass(frozen=True)
class Policy:
    """A library's own rules. They can only tighten the guideline, never loosen it.

    ``forbidden``: actions the library does not allow its staff to do.
    ``written_consent_required``: actions for which the library wants a signed consent form.
    """

    forbidden: frozenset[str] = field(default_factory=frozenset)
    written_consent_required: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def baseline(cls) -> Policy:
        """No library rules: the answer is the guideline's."""
        return cls()

    @classmethod
    def from_codes(
        cls, *, forbidden: Iterable[str] = (), written_consent_required: Iterable[str] = ()
    ) -> Policy:
        """Build a policy from stored codes, refusing codes that are not in the catalogue."""
        policy = cls(frozenset(forbidden), frozenset(written_consent_required))
        for code in policy.forbidden | policy.written_consent_required:
            if code not in CATALOGUE:
                raise UnknownAction(code)
        return policy


# --------------------------------------------------------------------------- the rules file


@dataclass(frozen=True)
class Rule:
    when: Mapping[str, Any]
    verdict: Verdict
    conditions: tuple[str, ...]
    reason: str
    instead: str
    source: str
    # The guideline itself already demands a signed consent form here (special-category data),
    # so a library rule asking for the same adds nothing.
    requires_written_consent: bool = False

    def matches(self, context: Context) -> bool:
        for key, expected in self.when.items():
            actual = context.value(key)
            if isinstance(expected, list):
                if actual not in expected:
                    return False
            elif actual != expected:
                return False
        return True


@dataclass(frozen=True)
class ActionSpec:
    code: str
    label: str
    keywords: tuple[str, ...]
    risk: str
    instead: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class RuleBook:
    version: int
    guideline: str
    sections: Mapping[str, tuple[str, ...]]
    actions: Mapping[str, ActionSpec]

    def action(self, code: str) -> ActionSpec:
        try:
            return self.actions[code]
        except KeyError:
            raise UnknownAction(code) from None


@lru_cache(maxsize=8)
def load_rules(path: Path | str | None = None) -> RuleBook:
    """Read and validate the rules file (cached: it does not change while the process runs)."""
    rules_path = Path(path) if path is not None else RULES_PATH
    with rules_path.open("rb") as handle:
        data = tomllib.load(handle)
    return parse_rules(data, origin=str(rules_path))


def parse_rules(data: Mapping[str, Any], *, origin: str = "rules.toml") -> RuleBook:
    meta = _table(data.get("meta"), f"{origin}: [meta]")
    sections = _parse_sections(meta.get("sections"), origin)
    raw_actions = data.get("action")
    if not isinstance(raw_actions, list) or not raw_actions:
        raise RulesError(f"{origin}: geen [[action]]-blokken gevonden")
    actions: dict[str, ActionSpec] = {}
    for index, raw in enumerate(raw_actions):
        spec = _parse_action(_table(raw, f"{origin}: action #{index + 1}"), sections, origin)
        if spec.code in actions:
            raise RulesError(f"{origin}: handeling {spec.code!r} staat er meer dan eens in")
        actions[spec.code] = spec
    missing = [code for code in CATALOGUE if code not in actions]
    extra = [code for code in actions if code not in CATALOGUE]
    if missing or extra:
        raise RulesError(f"{origin}: catalogus klopt niet; ontbreekt: {missing}, onbekend: {extra}")
    ordered = {code: actions[code] for code in CATALOGUE}
    return RuleBook(
        version=_int(meta.get("version"), f"{origin}: meta.version"),
        guideline=_text(meta.get("guideline"), f"{origin}: meta.guideline"),
        sections=sections,
        actions=ordered,
    )


def _parse_sections(raw: Any, origin: str) -> dict[str, tuple[str, ...]]:
    table = _table(raw, f"{origin}: [meta.sections]")
    sections: dict[str, tuple[str, ...]] = {}
    for heading, subs in table.items():
        sections[heading] = tuple(_text_list(subs, f"{origin}: meta.sections.{heading}", allow_empty=True))
    if not sections:
        raise RulesError(f"{origin}: [meta.sections] is leeg")
    return sections


def _parse_action(raw: Mapping[str, Any], sections: Mapping[str, tuple[str, ...]], origin: str) -> ActionSpec:
    code = _text(raw.get("code"), f"{origin}: action.code")
    where = f"{origin}: {code}"
    raw_rules = raw.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RulesError(f"{where}: geen [[action.rule]]")
    action_instead = _text(raw.get("instead"), f"{where}.instead")
    rules = tuple(
        _parse_rule(
            _table(item, f"{where} rule #{i + 1}"), action_instead, sections, f"{where} rule #{i + 1}"
        )
        for i, item in enumerate(raw_rules)
    )
    spec = ActionSpec(
        code=code,
        label=_text(raw.get("label"), f"{where}.label"),
        keywords=tuple(_text_list(raw.get("keywords"), f"{where}.keywords")),
        risk=_text(raw.get("risk"), f"{where}.risk"),
        instead=action_instead,
        rules=rules,
    )
    _check_coverage(spec, where)
    return spec


def _parse_rule(
    raw: Mapping[str, Any], action_instead: str, sections: Mapping[str, tuple[str, ...]], where: str
) -> Rule:
    when = _table(raw.get("when", {}), f"{where}.when")
    for key, value in when.items():
        _check_when(key, value, where)
    verdict = raw.get("verdict")
    if verdict not in VERDICTS:
        raise RulesError(f"{where}: verdict {verdict!r} is niet een van {VERDICTS}")
    conditions = tuple(_text_list(raw.get("conditions", []), f"{where}.conditions", allow_empty=True))
    # "conditional" means: allowed once the listed conditions are met, so it needs a checklist; the
    # other two verdicts carry none, so the checklist never contradicts the verdict.
    if verdict == "conditional" and not conditions:
        raise RulesError(f"{where}: 'conditional' zonder voorwaarden")
    if verdict != "conditional" and conditions:
        raise RulesError(f"{where}: voorwaarden horen alleen bij 'conditional'")
    source = _text(raw.get("source"), f"{where}.source")
    check_source(source, sections, where)
    instead = raw.get("instead", action_instead if verdict != "allowed" else "")
    return Rule(
        when=dict(when),
        verdict=cast(Verdict, verdict),
        conditions=conditions,
        reason=_text(raw.get("reason"), f"{where}.reason"),
        instead=_text(instead, f"{where}.instead") if verdict != "allowed" else str(instead),
        source=source,
        requires_written_consent=bool(raw.get("requires_written_consent", False)),
    )


def _check_when(key: str, value: Any, where: str) -> None:
    if key not in CONTEXT_KEYS:
        raise RulesError(f"{where}: onbekende sleutel {key!r} in when (kies uit {CONTEXT_KEYS})")
    if key == "consent":
        values = value if isinstance(value, list) else [value]
        if not values or any(v not in CONSENTS for v in values):
            raise RulesError(f"{where}: when.consent {value!r} moet uit {CONSENTS} komen")
    elif not isinstance(value, bool):
        raise RulesError(f"{where}: when.{key} moet true of false zijn")


def _check_coverage(spec: ActionSpec, where: str) -> None:
    """Every context must reach a rule, and every rule must be reachable by some context."""
    if spec.rules[-1].when:
        raise RulesError(f"{where}: de laatste regel moet zonder 'when' zijn (vangt alles op)")
    used: set[int] = set()
    for context in all_contexts():
        used.add(next(i for i, rule in enumerate(spec.rules) if rule.matches(context)))
    unreachable = [i + 1 for i in range(len(spec.rules)) if i not in used]
    if unreachable:
        raise RulesError(f"{where}: regel(s) {unreachable} worden nooit bereikt")


def check_source(source: str, sections: Mapping[str, tuple[str, ...]], where: str) -> None:
    """A source must name a real section of seed 001, optionally followed by case references.

    Format: ``KB-richtlijn (seed 001) §Hoofdstuk[ › Paragraaf][ (toelichting)]`` then any number of
    ``; §Hoofdstuk…`` or ``; casus (seed 000) stap N / vraag X`` parts.
    """
    parts = source.split("; ")
    if not parts[0].startswith(SOURCE_PREFIX + "§"):
        raise RulesError(f"{where}: bron moet beginnen met '{SOURCE_PREFIX}§': {source!r}")
    parts[0] = parts[0].removeprefix(SOURCE_PREFIX)
    for part in parts:
        if part.startswith(CASE_PREFIX) and re.search(r"\b(stap|vraag)\b", part):
            continue
        if not part.startswith("§") or not _known_section(part[1:], sections):
            raise RulesError(f"{where}: onbekende bron {part!r} (gebruik de koppen van seed 001)")


def _known_section(ref: str, sections: Mapping[str, tuple[str, ...]]) -> bool:
    for heading, subs in sections.items():
        if not ref.startswith(heading):
            continue
        rest = ref[len(heading) :]
        if rest == "" or rest.startswith(" ("):
            return True
        if rest.startswith(" › "):
            sub_ref = rest[3:]
            if any(sub_ref == sub or sub_ref.startswith(sub + " (") for sub in subs):
                return True
    return False


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RulesError(f"{where}: verwacht een tabel")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"{where}: verwacht een niet-lege tekst")
    return value


def _int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise RulesError(f"{where}: verwacht een geheel getal")
    return value


def _text_list(value: Any, where: str, *, allow_empty: bool = False) -> list[str]:
    if not isinstance(value, list) or (not value and not allow_empty):
        raise RulesError(f"{where}: verwacht een lijst met teksten")
    return [_text(item, where) for item in value]


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Advice:
    """The answer to "Mag ik dit?".

    ``guideline_verdict`` is what the guideline alone says; ``library_rule`` explains, in Dutch, what
    the library's own policy changed (``None`` when it changed nothing), so the answer always shows
    which part is the guideline and which part is the library's own rule.
    """

    action: str
    verdict: Verdict
    conditions: tuple[str, ...]
    reason: str
    instead: str
    source: str
    guideline_verdict: Verdict
    library_rule: str | None = None


def actions(rules: RuleBook | None = None) -> tuple[ActionSpec, ...]:
    """The catalogue in its documented order."""
    return tuple((rules or load_rules()).actions.values())


def guideline_advice(action: str, context: Context, rules: RuleBook | None = None) -> Advice:
    """What the guideline says, before any library policy."""
    spec = (rules or load_rules()).action(action)
    rule = next(rule for rule in spec.rules if rule.matches(context))  # coverage is validated at load
    return Advice(
        action=action,
        verdict=rule.verdict,
        conditions=rule.conditions,
        reason=rule.reason,
        instead=rule.instead,
        source=rule.source,
        guideline_verdict=rule.verdict,
    )


def evaluate(
    action: str, context: Context | None = None, policy: Policy | None = None, rules: RuleBook | None = None
) -> Advice:
    """The answer for ``action`` in ``context`` under the library's ``policy``."""
    book = rules or load_rules()
    ctx = context or Context()
    base = guideline_advice(action, ctx, book)
    pol = policy or Policy.baseline()
    spec = book.action(action)
    if action in pol.forbidden and base.verdict != "not_allowed":
        return _forbid(base, spec)
    if action in pol.written_consent_required and base.verdict != "not_allowed" and ctx.consent != "written":
        rule = next(rule for rule in spec.rules if rule.matches(ctx))
        if not rule.requires_written_consent:
            return _require_written_consent(base, spec)
    return base


def _forbid(base: Advice, spec: ActionSpec) -> Advice:
    allowed_by = "mag het" if base.verdict == "allowed" else "mag het onder voorwaarden"
    return Advice(
        action=base.action,
        verdict="not_allowed",
        conditions=(),
        reason=f"{LIBRARY_FORBIDS_REASON} Volgens de landelijke richtlijn {allowed_by}, "
        "maar uw bibliotheek kiest hier voor een strengere regel.",
        # The action-level alternative is written for "you may not do this at all".
        instead=spec.instead,
        source=f"Beleid van uw bibliotheek (strenger dan de richtlijn); richtlijn: {base.source}",
        guideline_verdict=base.guideline_verdict,
        library_rule=f"Uw bibliotheek staat niet toe: {_lower_first(spec.label)}.",
    )


def _require_written_consent(base: Advice, spec: ActionSpec) -> Advice:
    return Advice(
        action=base.action,
        verdict="conditional",
        conditions=(*base.conditions, LIBRARY_WRITTEN_CONSENT_CONDITION),
        reason=f"{base.reason} Uw bibliotheek vraagt hiervoor bovendien schriftelijke toestemming.",
        instead=base.instead or spec.instead,
        source=f"{base.source}; beleid van uw bibliotheek: schriftelijke toestemming",
        guideline_verdict=base.guideline_verdict,
        library_rule=f"Uw bibliotheek vraagt schriftelijke toestemming voor: {_lower_first(spec.label)}.",
    )


def _lower_first(text: str) -> str:
    # Labels are sentence-cased for the UI; inside a sentence only the first letter drops ("DigiD" stays).
    return text[:1].lower() + text[1:]


ADVISE_KEYS = ("action", "verdict", "conditions", "reason", "instead", "source")


def advise_json(
    action: str, context: Context | None = None, policy: Policy | None = None, rules: RuleBook | None = None
) -> dict[str, Any]:
    """The ``baken advise`` JSON object: exactly the keys of the contract in docs/domain.md."""
    advice = evaluate(action, context, policy, rules)
    return {
        "action": advice.action,
        "verdict": advice.verdict,
        "conditions": list(advice.conditions),
        "reason": advice.reason,
        "instead": advice.instead,
        "source": advice.source,
    }


# ------------------------------------------------------------------------ finding actions by everyday words


@dataclass(frozen=True)
class ActionMatch:
    code: str
    label: str
    score: float


# Question openers carry no meaning for the search ("mag ik", "kan ik", "is het goed als ik").
_OPENERS = re.compile(
    r"^(mag|kan|kun|moet|wil|zal)\s+(ik|je|jij|u|de medewerker)\b|^is het (goed|ok) als ik\b"
)
# Words that carry no meaning for finding an action (pronouns, auxiliaries, small words).
# fmt: off
_STOPWORDS = frozenset(
    {
        "ik", "je", "jij", "u", "we", "wij", "hij", "zij", "ze", "hem", "het", "de", "een", "van", "voor",
        "met", "bij", "in", "op", "om", "aan", "dat", "dit", "die", "deze", "er", "te", "even", "als", "of",
        "en", "ook", "nog", "wel", "dan", "maar", "mag", "mogen", "kan", "kun", "kunnen", "moet", "wil",
        "zal", "iets", "hoe", "wat", "waar", "wie", "graag", "alsjeblieft", "toch", "zo", "heel", "al",
        "naar", "uit", "door", "over", "tot", "is", "ben", "zijn", "was", "mijn", "haar", "hun", "jouw",
        "uw",
    }
)
# fmt: on
_SUFFIXES = ("heden", "ingen", "ing", "en", "je", "e", "s", "t")


def normalise(text: str) -> str:
    """Lower case, accents off, punctuation to spaces ("QR-code" → "qr code")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def stem(word: str) -> str:
    """A deliberately crude Dutch stemmer: enough to make "intikken", "intikt" and "tik" meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2]:  # tikk → tik, bell → bel
        word = word[:-1]
    return word


def _tokens(text: str) -> list[str]:
    cleaned = _OPENERS.sub("", normalise(text)).strip()
    return [stem(word) for word in cleaned.split() if word not in _STOPWORDS]


def query_tokens(text: str) -> list[str]:
    """The meaningful word stems of a question, as ``find_actions`` sees them (also used to search cards)."""
    return _tokens(text)


def _word_hit(keyword_stem: str, query_stems: list[str]) -> float:
    if keyword_stem in query_stems:
        return 1.0
    # Dutch glues words together ("appstorewachtwoord", "meekijken"): a long keyword stem inside a
    # query word still counts, a little less.
    if len(keyword_stem) >= 4 and any(keyword_stem in q for q in query_stems):
        return 0.7
    return 0.0


def _keyword_hits(keyword: str, query_stems: list[str]) -> dict[str, float] | None:
    """Per query word, how well this keyword covers it; ``None`` unless every keyword word occurs."""
    hits: dict[str, float] = {}
    for word in _tokens(keyword):
        found = {q: _word_hit(word, [q]) for q in query_stems}
        best = max(found.values(), default=0.0)
        if best == 0.0:
            return None
        query_word = max(found, key=lambda q: found[q])
        hits[query_word] = max(hits.get(query_word, 0.0), best)
    return hits or None


def _action_score(keywords: Iterable[str], query_stems: list[str]) -> float:
    # Each query word counts once (its best hit), so an action with many near-identical keywords
    # ("inloggen", "inloggen voor") does not outscore one that matches more of the question.
    covered: dict[str, float] = {}
    longest_phrase = 1
    for keyword in keywords:
        hits = _keyword_hits(keyword, query_stems)
        if hits is None:
            continue
        longest_phrase = max(longest_phrase, len(hits))
        for query_word, value in hits.items():
            covered[query_word] = max(covered.get(query_word, 0.0), value)
    if not covered:
        return 0.0
    # A phrase whose words all occur ("bsn intikken") is a stronger signal than the words alone.
    return sum(covered.values()) + 0.5 * (longest_phrase - 1)


def find_actions(query: str, limit: int = 5, rules: RuleBook | None = None) -> list[ActionMatch]:
    """Actions whose everyday words best match the question, best first."""
    query_stems = _tokens(query)
    if not query_stems:
        return []
    matches: list[ActionMatch] = []
    for spec in actions(rules):
        score = _action_score(spec.keywords, query_stems)
        if score > 0:
            matches.append(ActionMatch(code=spec.code, label=spec.label, score=round(score, 3)))
    # Stable sort keeps catalogue order on ties, so the answer does not flicker between requests.
    matches.sort(key=lambda match: -match.score)
    return matches[:limit]
