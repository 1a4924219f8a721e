"""Tests for the "Mag ik dit?" engine: the full verdict table, policy tightening, search and the contract.

The expected table below is written out by hand from the seeds, independently of rules.toml: if
someone changes a verdict or a source in the rules file, this test fails and the change gets reviewed.
"""

from __future__ import annotations

import copy
import json
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baken.guidance.engine import (
    CATALOGUE,
    CONSENTS,
    LIBRARY_FORBIDS_REASON,
    LIBRARY_WRITTEN_CONSENT_CONDITION,
    RULES_PATH,
    VERDICT_ORDER,
    Consent,
    Context,
    Policy,
    RulesError,
    UnknownAction,
    actions,
    advise_json,
    evaluate,
    find_actions,
    guideline_advice,
    load_rules,
    parse_rules,
)

# --------------------------------------------------------------------------- the expected table

KB = "KB-richtlijn (seed 001) "
DIGID = KB + "§Hulp bij DigiD, wat mag wel en wat niet"
HELPEN = DIGID + " › Hoe kan je de bezoeker dan wel helpen?"
INLOGGEN = DIGID + " › Inloggen voor een ander"
WARM = KB + "§Warm doorverwijzen"

SOURCES = {
    "TI": KB + "§Technische en inhoudelijke hulp, wat mag wel en wat niet",
    "WW": KB + "§De IDO-medewerker: wegwijzer en doorverwijzer",
    "URS": KB + "§De IDO-medewerker: wegwijzer en doorverwijzer (praktijkvoorbeeld meneer Ursem)",
    "GH": KB + "§Geheimhoudingsverklaring",
    "MA": KB + "§Geheimhoudingsverklaring › Machtigen",
    "REK": KB + "§Geheimhoudingsverklaring (aandachtspunt: geen bedragen uitrekenen); §Inleiding",
    "IN": KB + "§Inleiding",
    "DA": DIGID + "; casus (seed 000) vraag A",
    "DH": HELPEN,
    "DHG": HELPEN + "; casus (seed 000) stap 2, 3, 6, 7",
    "DHB": HELPEN + "; casus (seed 000) stap 1, vraag E.1",
    "BED": DIGID
    + " (praktijkvoorbeelden meneer Bitter en meneer Franken); casus (seed 000) stap 4, 5, 12, vraag E.2&3",
    "IAB": INLOGGEN + "; casus (seed 000) vraag B",
    "IAC": INLOGGEN + "; casus (seed 000) stap 9, 10, 16, 17, 20, 21, vraag C",
    "IAE": INLOGGEN + "; casus (seed 000) stap 19–24, vraag E.19-24",
    "IAQ": INLOGGEN + "; casus (seed 000) stap 16–18",
    "IAP": INLOGGEN + " (naar analogie); casus (seed 000) stap 13, 14, vraag E.14",
    "BP": DIGID + " › Het verwerken van bijzondere persoonsgegevens; casus (seed 000) stap 18",
    "WT": WARM + " › Per telefoon",
    "WM": WARM + " › Per mail",
    "WA": WARM + " › Direct in een afsprakensysteem",
    "WB": WARM + " › Bijzondere persoonsgegevens",
    "TF": WARM + " › Het toestemmingsformulier",
    "REG": WARM + " › Direct in een afsprakensysteem; §Warm doorverwijzen › Registratie van de bezoekers",
}
VERDICT_CODES = {"A": "allowed", "C": "conditional", "N": "not_allowed"}

# Column order: (visitor present?, consent, staff confidentiality?)
COLUMNS: tuple[tuple[bool, Consent, bool], ...] = (
    (True, "none", True),
    (True, "none", False),
    (True, "oral", True),
    (True, "oral", False),
    (True, "written", True),
    (True, "written", False),
    (False, "none", True),
    (False, "none", False),
    (False, "oral", True),
    (False, "oral", False),
    (False, "written", True),
    (False, "written", False),
)

