"""Tests for the personal-data guard: examples per type, offsets, the CLI contract, corpus quality."""

from __future__ import annotations

import io
import json
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from baken.privacy import quality
from baken.privacy.pii import (
    FINDING_TYPES,
    Finding,
    contains_personal_data,
    describe_findings,
    marked_segments,
    pii_scan_lines,
    refusal_message,
    run_pii_scan,
    scan,
)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.type, text[f.start : f.end]) for f in scan(text)]


def types_in(text: str) -> set[str]:
    return {f.type for f in scan(text)}


# --------------------------------------------------------------------------------------------------
# Positives per type: the exact span is asserted, which also checks the offsets.

POSITIVES = [
    ("BSN 123456782 gegeven", "bsn", "123456782"),
    ("bsn: 1234.56.782 op brief", "bsn", "1234.56.782"),
    ("Aanslagnummer 1234.56.782.H.46 uitgelegd", "bsn", "1234.56.782"),
    ("nummer 123 456 782 genoteerd", "bsn", "123 456 782"),
    ("IBAN NL91 ABNA 0417 1643 00 gewijzigd", "iban", "NL91 ABNA 0417 1643 00"),
    ("naar NL91ABNA0417164300.", "iban", "NL91ABNA0417164300"),
    ("rekening nl91abna0417164300 klopt", "iban", "nl91abna0417164300"),
    ("bel 06-12345678 terug", "phone", "06-12345678"),
    ("bel 06 1234 5678 terug", "phone", "06 1234 5678"),
    ("bel +31 6 12345678 terug", "phone", "+31 6 12345678"),
    ("bel 0031 6 12345678 terug", "phone", "0031 6 12345678"),
    ("vast 010-1234567.", "phone", "010-1234567"),
    ("vast 020 123 4567", "phone", "020 123 4567"),
    ("vast (010) 123 45 67", "phone", "(010) 123 45 67"),
    ("werk +31 (0)20 765 4321", "phone", "+31 (0)20 765 4321"),
    ("mail jan.jansen@example.nl graag", "email", "jan.jansen@example.nl"),
    ("postcode 1234 AB bekend", "postcode", "1234 AB"),
    ("woont in 1234AB.", "postcode", "1234AB"),
    ("pc 2514 GA 7 genoteerd", "postcode", "2514 GA 7"),
    ("Dorpsstraat 12 in Zeestad", "address", "Dorpsstraat 12"),
    ("adres Kerkweg 3a.", "address", "Kerkweg 3a"),
    ("post naar Laan van Meerdervoort 101", "address", "Laan van Meerdervoort 101"),
    ("verhuisd naar Prinses Beatrixlaan 5", "address", "Prinses Beatrixlaan 5"),
    ("geboren 15-03-1948", "birthdate", "15-03-1948"),
    ("geboren 15 maart 1948", "birthdate", "15 maart 1948"),
    ("geboortedatum 1948-03-15", "birthdate", "1948-03-15"),
    ("geboren 3/4/52 in Zeestad", "birthdate", "3/4/52"),
    ("paspoort NXC2K4R81 verlopen", "document_number", "NXC2K4R81"),
    ("ID-kaart SPECI2014 ingevuld", "document_number", "SPECI2014"),
    ("rijbewijsnummer 5123456789", "document_number", "5123456789"),
    ("auto 12-ABC-3 verkocht", "license_plate", "12-ABC-3"),
    ("auto AB-12-CD verkocht", "license_plate", "AB-12-CD"),
    ("auto 1-ABC-23 verkocht", "license_plate", "1-ABC-23"),
    ("scooter XX-999-X", "license_plate", "XX-999-X"),
    ("mevrouw Jansen komt terug", "name", "Jansen"),
    ("dhr. De Vries komt terug", "name", "De Vries"),
    ("meneer van den Berg komt terug", "name", "van den Berg"),
    ("vraag van J. de Boer", "name", "J. de Boer"),
    ("vraag van A.B. Smit", "name", "A.B. Smit"),
    ("samen met Sanne de Vries", "name", "Sanne de Vries"),
    ("Fatima El Amrani wil les", "name", "Fatima El Amrani"),
    ("Mark Visser neemt het over", "name", "Mark Visser"),
    ("mevrouw Jansen-de Wit belt", "name", "Jansen-de Wit"),
    ("de heer Pietersma belt", "name", "Pietersma"),
]


@pytest.mark.parametrize(("text", "kind", "span"), POSITIVES)
def test_positive_examples(text: str, kind: str, span: str) -> None:
    assert (kind, span) in found(text)


