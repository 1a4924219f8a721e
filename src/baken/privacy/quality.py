"""Measured quality of the personal-data guard on the corpus of desk remarks (``make bench``).

Recall per type: of the remarks labelled with a type, the fraction in which ``scan`` found that type.
False-positive rate: of the clean remarks (no labels), the fraction in which ``scan`` found anything.
Spans are not compared: the form refuses a remark as a whole, so finding the type is what counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from baken.privacy.pii import FINDING_TYPES, scan

DEFAULT_CORPUS = Path(__file__).resolve().parent / "corpus" / "remarks.jsonl"

# The targets from the issue; format_report marks each figure against them.
RECALL_TARGETS: dict[str, float] = {
    "bsn": 1.0,
    "iban": 1.0,
    "phone": 1.0,
    "email": 1.0,
    "postcode": 1.0,
    "birthdate": 1.0,
    "name": 0.90,
}
MAX_FALSE_POSITIVE_RATE = 0.02


@dataclass(frozen=True)
class Remark:
    text: str
    types: frozenset[str]


@dataclass(frozen=True)
class TypeScore:
    labelled: int
    found: int
    missed: tuple[str, ...] = ()

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0


@dataclass(frozen=True)
class QualityReport:
    remarks: int
    per_type: dict[str, TypeScore]
    clean: int
    false_positives: tuple[str, ...] = field(default=())

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_positives) / self.clean if self.clean else 0.0

    def meets_targets(self) -> bool:
        recall_ok = all(self.per_type[t].recall >= goal for t, goal in RECALL_TARGETS.items())
        return recall_ok and self.false_positive_rate <= MAX_FALSE_POSITIVE_RATE


def load_corpus(path: Path | None = None) -> list[Remark]:
    remarks = []
    for line in (path or DEFAULT_CORPUS).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            remarks.append(Remark(text=row["text"], types=frozenset(row["types"])))
    return remarks


def measure(corpus_path: Path | str | None = None) -> QualityReport:
    remarks = load_corpus(Path(corpus_path) if corpus_path else None)
    labelled = dict.fromkeys(FINDING_TYPES, 0)
    found = dict.fromkeys(FINDING_TYPES, 0)
    missed: dict[str, list[str]] = {t: [] for t in FINDING_TYPES}
    false_positives = []
    for remark in remarks:
        seen = {finding.type for finding in scan(remark.text)}
        if not remark.types and seen:
            false_positives.append(remark.text)
        for kind in remark.types:
            labelled[kind] += 1
            if kind in seen:
                found[kind] += 1
            else:
                missed[kind].append(remark.text)
    per_type = {t: TypeScore(labelled[t], found[t], tuple(missed[t])) for t in FINDING_TYPES}
    clean = sum(1 for remark in remarks if not remark.types)
    return QualityReport(len(remarks), per_type, clean, tuple(false_positives))


def format_report(report: QualityReport) -> str:
    lines = [f"Persoonsgegevens-filter: {report.remarks} opmerkingen, waarvan {report.clean} zonder.", ""]
    lines.append(f"{'type':<16} {'recall':>7} {'gevonden':>9}  doel")
    for kind, score in report.per_type.items():
        goal = RECALL_TARGETS.get(kind)
        verdict = (
            "" if goal is None else f"≥ {goal:.0%} " + ("ok" if score.recall >= goal else "NIET GEHAALD")
        )
        lines.append(f"{kind:<16} {score.recall:>7.1%} {score.found:>4}/{score.labelled:<4}  {verdict}")
    fp_ok = report.false_positive_rate <= MAX_FALSE_POSITIVE_RATE
    lines.append("")
    rate, count = report.false_positive_rate, len(report.false_positives)
    verdict = f"≤ {MAX_FALSE_POSITIVE_RATE:.0%} " + ("ok" if fp_ok else "NIET GEHAALD")
    lines.append(f"vals-positief    {rate:>7.1%} {count:>4}/{report.clean:<4}  {verdict}")
    for kind, score in report.per_type.items():
        for text in score.missed:
            lines.append(f"  gemist ({kind}): {text}")
    for text in report.false_positives:
        lines.append(f"  vals-positief: {text}")
    return "\n".join(lines)


def main() -> int:
    report = measure()
    print(format_report(report))
    return 0 if report.meets_targets() else 1


if __name__ == "__main__":
    raise SystemExit(main())