# Verdict:source per column. A = allowed, C = conditional, N = not_allowed; sources in SOURCES.
# Columns: visitor present (6) | visitor absent (6); within each: consent none, oral, written,
# each with staff confidentiality yes then no.
#                              ----------visitor present----------  -----------visitor absent----------
#                              none        oral        written      none        oral        written
#                              yes   no    yes   no    yes   no     yes   no    yes   no    yes   no
TABLE = """
meekijken_coachen              A:TI  C:GH  A:TI  C:GH  A:TI  C:GH   N:TI  N:TI  N:TI  N:TI  N:TI  N:TI
algemene_informatie            A:WW  A:WW  A:WW  A:WW  A:WW  A:WW   A:WW  A:WW  A:WW  A:WW  A:WW  A:WW
brief_inzien                   C:GH  N:GH  C:GH  N:GH  C:GH  N:GH   N:GH  N:GH  N:GH  N:GH  N:GH  N:GH
meekijken_mijn_omgeving        C:GH  N:GH  C:GH  N:GH  C:GH  N:GH   N:GH  N:GH  N:GH  N:GH  N:GH  N:GH
meekijken_bij_inloggen         N:GH  N:GH  N:GH  N:GH  N:GH  N:GH   N:GH  N:GH  N:GH  N:GH  N:GH  N:GH
digid_aanvragen_voor_bezoeker  N:DA  N:DA  N:DA  N:DA  N:DA  N:DA   N:DA  N:DA  N:DA  N:DA  N:DA  N:DA
digid_gegevens_invoeren        C:DHG N:GH  C:DHG N:GH  C:DHG N:GH   N:DHG N:DHG N:DHG N:DHG N:DHG N:DHG
bsn_invoeren                   N:DHB N:DHB N:DHB N:DHB N:DHB N:DHB  N:DHB N:DHB N:DHB N:DHB N:DHB N:DHB
digid_verzenden                N:DH  N:DH  N:DH  N:DH  N:DH  N:DH   N:DH  N:DH  N:DH  N:DH  N:DH  N:DH
inloggegevens_bedenken         N:BED N:BED N:BED N:BED N:BED N:BED  N:BED N:BED N:BED N:BED N:BED N:BED
inloggegevens_aannemen         N:URS N:URS N:URS N:URS N:URS N:URS  N:URS N:URS N:URS N:URS N:URS N:URS
inloggen_voor_bezoeker         C:IAC N:GH  C:IAC N:GH  C:IAC N:GH   N:IAB N:IAB N:IAB N:IAB N:IAB N:IAB
inloggen_voor_afwezige         N:IAB N:IAB N:IAB N:IAB N:IAB N:IAB  N:IAB N:IAB N:IAB N:IAB N:IAB N:IAB
afspraak_voor_afwezige         N:IAE N:IAE N:IAE N:IAE N:IAE N:IAE  N:IAE N:IAE N:IAE N:IAE N:IAE N:IAE
gemachtigd_worden              N:MA  N:MA  N:MA  N:MA  N:MA  N:MA   N:MA  N:MA  N:MA  N:MA  N:MA  N:MA
formulier_invullen_derde       C:TI  N:GH  C:TI  N:GH  C:TI  N:GH   N:TI  N:TI  N:TI  N:TI  N:TI  N:TI
inhoudelijk_advies             N:IN  N:IN  N:IN  N:IN  N:IN  N:IN   N:IN  N:IN  N:IN  N:IN  N:IN  N:IN
bedragen_uitrekenen            N:REK N:REK N:REK N:REK N:REK N:REK  N:REK N:REK N:REK N:REK N:REK N:REK
aantekeningen_papier           C:TI  N:GH  C:TI  N:GH  C:TI  N:GH   C:TI  N:GH  C:TI  N:GH  C:TI  N:GH
gegevens_bibliotheeksysteem    C:REG N:GH  C:REG N:GH  C:REG N:GH   C:REG N:GH  C:REG N:GH  C:REG N:GH
doorverwijzen_telefonisch      C:WT  N:GH  C:WT  N:GH  C:WT  N:GH   N:WT  N:WT  N:WT  N:WT  N:WT  N:WT
doorverwijzen_email            C:WM  N:GH  C:WM  N:GH  C:WM  N:GH   N:TF  N:TF  N:TF  N:TF  C:WM  N:GH
doorverwijzen_afsprakensysteem C:WA  N:GH  C:WA  N:GH  C:WA  N:GH   N:WA  N:WA  N:WA  N:WA  N:WA  N:WA
bijzondere_gegevens_doorgeven  C:WB  N:GH  C:WB  N:GH  C:WB  N:GH   N:WB  N:WB  N:WB  N:WB  N:WB  N:WB
qr_code_ophalen                C:BP  N:GH  C:BP  N:GH  C:BP  N:GH   N:IAQ N:IAQ N:IAQ N:IAQ N:IAQ N:IAQ
app_installeren                C:IAP N:GH  C:IAP N:GH  C:IAP N:GH   N:IAP N:IAP N:IAP N:IAP N:IAP N:IAP
"""