# --------------------------------------------------------------------------------------------------
# Tricky clean remarks: nothing may be reported.

NEGATIVES = [
    "Belastingtelefoon 0800-0543 gebeld",
    "UWV via 088-8982070 gebeld",
    "Betaalde lijn 0900-1234567 afgeraden",
    "Gemeente gebeld op 14 020",
    "Bij spoed 112 bellen",
    "Afspraak op 12 maart bij het Juridisch Loket",
    "Terugkomen op 14/3",
    "Brief van 3 maart 2025 van de SVB",
    "Betalen voor 01-07-2025",
    "Bedrag € 45,60 per maand",
    "Terugvordering € 1.234,56",
    "Artikel 12 van de Participatiewet",
    "Stap 3 van 5 lukte niet",
    "Week 12 terugkomen",
    "Toeslagen 2025 aangepast",
    "Vraag over box 3",
    "Brief met kenmerk 2025-004512 uitgelegd",
    "DigiD-app geïnstalleerd",
    "Belastingdienst, UWV, SVB, DUO, CAK, CJIB, RDW en CBR besproken",
    "Juridisch Loket en SeniorWeb aangeraden",
    "Bos bloemen voor de vrijwilliger",
    "Visser op de foto in de krant",
    "Wil graag terugkomen",
    "Van DUO een brief gehad",
    "Dijk bij Zeestad was dicht",
    "Roos in de vaas bij de balie",
    "Optie B. Daarna lukte het",
    "Bibliotheek aan de Kerkstraat is dicht op maandag",
    "Den Haag en Den Bosch",
    "Bonuskaart van Albert Heijn",
    "Stuur het naar Postbus 8000, 7300 GM Apeldoorn",
    "Ordernummer 333598283 van de webshop",
    "info@juridischloket.nl gemaild",
    "Versie 3.2.1 van de app",
    "De Koning hield de troonrede",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_tricky_clean_remarks(text: str) -> None:
    assert found(text) == []


def test_bsn_failing_the_eleven_test_is_ignored() -> None:
    assert "bsn" not in types_in("Kenmerk 123456789 op de brief")


def test_iban_with_wrong_check_digits_is_ignored() -> None:
    assert "iban" not in types_in("Rekening NL92 ABNA 0417 1643 00")


def test_lone_surname_or_ambiguous_first_name_does_not_fire() -> None:
    assert "name" not in types_in("Gesproken met Bakker van de SVB")
    assert "name" not in types_in("Mark kwam niet opdagen")


# --------------------------------------------------------------------------------------------------
# Structure of the result


def test_findings_are_sorted_and_typed() -> None:
    text = "Mevrouw Jansen, bsn 123456782, tel 06-12345678, mail a.b@example.nl, 1234 AB"
    findings = scan(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert {f.type for f in findings} == {"name", "bsn", "phone", "email", "postcode"}
    assert all(f.type in FINDING_TYPES for f in findings)
    assert contains_personal_data(text)
    assert not contains_personal_data("DigiD aangevraagd")


def test_finding_is_frozen() -> None:
    finding = Finding("bsn", 0, 9)
    with pytest.raises(AttributeError):
        finding.start = 1  # type: ignore[misc]


def test_offsets_count_characters_not_bytes() -> None:
    text = "Één vraag — geboren 15-03-1948 — klaar"
    [finding] = scan(text)
    assert text[finding.start : finding.end] == "15-03-1948"


def test_describe_findings_and_refusal_message_are_dutch() -> None:
    findings = scan("Bel mevrouw Jansen op 06-12345678, of 06-87654321")
    assert describe_findings(findings) == ["een naam", "een telefoonnummer"]
    message = refusal_message(findings)
    assert "een naam en een telefoonnummer" in message
    assert refusal_message([]) == ""
    assert all(describe_findings([Finding(t, 0, 1)]) for t in FINDING_TYPES)


def test_marked_segments_rebuild_the_text() -> None:
    text = "Tel 06-12345678 van mevrouw Jansen."
    segments = marked_segments(text, scan(text))
    assert "".join(piece for piece, _ in segments) == text
    assert ("06-12345678", "phone") in segments
    assert ("Jansen", "name") in segments


# --------------------------------------------------------------------------------------------------
# The `baken pii-scan` contract


def test_pii_scan_lines_contract() -> None:
    lines = ["BSN 123456782 van mevrouw Jansen\n", "geen gegevens\r\n", "café ✓"]
    out = [json.loads(line) for line in pii_scan_lines(lines)]
    assert out[0] == {
        "text": "BSN 123456782 van mevrouw Jansen",
        "findings": [
            {"type": "bsn", "start": 4, "end": 13},
            {"type": "name", "start": 26, "end": 32},
        ],
    }
    assert out[1] == {"text": "geen gegevens", "findings": []}
    assert out[2]["text"] == "café ✓"


def test_pii_scan_lines_writes_utf8_not_escapes() -> None:
    [line] = list(pii_scan_lines(["Één"]))
    assert line == '{"text": "Één", "findings": []}'
    assert list(json.loads(line)) == ["text", "findings"]


def test_run_pii_scan_bytes_in_and_out() -> None:
    stdin = io.BytesIO("Tel 06-12345678\nrégel twee\u2028zelfde regel\n".encode())
    stdout = io.BytesIO()
    assert run_pii_scan(stdin, stdout) == 0
    rows = [json.loads(line) for line in stdout.getvalue().decode("utf-8").splitlines()]
    assert len(rows) == 2
    assert rows[0]["findings"] == [{"type": "phone", "start": 4, "end": 15}]
    assert rows[1]["text"] == "régel twee\u2028zelfde regel"


# --------------------------------------------------------------------------------------------------
# Quality targets measured on the corpus


def test_corpus_size_and_coverage() -> None:
    remarks = quality.load_corpus()
    assert len(remarks) >= 170
    assert sum(1 for r in remarks if not r.types) >= 60
    assert all(len(r.text) <= 200 for r in remarks)
    for kind in FINDING_TYPES:
        assert sum(1 for r in remarks if kind in r.types) >= 10, kind


def test_corpus_checksummed_numbers_are_valid() -> None:
    # Invented numbers must still pass their checksum, otherwise the corpus would test the wrong thing.
    for remark in quality.load_corpus():
        if "bsn" in remark.types:
            candidates = re.findall(r"\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}|\d{9}", remark.text)
            assert any(stdnum_bsn.is_valid(c) for c in candidates), remark.text


def test_quality_targets() -> None:
    report = quality.measure()
    for kind, goal in quality.RECALL_TARGETS.items():
        assert report.per_type[kind].recall >= goal, (kind, report.per_type[kind].missed)
    assert report.false_positive_rate <= quality.MAX_FALSE_POSITIVE_RATE, report.false_positives
    assert report.meets_targets()
    assert "recall" in quality.format_report(report)


# --------------------------------------------------------------------------------------------------
# Properties


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_scan_never_raises_and_spans_are_valid(text: str) -> None:
    findings = scan(text)
    for finding in findings:
        assert finding.type in FINDING_TYPES
        assert 0 <= finding.start < finding.end <= len(text)
    ends = [f.end for f in findings]
    assert all(a <= b.start for a, b in zip(ends, findings[1:], strict=False))


def _valid_bsn(seed: int) -> str:
    rng = random.Random(seed)
    while True:
        number = f"{rng.randint(1, 999_999_999):09d}"
        if stdnum_bsn.is_valid(number):
            return number


_WORDS = st.sampled_from(["bezoeker", "brief", "DigiD", "vraag", "over", "de", "toeslag", "UWV", "met", "ok"])


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10**9),
    before=st.lists(_WORDS, max_size=6),
    after=st.lists(_WORDS, max_size=6),
    punct=st.sampled_from(["", ",", ".", ")", ":"]),
)
def test_valid_bsn_in_text_is_always_found(
    seed: int, before: list[str], after: list[str], punct: str
) -> None:
    number = _valid_bsn(seed)
    prefix = " ".join([*before, "bsn"]) + " "
    text = prefix + number + punct + " " + " ".join(after)
    assert Finding("bsn", len(prefix), len(prefix) + 9) in scan(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999))
def test_nine_digits_failing_the_eleven_test_are_not_a_bsn(value: int) -> None:
    number = f"{value:09d}"
    if stdnum_bsn.is_valid(number):
        return
    assert "bsn" not in types_in(f"kenmerk {number} op de brief")


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1" * 100_000,
        "1 " * 50_000,
        "a." * 50_000,
        "A. " * 30_000,
        "x@" * 50_000,
        "Van " * 25_000,
        "0" + "-1" * 50_000,
        "NL91" + "A" * 100_000,
        "Jan " * 25_000,
    ],
)
def test_long_adversarial_input_scans_without_error(text: str) -> None:
    # Linear-time behaviour is measured in `make bench`, not asserted on a clock here.
    findings = scan(text)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)
