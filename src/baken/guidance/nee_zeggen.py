"""The six steps of "klantgericht nee zeggen" (KB-richtlijn, seed 001, §De IDO-medewerker: wegwijzer en
doorverwijzer › Klantgericht nee zeggen), filled in for one action.

The guideline's point is that a refusal must name a concrete risk for the visitor ("geld",
"terugbetalen", "boete") and never sound like "I'd like to, but I'm not allowed": that leaves the door
ajar for the visitor to talk the staff member round. So step 4 takes the action's ``risk`` sentence
from rules.toml and step 5 the action's ``instead``.
"""

from __future__ import annotations

from dataclasses import dataclass

from baken.guidance.engine import RuleBook, load_rules

SOURCE = "KB-richtlijn (seed 001) §De IDO-medewerker: wegwijzer en doorverwijzer › Klantgericht nee zeggen"

# Said to the staff member, so the guideline's own wording is kept close.
GOLDEN_TIP = (
    "Maak het concreet voor de bezoeker. Gebruik woorden als 'geld', '(terug)betalen' en 'boete', "
    "niet 'dan bent u nog verder van huis'. Stress maakt het moeilijker om informatie op te nemen."
)
AVOID = (
    "Zeg niet: 'Ik wil u wel helpen, maar dat mag niet.' Dan kan de bezoeker u alsnog proberen over te halen."
)


@dataclass(frozen=True)
class ScriptStep:
    number: int
    instruction: str  # what the staff member does (from the guideline)
    example: str  # a sentence the staff member can say to the visitor (u-vorm, B1)


_STEPS: tuple[tuple[str, str], ...] = (
    (
        "Spreek je begrip uit voor de bezoeker en stel hem op zijn gemak.",
        "Ik begrijp dat dit vervelend voor u is en dat u het snel geregeld wilt hebben. "
        "Gaat u rustig zitten.",
    ),
    ("Meld dat je graag wilt helpen.", "Ik help u graag verder."),
    ("Geef aan dat je geen expert bent op dit vlak.", "Ik ben hier geen expert in."),
    ("Benoem concreet het risico.", "{risk}"),
    (
        "Vertel wat je wél kunt doen: {instead}",
        "Wat ik wél voor u kan doen: ik neem direct contact op met een organisatie die u verder kan helpen, "
        "of ik laat u zien hoe u het zelf veilig kunt doen.",
    ),
    (
        "Leg tijdens het helpen duidelijk uit wat je doet en waarom, en check of de bezoeker het begrijpt.",
        "Ik vertel steeds wat ik doe en waarom. Zegt u het gerust als iets niet duidelijk is.",
    ),
)


def script(
    action: str, *, instead: str | None = None, rules: RuleBook | None = None
) -> tuple[ScriptStep, ...]:
    """The six steps for ``action``; ``instead`` overrides the action's default (e.g. the advice's own)."""
    spec = (rules or load_rules()).action(action)
    # The "instead" texts are instructions to staff, so they go into the instruction of step 5; the
    # spoken example stays a sentence to the visitor.
    values = {"risk": spec.risk, "instead": instead or spec.instead}
    return tuple(
        ScriptStep(number=i, instruction=instruction.format(**values), example=example.format(**values))
        for i, (instruction, example) in enumerate(_STEPS, start=1)
    )