def _expected_rows() -> list[tuple[str, Context, str, str]]:
    rows = []
    for line in TABLE.strip().splitlines():
        action, *cells = line.split()
        assert len(cells) == len(COLUMNS), f"{action}: {len(cells)} cellen"
        for (present, consent, confidential), cell in zip(COLUMNS, cells, strict=True):
            verdict_code, source_key = cell.split(":")
            context = Context(visitor_present=present, consent=consent, staff_confidentiality=confidential)
            rows.append((action, context, VERDICT_CODES[verdict_code], SOURCES[source_key]))
    return rows


EXPECTED = _expected_rows()


def test_table_covers_every_action_and_context() -> None:
    covered = {(action, context) for action, context, _, _ in EXPECTED}
    assert len(covered) == len(EXPECTED) == 26 * 12
    assert {action for action, _ in covered} == set(CATALOGUE)


@pytest.mark.parametrize(
    ("action", "context", "verdict", "source"),
    EXPECTED,
    ids=[
        f"{a}-{'aanwezig' if c.visitor_present else 'afwezig'}-{c.consent}-"
        f"{'geheim' if c.staff_confidentiality else 'open'}"
        for a, c, _, _ in EXPECTED
    ],
)
def test_verdict_and_source(action: str, context: Context, verdict: str, source: str) -> None:
    advice = evaluate(action, context, Policy.baseline())
    assert (advice.verdict, advice.source) == (verdict, source)
    assert advice.guideline_verdict == verdict
    assert advice.library_rule is None


@pytest.mark.parametrize(("action", "context", "verdict", "_source"), EXPECTED)
def test_answer_shape_follows_verdict(action: str, context: Context, verdict: str, _source: str) -> None:
    advice = evaluate(action, context)
    assert advice.reason
    if verdict == "conditional":
        assert advice.conditions, "a conditional answer needs a checklist"
    else:
        assert advice.conditions == ()
    if verdict == "not_allowed":
        assert advice.instead, "a refusal always says what to do instead"


# --------------------------------------------------------------------------- the seeds' sharp edges


def test_never_allowed_regardless_of_context() -> None:
    # Seed 001: BSN never typed by staff, DigiD only for oneself, send button by the visitor, never
    # look along at login, never log in for someone absent, never be authorised, never advise or
    # calculate; credentials stay the visitor's.
    never = {
        "bsn_invoeren",
        "digid_aanvragen_voor_bezoeker",
        "digid_verzenden",
        "meekijken_bij_inloggen",
        "inloggen_voor_afwezige",
        "afspraak_voor_afwezige",
        "gemachtigd_worden",
        "inhoudelijk_advies",
        "bedragen_uitrekenen",
        "inloggegevens_bedenken",
        "inloggegevens_aannemen",
    }
    for action, context, verdict, _ in EXPECTED:
        if action in never:
            assert verdict == "not_allowed"
            assert evaluate(action, context).verdict == "not_allowed"


@pytest.mark.parametrize("action", ["bijzondere_gegevens_doorgeven", "qr_code_ophalen"])
def test_special_category_data_needs_written_not_oral_consent(action: str) -> None:
    form_item = "mondeling is niet genoeg"
    for consent in ("none", "oral"):
        advice = evaluate(action, Context(consent=consent))
        assert advice.verdict == "conditional"
        assert any(form_item in c for c in advice.conditions)
    written = evaluate(action, Context(consent="written"))
    assert written.verdict == "conditional"
    assert not any(form_item in c for c in written.conditions)


def test_login_for_visitor_asks_consent_first_only_when_there_is_none() -> None:
    ask = "De bezoeker geeft u eerst toestemming"
    assert any(
        c.startswith(ask) for c in evaluate("inloggen_voor_bezoeker", Context(consent="none")).conditions
    )
    for consent in ("oral", "written"):
        conditions = evaluate("inloggen_voor_bezoeker", Context(consent=consent)).conditions
        assert not any(c.startswith(ask) for c in conditions)
        assert any("uw bibliotheek deze hulp toestaat" in c for c in conditions)


def test_email_referral_after_the_visitor_left_needs_written_consent() -> None:
    absent = {
        c: evaluate("doorverwijzen_email", Context(visitor_present=False, consent=c)).verdict
        for c in CONSENTS
    }
    assert absent == {"none": "not_allowed", "oral": "not_allowed", "written": "conditional"}


def test_volunteer_without_declaration_may_not_read_letters_or_look_in_mijn_omgeving() -> None:
    volunteer = Context(staff_confidentiality=False)
    assert evaluate("brief_inzien", volunteer).verdict == "not_allowed"
    assert evaluate("meekijken_mijn_omgeving", volunteer).verdict == "not_allowed"
    assert evaluate("algemene_informatie", volunteer).verdict == "allowed"
    coaching = evaluate("meekijken_coachen", volunteer)
    assert coaching.verdict == "conditional"
    assert any("niet in brieven" in c for c in coaching.conditions)


def test_bsn_condition_repeated_wherever_staff_may_type() -> None:
    for action in ("digid_gegevens_invoeren", "formulier_invullen_derde"):
        assert any("BSN tikt de bezoeker zelf in" in c for c in evaluate(action).conditions)


# --------------------------------------------------------------------------- library policy: tightening only

action_codes = st.sampled_from(CATALOGUE)
contexts = st.builds(Context, st.booleans(), st.sampled_from(CONSENTS), st.booleans())
code_sets = st.frozensets(st.sampled_from(CATALOGUE))
policies = st.builds(Policy, code_sets, code_sets)


@settings(max_examples=600, deadline=None)
@given(action=action_codes, context=contexts, policy=policies)
def test_no_policy_loosens_a_verdict(action: str, context: Context, policy: Policy) -> None:
    base = guideline_advice(action, context)
    advice = evaluate(action, context, policy)
    assert VERDICT_ORDER[advice.verdict] >= VERDICT_ORDER[base.verdict]
    assert advice.guideline_verdict == base.verdict
    # Tightening also holds for the checklist: no guideline condition is ever dropped unless the
    # answer became "not allowed" altogether.
    if advice.verdict != "not_allowed":
        assert advice.conditions[: len(base.conditions)] == base.conditions


@settings(max_examples=600, deadline=None)
@given(action=action_codes, context=contexts, policy=policies)
def test_library_rule_set_exactly_when_policy_changed_something(
    action: str, context: Context, policy: Policy
) -> None:
    base = guideline_advice(action, context)
    advice = evaluate(action, context, policy)
    changed = (advice.verdict, advice.conditions) != (base.verdict, base.conditions)
    assert (advice.library_rule is not None) == changed
    if not changed:
        assert advice == base


def test_tightening_exhaustively_for_single_rule_policies() -> None:
    # The property test samples; this walks every action × context × one-rule policy.
    for action in CATALOGUE:
        for context in (Context(p, c, s) for p, c, s in COLUMNS):
            base = guideline_advice(action, context)
            for code in CATALOGUE:
                for policy in (
                    Policy(forbidden=frozenset({code})),
                    Policy(written_consent_required=frozenset({code})),
                ):
                    advice = evaluate(action, context, policy)
                    assert VERDICT_ORDER[advice.verdict] >= VERDICT_ORDER[base.verdict]


def test_forbidden_by_library() -> None:
    policy = Policy.from_codes(forbidden=["inloggen_voor_bezoeker"])
    advice = evaluate("inloggen_voor_bezoeker", Context(consent="written"), policy)
    assert advice.verdict == "not_allowed"
    assert advice.guideline_verdict == "conditional"
    assert advice.reason.startswith(LIBRARY_FORBIDS_REASON)
    assert advice.library_rule is not None
    assert advice.source.startswith("Beleid van uw bibliotheek")
    assert SOURCES["IAC"] in advice.source
    assert advice.instead
    # Forbidding what the guideline already forbids changes nothing, so no library rule is shown.
    same = evaluate("bsn_invoeren", Context(), Policy.from_codes(forbidden=["bsn_invoeren"]))
    assert same == guideline_advice("bsn_invoeren", Context())


def test_written_consent_required_by_library() -> None:
    policy = Policy.from_codes(written_consent_required=["meekijken_coachen", "digid_gegevens_invoeren"])
    coaching = evaluate("meekijken_coachen", Context(), policy)
    assert (coaching.verdict, coaching.guideline_verdict) == ("conditional", "allowed")
    assert coaching.conditions == (LIBRARY_WRITTEN_CONSENT_CONDITION,)
    assert coaching.library_rule is not None
    entering = evaluate("digid_gegevens_invoeren", Context(consent="oral"), policy)
    assert entering.conditions[-1] == LIBRARY_WRITTEN_CONSENT_CONDITION
    # With written consent in hand the library rule is already met.
    assert evaluate("meekijken_coachen", Context(consent="written"), policy).library_rule is None


def test_library_consent_rule_adds_nothing_where_the_guideline_already_demands_the_form() -> None:
    policy = Policy.from_codes(written_consent_required=["qr_code_ophalen"])
    advice = evaluate("qr_code_ophalen", Context(consent="oral"), policy)
    assert advice == guideline_advice("qr_code_ophalen", Context(consent="oral"))


def test_policy_refuses_unknown_codes() -> None:
    with pytest.raises(UnknownAction):
        Policy.from_codes(forbidden=["bestaat_niet"])


# --------------------------------------------------------------------------- the baken advise contract


def test_advise_json_has_exactly_the_contract_keys() -> None:
    result = advise_json("bsn_invoeren")
    assert list(result) == ["action", "verdict", "conditions", "reason", "instead", "source"]
    assert result["action"] == "bsn_invoeren"
    assert result["verdict"] == "not_allowed"
    assert isinstance(result["conditions"], list)
    json.dumps(result)  # the CLI prints it as one JSON object


def test_advise_json_defaults_are_the_contract_defaults() -> None:
    # Visitor present, no consent, staff confidentiality yes, baseline policy.
    for action in CATALOGUE:
        assert advise_json(action) == advise_json(action, Context(True, "none", True), Policy.baseline())


def test_context_parse_from_cli_flags() -> None:
    parsed = Context.parse(visitor_present="no", consent="oral", staff_confidentiality="no")
    assert parsed == Context(visitor_present=False, consent="oral", staff_confidentiality=False)
    assert Context.parse() == Context()
    with pytest.raises(ValueError, match="yes"):
        Context.parse(visitor_present="ja")
    with pytest.raises(ValueError, match="consent"):
        Context.parse(consent="signed")


def test_unknown_action() -> None:
    with pytest.raises(UnknownAction) as caught:
        evaluate("inloggen_voor_de_buurman")
    assert isinstance(caught.value, KeyError)
    with pytest.raises(KeyError):
        advise_json("")


# --------------------------------------------------------------------------- the rules file itself


def test_catalogue_order_and_labels() -> None:
    specs = actions()
    assert tuple(spec.code for spec in specs) == CATALOGUE
    assert all(spec.label and spec.keywords and spec.risk and spec.instead for spec in specs)


def _raw_rules() -> dict[str, Any]:
    with RULES_PATH.open("rb") as handle:
        return tomllib.load(handle)


def _broken(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(_raw_rules())
    mutate(data)
    return data


def _first_rule(data: dict[str, Any]) -> dict[str, Any]:
    rule: dict[str, Any] = data["action"][2]["rule"][0]  # brief_inzien, rule 1
    return rule


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["action"].pop(0), "ontbreekt"),
        (lambda d: d["action"].append(copy.deepcopy(d["action"][0])), "meer dan eens"),
        (lambda d: _first_rule(d).update(verdict="misschien"), "verdict"),
        (lambda d: _first_rule(d).pop("source"), "source"),
        (lambda d: _first_rule(d).update(source="KB-richtlijn (seed 001) §Bestaat niet"), "onbekende bron"),
        (lambda d: _first_rule(d).update(source="ergens op internet"), "bron moet beginnen"),
        (lambda d: d["action"][2]["rule"][-1].update(conditions=[]), "zonder voorwaarden"),
        (lambda d: _first_rule(d).update(conditions=["iets"]), "alleen bij 'conditional'"),
        (lambda d: _first_rule(d).update(when={"leeftijd": 70}), "onbekende sleutel"),
        (lambda d: _first_rule(d).update(when={"consent": "digitaal"}), "when.consent"),
        (lambda d: d["action"][2]["rule"][-1].update(when={"visitor_present": True}), "laatste regel"),
        (lambda d: d["action"][2]["rule"].insert(1, {**_first_rule(d)}), "nooit bereikt"),
    ],
)
def test_invalid_rules_file_is_refused_with_a_clear_error(mutate: Any, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        parse_rules(_broken(mutate))


def test_load_rules_is_cached() -> None:
    assert load_rules() is load_rules()


# --------------------------------------------------------------------------- everyday words


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mag ik zijn BSN intikken", "bsn_invoeren"),
        ("Mag ik zijn burgerservicenummer invullen?", "bsn_invoeren"),
        ("inloggen voor zijn vrouw", "inloggen_voor_afwezige"),
        ("mag ik inloggen voor mijn moeder", "inloggen_voor_afwezige"),
        ("mag ik voor hem inloggen", "inloggen_voor_bezoeker"),
        ("mag ik de sms-code intikken", "inloggen_voor_bezoeker"),
        ("wachtwoord bedenken", "inloggegevens_bedenken"),
        ("pincode verzinnen", "inloggegevens_bedenken"),
        ("brief lezen", "brief_inzien"),
        ("de brief van de Belastingdienst uitleggen", "brief_inzien"),
        ("app installeren", "app_installeren"),
        ("QR-code ophalen", "qr_code_ophalen"),
        ("afspraak voor mijn man", "afspraak_voor_afwezige"),
        ("mag ik meekijken als hij inlogt", "meekijken_bij_inloggen"),
        ("meekijken in mijn omgeving", "meekijken_mijn_omgeving"),
        ("briefje met inloggegevens aannemen", "inloggegevens_aannemen"),
        ("digid aanvragen voor iemand", "digid_aanvragen_voor_bezoeker"),
        ("op verzenden drukken", "digid_verzenden"),
        ("kan ik hem advies geven over zijn toeslag", "inhoudelijk_advies"),
        ("hoeveel toeslag krijgt hij", "bedragen_uitrekenen"),
        ("laten machtigen", "gemachtigd_worden"),
        ("formulier invullen voor hem", "formulier_invullen_derde"),
        ("medische reden doorgeven", "bijzondere_gegevens_doorgeven"),
        ("mailen naar de partner", "doorverwijzen_email"),
        ("partner bellen voor een afspraak", "doorverwijzen_telefonisch"),
        ("afspraak inplannen bij de formulierenbrigade", "doorverwijzen_afsprakensysteem"),
        ("naam opslaan in de computer", "gegevens_bibliotheeksysteem"),
        ("aantekeningen maken", "aantekeningen_papier"),
        ("informatie opzoeken op de website", "algemene_informatie"),
    ],
)
def test_find_actions_from_everyday_words(query: str, expected: str) -> None:
    found = find_actions(query)
    assert found, f"niets gevonden voor {query!r}"
    assert found[0].code == expected, [(m.code, m.score) for m in found]


def test_find_actions_limits_and_orders() -> None:
    found = find_actions("inloggen", limit=2)
    assert len(found) == 2
    assert found[0].score >= found[1].score
    assert find_actions("mag ik") == []
    assert find_actions("") == []
