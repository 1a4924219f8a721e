"""Personal-data guard for the one free-text field of a registration (the optional remark).

Registration in Baken is anonymous, so a remark must not carry a visitor's personal data. ``scan`` finds
the kinds of personal data that turn up at an IDO desk and returns their character offsets, so the form
can refuse the remark and mark what was found. Pure Python (no Django), so the CLI, the form and the
benchmark share one implementation.

How each type is found (precise patterns first, checksums where a number has one):

* ``bsn``: 9 digits (also ``1234.56.782`` / ``123 456 782``, and the BSN inside a tax assessment number
  ``1234.56.782.H.46``) that pass the 11-proef (python-stdnum). A number labelled as an order, invoice,
  policy or customer number is not a BSN.
* ``iban``: country code + check digits + up to 30 characters, spaced or not, accepted only when the
  mod-97 check (python-stdnum, which also knows each country's length) passes.
* ``phone``: Dutch numbers written as 0 + 9 digits, or +31/0031 (with optional ``(0)``), with spaces,
  dashes, dots or ``(010)`` parentheses; foreign numbers as ``+CC`` and 7-13 digits. Numbers of
  organisations are not personal data and are skipped: 0800 (free), 090x (paid), 088 (the "bedrijfsnummer"
  range for organisations with several offices, e.g. UWV 088-898 20 70), 112 and 14 + area code.
* ``email``: ``local@domain.tld``; role mailboxes of organisations (``info@``, ``contact@`` ...) are not
  personal data and are skipped.
* ``postcode``: ``1234 AB`` / ``1234AB`` (upper case, or lower case written together) with an optional
  house number; a postcode after ``Postbus 123`` or ``Antwoordnummer 123`` is an organisation's and skipped.
* ``address``: a street name (a word ending in a street suffix such as -straat, -weg, -laan, -plein, or
  "Laan van X", "Grote Markt") followed by a house number. "artikel 12", "stap 3", "week 12" have no
  street suffix; "arbeidsmarkt 2025" is on an exclusion list.
* ``birthdate``: a full date with a year (``15-03-1948``, ``15 maart 1948``, ``1948-03-15``,
  ``3/4/52``) that is near a word such as "geboren"/"geb."/"geboortedatum", or whose year lies at least
  15 years back. Recent dates (a letter of 3 maart 2025) and dates without a year are not personal data.
* ``document_number``: the Dutch passport/ID-card number (9 characters, 2 letters, 6 letters or digits,
  1 digit, never the letter O). Near a word like "paspoort", "ID-kaart" or "rijbewijs" also lower case,
  and a 10-digit driving-licence number.
* ``license_plate``: the Dutch side codes with dashes (``12-ABC-3``, ``AB-12-CD``, ``XX-999-X`` ...);
  near the word "kenteken" also lower case or without dashes.
* ``name``: a name is only reported with evidence beyond one capitalised word, because many Dutch names
  are ordinary words (Bos, Visser, Mark, Roos, Wil, Dijk, Van) and organisations are capitalised too:

  - a title or label before it: "mevrouw Jansen", "dhr. De Vries", "meneer van den Berg", "familie X",
    "naam: X";
  - initials before a surname: "J. de Boer", "A.B. Smit";
  - a known first name followed by a surname: "Sanne de Vries", "Fatima El Amrani" (a first name that is
    also a Dutch word, like Roos or Mark, needs a known surname or a particle after it);
  - a capitalised word followed by a known surname that is not a Dutch word: "Corrie Smits";
  - a particle followed by a known surname: "van Dijk", "de Vries" (but not "De Koning", where "de" may be
    the article before an ordinary word);
  - a known first name on its own ("samen met Jeroen", "Anna heeft ..."), unless it is also an ordinary
    word (Mark, Roos, Bas, "Jan" in "15 jan 1948") or follows Sint/Prins/Koningin.

  A lone surname is not reported ("Bakker" alone is too often the baker). Organisations, places such as
  Den Haag, and topic and function words (``data/not_names.txt``, ``data/common_words.txt``) never count
  as name parts. Name lists come from Faker's nl_NL and nl_BE providers (see ``data/SOURCES.md``).

When findings overlap, the more certain type wins (checksummed numbers first, names last), and spans that
are known not to be personal data (an organisation's phone number, a recent date, a Postbus address, an
organisation name) block weaker findings under them. All patterns are anchored at a token boundary and
use bounded repetition, so scanning stays linear on long input.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import BinaryIO, Final

from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

FINDING_TYPES: Final = (
    "bsn",
    "iban",
    "phone",
    "email",
    "postcode",
    "address",
    "birthdate",
    "name",
    "document_number",
    "license_plate",
)

_LABELS: Final[dict[str, str]] = {
    "bsn": "een BSN (burgerservicenummer)",
    "iban": "een rekeningnummer (IBAN)",
    "phone": "een telefoonnummer",
    "email": "een e-mailadres",
    "postcode": "een postcode",
    "address": "een adres (straat en huisnummer)",
    "birthdate": "een geboortedatum",
    "name": "een naam",
    "document_number": "een nummer van een paspoort, ID-kaart of rijbewijs",
    "license_plate": "een kenteken",
}

# Internal span types: text that is known NOT to be personal data. They win over weaker findings that
# overlap them and are never reported.
_SERVICE_PHONE: Final = "_service_phone"
_RECENT_DATE: Final = "_date"
_ORG_ADDRESS: Final = "_org_address"
_NOT_A_NAME: Final = "_not_name"

# Lower rank wins an overlap. Checksummed and very specific patterns first, heuristics last.
_RANK: Final[dict[str, int]] = {
    "email": 0,
    "iban": 1,
    "bsn": 2,
    "birthdate": 3,
    _RECENT_DATE: 3,
    "phone": 4,
    _SERVICE_PHONE: 4,
    "document_number": 5,
    "license_plate": 6,
    _ORG_ADDRESS: 7,
    "postcode": 8,
    "address": 9,
    _NOT_A_NAME: 10,
    "name": 11,
}

_DATA_DIR: Final = Path(__file__).resolve().parent / "data"


def _words(spaced: str) -> frozenset[str]:
    """Word lists below are written as one spaced string: easier to read and review than a literal."""
    return frozenset(spaced.split())


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its type and its ``text[start:end]`` span (Python str offsets)."""

    type: str
    start: int
    end: int


# --------------------------------------------------------------------------------------------------
# Public API


def scan(text: str) -> list[Finding]:
    """Return the personal data found in ``text``, sorted by start offset."""
    candidates: list[Finding] = []
    for detector in _DETECTORS:
        candidates.extend(detector(text))
    kept = _resolve_overlaps(candidates)
    return sorted((f for f in kept if not f.type.startswith("_")), key=lambda f: (f.start, f.end, f.type))


def contains_personal_data(text: str) -> bool:
    return bool(scan(text))


def describe_findings(findings: Iterable[Finding]) -> list[str]:
    """Dutch plain-language label per type found, once each, in order of first appearance."""
    labels: list[str] = []
    for finding in findings:
        label = _LABELS.get(finding.type)
        if label is not None and label not in labels:
            labels.append(label)
    return labels


def refusal_message(findings: Iterable[Finding]) -> str:
    """The Dutch error text for a refused remark, e.g. "... We zagen een naam en een telefoonnummer."."""
    labels = describe_findings(findings)
    if not labels:
        return ""
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]
    return (
        "De opmerking lijkt persoonsgegevens te bevatten. Registratie is anoniem: haal die gegevens "
        f"weg. We zagen {listed}."
    )


def marked_segments(text: str, findings: Iterable[Finding]) -> list[tuple[str, str | None]]:
    """Split ``text`` into (piece, type-or-None) so a template can wrap findings in ``<mark>``."""
    segments: list[tuple[str, str | None]] = []
    position = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:  # overlapping input: the earlier mark already covers it
            continue
        if finding.start > position:
            segments.append((text[position : finding.start], None))
        segments.append((text[finding.start : finding.end], finding.type))
        position = finding.end
    if position < len(text):
        segments.append((text[position:], None))
    return segments


def pii_scan_lines(lines: Iterable[str]) -> Iterator[str]:
    """Yield one contract JSON line per input line (``baken pii-scan``)."""
    for line in lines:
        text = _strip_newline(line)
        findings = [{"type": f.type, "start": f.start, "end": f.end} for f in scan(text)]
        line_out = json.dumps({"text": text, "findings": findings}, ensure_ascii=False)
        # JSON leaves these unescaped, but str.splitlines() and some line readers break on them; the
        # escaped form decodes to the same text, so every object stays on one line for every reader.
        yield line_out.translate(_LINE_BREAK_ESCAPES)


def run_pii_scan(stdin: BinaryIO, stdout: BinaryIO) -> int:
    """Byte-level driver for the CLI: UTF-8 in and out whatever the locale, one flushed line per line.

    Reading bytes and splitting on b"\\n" only keeps a U+2028 or a lone CR inside a line, where a
    text-mode reader would split it and shift the offsets.
    """
    texts = (raw.decode("utf-8", errors="replace") for raw in stdin)
    for out in pii_scan_lines(texts):
        stdout.write(out.encode("utf-8") + b"\n")
        stdout.flush()
    return 0


_LINE_BREAK_ESCAPES: Final = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _strip_newline(line: str) -> str:
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith("\n"):
        return line[:-1]
    return line


# --------------------------------------------------------------------------------------------------
# Overlap resolution


def _resolve_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Merge overlapping spans of one type, then keep the best-ranked span wherever types overlap."""
    merged = _merge_same_type(candidates)
    ordered = sorted(merged, key=lambda f: (_RANK[f.type], f.start, -(f.end - f.start)))
    starts: list[int] = []
    kept: list[Finding] = []  # non-overlapping, sorted by start (and therefore by end)
    for cand in ordered:
        index = bisect.bisect_left(starts, cand.end)
        if index > 0 and kept[index - 1].end > cand.start:
            continue
        starts.insert(index, cand.start)
        kept.insert(index, cand)
    return kept


def _merge_same_type(candidates: list[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for cand in sorted(candidates, key=lambda f: (f.type, f.start, f.end)):
        last = merged[-1] if merged else None
        if last is not None and last.type == cand.type and cand.start < last.end:
            merged[-1] = Finding(last.type, last.start, max(last.end, cand.end))
        else:
            merged.append(cand)
    return merged


def _context(text: str, start: int, end: int, before: int, after: int = 0) -> str:
    return text[max(0, start - before) : end + after]


# --------------------------------------------------------------------------------------------------
# E-mail

_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]{1,64}(?:@|\[at\]|\(at\))[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}(?![\w-])"
)
# Organisation mailboxes are not a visitor's personal data; keeping them out keeps referrals writable.
_ROLE_MAILBOXES: Final = _words(
    "info contact post postbus servicedesk service klantenservice helpdesk support noreply no-reply "
    "vragen balie secretariaat administratie receptie team hallo webmaster privacy fg ido bibliotheek "
    "gemeente loket"
)


def _find_emails(text: str) -> Iterator[Finding]:
    if "@" not in text and "(at)" not in text and "[at]" not in text:
        return
    for match in _EMAIL.finditer(text):
        value = match.group().rstrip(".")
        local, _, domain = re.split(r"(@|\[at\]|\(at\))", value, maxsplit=1)
        tld = domain.rsplit(".", 1)[-1]
        if not tld.isalpha() or len(tld) < 2 or local.lower() in _ROLE_MAILBOXES:
            continue
        yield Finding("email", match.start(), match.start() + len(value))


# --------------------------------------------------------------------------------------------------
# IBAN

_IBAN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}")


def _find_ibans(text: str) -> Iterator[Finding]:
    for match in _IBAN_CANDIDATE.finditer(text):
        found = _longest_valid_iban(text, match.start(), match.end())
        if found is not None:
            yield Finding("iban", match.start(), found)


def _longest_valid_iban(text: str, start: int, end: int) -> int | None:
    """The candidate may run into the next word ("NL91ABNA... ING"); try shorter ends that stop at a
    word boundary, longest first, and accept the first one that passes mod-97."""
    for stop in range(end, start + 14, -1):
        if not text[stop - 1].isalnum() or (stop < len(text) and text[stop].isalnum()):
            continue
        if _is_valid_iban(text[start:stop]):
            return stop
    return None


def _is_valid_iban(candidate: str) -> bool:
    """Mod-97 and the country's IBAN length and layout; not the national bank-code registries, which
    lag behind real accounts (a valid Belgian IBAN of a smaller bank would otherwise slip through)."""
    try:
        stdnum_iban.validate(candidate, check_country=False)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------------------------------
# BSN

_BSN = re.compile(
    r"(?<![\w.,-])(?:\d{4}\.\d{2}\.\d{3}|\d{4} \d{2} \d{3}|\d{3}(?P<sep>[ .-]?)\d{3}(?P=sep)\d{3})"
    r"(?![\w-]|[.,]\d)"
)
_OTHER_NUMBER_LABEL = re.compile(
    r"(?:order|factuur|artikel|bestel|polis|klant|lid|pas|abonnee|zending|track)(?:nummer|nr)\.?\s*:?\s*$",
    re.IGNORECASE,
)


def _find_bsns(text: str) -> Iterator[Finding]:
    for match in _BSN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) != 9 or not stdnum_bsn.is_valid(digits):
            continue
        before = _context(text, match.start(), match.start(), before=30)
        if _OTHER_NUMBER_LABEL.search(before) or before.rstrip().endswith(("€", "EUR")):
            continue
        yield Finding("bsn", match.start(), match.end())


# --------------------------------------------------------------------------------------------------
# Phone numbers

_PHONE_SEP = r"(?:[ ]?[-./][ ]?|[ ])?"
_NL_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?P<prefix>(?:\+|00)[ ]?31[ ]?(?:\(0\)[ ]?)?[-]?|\(0|0)"
    r"(?P<rest>\d(?:" + _PHONE_SEP + r"\)?" + _PHONE_SEP + r"\d){8})"
    r"(?![\d]|[.,-]\d)"
)
_FOREIGN_PHONE = re.compile(r"(?<![\w+])\+(?!31)[1-9]\d{0,2}(?:[ -]?\d){7,13}(?![\d]|[.,-]\d)")
# 0800 free, 0900/0906/0909 paid, 088 organisation-wide "bedrijfsnummers": organisations, not people.
_SERVICE_PREFIXES: Final = ("0800", "0900", "0906", "0909", "088")


def _find_phones(text: str) -> Iterator[Finding]:
    for match in _NL_PHONE.finditer(text):
        national = "0" + re.sub(r"\D", "", match.group("rest"))
        if national.startswith(_SERVICE_PREFIXES):
            yield Finding(_SERVICE_PHONE, match.start(), match.end())
        elif _is_personal_nl_number(national):
            yield Finding("phone", match.start(), match.end())
    for match in _FOREIGN_PHONE.finditer(text):
        yield Finding("phone", match.start(), match.end())


def _is_personal_nl_number(national: str) -> bool:
    """Geographic (01-05, 07), mobile (06) and the personal/VoIP ranges (082, 084, 085, 087, 091)."""
    if len(national) != 10:
        return False
    return national[1] in "1234567" or national[:3] in ("082", "084", "085", "087", "091")


# --------------------------------------------------------------------------------------------------
# Dates

_MONTHS: Final[dict[str, int]] = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH_ALTERNATION = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUMERIC_DATE = re.compile(
    r"(?<![\w/.-])(?P<d>[0-3]?\d)(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)(?P<y>\d{4}|\d{2})(?![\w/]|[-.]\d)"
)
_ISO_DATE = re.compile(r"(?<![\w/.-])(?P<y>(?:19|20)\d{2})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\w]|[-./]\d)")
_TEXT_DATE = re.compile(
    r"(?<![\w])(?P<d>[0-3]?\d)(?:e|ste|de)?[ ]?-?[ ]?(?P<mon>" + _MONTH_ALTERNATION + r")\.?(?![^\W\d_])"
    r"[ ]?-?[ ]?(?P<y>\d{4}|'?\d{2})(?!\d)",
    re.IGNORECASE,
)
_BIRTH_WORDS = re.compile(
    r"\bgeb(?:oren|oorte|\.|\s?dat|\.?\s?datum)|\bverjaardag|\bjarig|\bleeftijd", re.IGNORECASE
)
# A dated remark about a person that far back is almost always a birth date; a letter or appointment
# date is recent. Fifteen years keeps teenagers' birth dates in and this year's deadlines out.
_BIRTH_YEAR_CUTOFF: Final = date.today().year - 15


def _find_dates(text: str) -> Iterator[Finding]:
    for pattern in (_NUMERIC_DATE, _ISO_DATE, _TEXT_DATE):
        for match in pattern.finditer(text):
            year = _parse_date(match)
            if year is None:
                continue
            window = _context(text, match.start(), match.end(), before=35, after=30)
            is_birth = year <= _BIRTH_YEAR_CUTOFF or bool(_BIRTH_WORDS.search(window))
            yield Finding("birthdate" if is_birth else _RECENT_DATE, match.start(), match.end())


def _parse_date(match: re.Match[str]) -> int | None:
    """Return the four-digit year when the match is a real calendar date, else None."""
    groups = match.groupdict()
    month = _MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    raw_year = groups["y"].lstrip("'")
    year = int(raw_year)
    if len(raw_year) == 2:
        century = 2000 if year <= date.today().year % 100 else 1900
        year += century
    if not 1900 <= year <= date.today().year + 5:
        return None
    try:
        date(year, month, int(groups["d"]))
    except ValueError:
        return None
    return year


# --------------------------------------------------------------------------------------------------
# Postcode and organisation addresses

_HOUSE_NUMBER = (
    r"[1-9]\d{0,4}(?:[ ]?-?[a-zA-Z](?![^\W\d_])|[-/]\d{1,4}|[ ]?-?[ ]?(?:hs|bis|I{1,3})(?![^\W\d_]))?"
)
_POSTCODE = re.compile(
    r"(?<![\w-])[1-9]\d{3}(?:[ ]?(?!SA|SD|SS)[A-Z]{2}|[a-z]{2})(?![\w-])"
    r"(?:[ ]{1,2}(?:nr\.?[ ]?)?" + _HOUSE_NUMBER + r"(?![\w,.]\d|[\d]))?"
)
_POSTCODE_LOWER = re.compile(r"(?<![\w-])[1-9]\d{3}[ ]?[a-zA-Z]{2}(?![\w-])")
_POSTCODE_WORD = re.compile(r"\b(?:postcode|pc)\b", re.IGNORECASE)
_ORG_POSTAL = re.compile(
    r"\b(?:postbus|antwoordnummer)[ ]?\d{1,6},?[ ]{0,2}[1-9]\d{3}[ ]?[A-Z]{2}\b", re.IGNORECASE
)


def _find_postcodes(text: str) -> Iterator[Finding]:
    for match in _ORG_POSTAL.finditer(text):
        yield Finding(_ORG_ADDRESS, match.start(), match.end())
    for match in _POSTCODE.finditer(text):
        yield Finding("postcode", match.start(), match.end())
    # "postcode 1234 ab": with the word in front, lower-case letters with a space are safe to accept.
    for word in _POSTCODE_WORD.finditer(text):
        start = word.end() + (1 if text[word.end() : word.end() + 1] == " " else 0)
        lower = _POSTCODE_LOWER.match(text, start)
        if lower:
            yield Finding("postcode", lower.start(), lower.end())


# --------------------------------------------------------------------------------------------------
# Street addresses

# Longest first, so "Kerkstraatweg" is read as -straatweg, not -weg.
_STREET_SUFFIXES: Final = tuple(
    sorted(
        _words(
            "straatweg straat weg laan plein gracht kade singel dijk hof pad steeg markt dreef park "
            "plantsoen burgwal wal haven baan boulevard allee hoven gaarde brink"
        ),
        key=len,
        reverse=True,
    )
)
# Suffixes that are clearly a street even when typed in lower case ("kerkstraat 8").
_DISTINCTIVE_SUFFIXES: Final = _words(
    "straatweg straat laan plein gracht kade singel steeg dreef plantsoen burgwal boulevard"
)
_NOT_STREETS: Final = _words(
    "onderweg snelweg zijweg omweg uitweg arbeidsmarkt woningmarkt huizenmarkt loopbaan gerechtshof "
    "hof park markt weg pad baan wal dijk haven"
)
_STREET_PREFIX_WORDS: Final = _words(
    "burgemeester prins prinses koning koningin graaf gravin hertog generaal admiraal dokter dr. "
    "professor prof. pastoor pater sint st. kapitein oude nieuwe grote kleine lange korte hoge lage "
    "achter voor binnen buiten noord zuid oost west van de der den het 't ten ter"
)
_STREET_ADJECTIVES = "Oude|Nieuwe|Grote|Kleine|Lange|Korte|Hoge|Lage|Achter|Brede|Smalle|Binnen|Buiten"
_STREET_WORDS = "Laan|Plein|Kade|Singel|Gracht|Dijk|Weg|Straat|Hof|Park|Markt|Wal|Haven|Dreef|Steeg|Brink"
_NUMBER_TAIL = (
    r"(?![\w]|[,.:]\d|[ ]?(?:%|€|euro|uur|keer|jaar|dagen|weken|maanden|minuten|procent|personen)\b)"
)
_SUFFIX_STREET = re.compile(
    r"(?<![\w-])(?P<street>[^\W\d_]{2,40}(?:-[^\W\d_]{1,40}){0,3})[ ](?:nr\.?[ ]?)?"
    r"(?P<nr>" + _HOUSE_NUMBER + r")" + _NUMBER_TAIL
)
_LAAN_VAN = re.compile(
    r"(?<![\w-])(?:" + _STREET_WORDS + r")[ ](?:(?:van|de|der|den|het|'t|te|ter|ten|op|aan|in|bij|naar|"
    r"achter|over|voor)[ ]){1,3}[A-Z][\w'-]{1,40}(?:[ ][A-Z][\w'-]{1,40})?[ ](?:"
    + _HOUSE_NUMBER
    + r")"
    + _NUMBER_TAIL
)
_ADJECTIVE_STREET = re.compile(
    r"(?<![\w-])(?:"
    + _STREET_ADJECTIVES
    + r")[ ][A-Z][a-z]{2,40}[ ](?P<nr>"
    + _HOUSE_NUMBER
    + r")"
    + _NUMBER_TAIL
)


def _find_addresses(text: str) -> Iterator[Finding]:
    for match in _SUFFIX_STREET.finditer(text):
        street = match.group("street")
        if _is_street_name(street):
            yield Finding("address", _extend_street_start(text, match.start()), match.end())
    for match in _LAAN_VAN.finditer(text):
        yield Finding("address", match.start(), match.end())
    for match in _ADJECTIVE_STREET.finditer(text):
        number = int(re.sub(r"\D.*", "", match.group("nr")))
        if not 1900 <= number <= 2099:  # "Nieuwe Regels 2025" is a year, not a house number
            yield Finding("address", match.start(), match.end())


def _is_street_name(word: str) -> bool:
    lower = word.lower()
    if lower in _NOT_STREETS:
        return False
    suffix = next((s for s in _STREET_SUFFIXES if lower.endswith(s) and len(lower) >= len(s) + 3), None)
    if suffix is None:
        return False
    return word[0].isupper() or suffix in _DISTINCTIVE_SUFFIXES


def _extend_street_start(text: str, start: int) -> int:
    """Include the leading words of a street name ("Prinses Beatrixlaan", "Van Nijenrodeweg")."""
    for _ in range(3):
        match = re.search(r"([^\W\d_][\w.']*)[ ]$", text[max(0, start - 30) : start])
        if not match:
            break
        word = match.group(1)
        if word.lower() not in _STREET_PREFIX_WORDS and word not in _first_names():
            break
        start = start - len(match.group(0))
    return start


# --------------------------------------------------------------------------------------------------
# Document numbers and licence plates

_DOC_STRICT = re.compile(r"(?<![A-Za-z0-9])[A-NP-Z]{2}(?P<mid>[A-NP-Z0-9]{6})[0-9](?![A-Za-z0-9])")
_DOC_LOOSE = re.compile(r"(?<![A-Za-z0-9])[A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9](?![A-Za-z0-9])", re.IGNORECASE)
_DRIVING_LICENCE = re.compile(r"(?<![\w.,-])[1-9]\d{9}(?![\w]|[.,-]\d)")
_DOC_WORDS = re.compile(
    r"paspoort|id[- ]?kaart|identiteitskaart|identiteitsbewijs|rijbewijs|documentn(?:umme)?r|"
    r"verblijfsdocument|verblijfsvergunning|vreemdelingendocument|verblijfspas",
    re.IGNORECASE,
)


def _find_document_numbers(text: str) -> Iterator[Finding]:
    for match in _DOC_STRICT.finditer(text):
        mid = match.group("mid")
        # A random-looking mix in the middle: rules out codes such as "ABCDEFGH1" without a keyword.
        if any(c.isdigit() for c in mid) and any(c.isalpha() for c in mid):
            yield Finding("document_number", match.start(), match.end())
    if not _DOC_WORDS.search(text):
        return
    for pattern in (_DOC_LOOSE, _DRIVING_LICENCE):
        for match in pattern.finditer(text):
            window = _context(text, match.start(), match.end(), before=45, after=45)
            digits = sum(c.isdigit() for c in match.group())
            if _DOC_WORDS.search(window) and digits >= 2:
                yield Finding("document_number", match.start(), match.end())


_SIDECODES: Final = sorted(
    _words(
        "LL-DD-DD DD-DD-LL DD-LL-DD LL-DD-LL LL-LL-DD DD-LL-LL DD-LLL-D D-LLL-DD LL-DDD-L L-DDD-LL "
        "LLL-DD-L L-DD-LLL D-LL-DDD DDD-LL-D"
    )
)


def _sidecode_regex(separator: str) -> str:
    def group(part: str) -> str:
        kind = "[A-Z]" if part[0] == "L" else r"\d"
        return f"{kind}{{{len(part)}}}"

    codes = (separator.join(group(p) for p in code.split("-")) for code in _SIDECODES)
    return r"(?<![\w-])(?:" + "|".join(codes) + r")(?![\w-])"


_PLATE = re.compile(_sidecode_regex("-"))
_PLATE_NEAR_WORD = re.compile(_sidecode_regex("-?"), re.IGNORECASE)
_PLATE_WORD = re.compile(r"kenteken|nummerbord", re.IGNORECASE)


def _find_license_plates(text: str) -> Iterator[Finding]:
    for match in _PLATE.finditer(text):
        yield Finding("license_plate", match.start(), match.end())
    if not _PLATE_WORD.search(text):
        return
    for match in _PLATE_NEAR_WORD.finditer(text):
        window = _context(text, match.start(), match.end(), before=30, after=30)
        if _PLATE_WORD.search(window):
            yield Finding("license_plate", match.start(), match.end())


# --------------------------------------------------------------------------------------------------
# Names


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str


_WORD = re.compile(r"['’][st](?![^\W\d_])|[^\W\d_]{1,60}(?:['’][^\W\d_]{1,60}){0,2}")
_TITLES: Final = _words("meneer mevrouw mevr mw mvr dhr heer mr mej juffrouw fam familie dr dokter wijlen")
_LABEL_WORDS: Final = _words("naam genaamd heet heette namens achternaam voornaam")
# After these words a capital letter with a full stop is a list item ("Optie B."), not an initial.
_NOT_INITIAL_AFTER: Final = _words(
    "stap optie bijlage punt vraag deel blok vak box type groep fase niveau plan vitamine route lijn "
    "bus formulier model hoofdstuk categorie klasse"
)
_ABBREVIATIONS: Final = _words("NB PS BV NV VOF EO BW AUB SVP CV OK")
# Prepositions that are particles only inside a longer phrase ("in 't Veld", "op de Beek").
_BARE_PREPOSITIONS: Final = _words("in op aan bij uit voor ver al")
_NOT_FIRST_NAME_AFTER: Final = _words("sint st prins prinses koning koningin keizer paus heilige")
# Particles that on their own, without a first name or title, may introduce a surname.
_SURNAME_PARTICLES: Final = frozenset(
    ("van", "van de", "van der", "van den", "van het", "van 't", "de", "der", "den", "ter", "ten", "te", "'t")
)
# First names that are also ordinary Dutch (or English) words; they need stronger evidence.
_AMBIGUOUS_FIRST_NAMES: Final = _words(
    "mark roos wil ben bo noor fleur sterre jet floor lot kick job puck mees lies bas max kim jay joy liv "
    "lou rose sam kay sil vera iris ward lode pol toon rob roel nand flor miel mare linde merel maud fem "
    "stan stef roy ken kris dirk gust jo an el ans els leen lien tine nele lore flore nick rick tim tom "
    "kai lieve leo dani demi sep seth mart nova vince pim pien tess teun luc ivo loes lieke frank hoop "
    "storm zon ster dean amber rosa jade june may will bill"
)
# Surnames that are also ordinary Dutch words: "de Koning", "De Bakker" may be article + noun.
_AMBIGUOUS_SURNAMES: Final = _words(
    "bakker visser bos dijk smit koning kok mulder schipper boer groot jong wit berg veen meer brink hoek "
    "heuvel water wal laan pol plas vos mol haan beer bruin zwart klein lange hout wolf kuiper koster "
    "molenaar dekker boon put voet roos mees winter smet leeuw wilde meester greef haag bosch ridder "
    "moor graaf weerd jonge beek horst linden steen ven loo wijk velde veld"
)


@cache
def _read_list(name: str) -> frozenset[str]:
    lines = (_DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _first_names() -> frozenset[str]:
    return _read_list("first_names.txt")


@cache
def _surnames_lower() -> frozenset[str]:
    return frozenset(name.lower() for name in _read_list("last_names.txt"))


@cache
def _particles() -> frozenset[str]:
    return frozenset(p.lower() for p in _read_list("tussenvoegsels.txt"))


@cache
def _particle_words() -> frozenset[str]:
    return frozenset(word for particle in _particles() for word in particle.split())


@cache
def _not_name_words() -> frozenset[str]:
    return frozenset(entry.lower() for entry in _read_list("not_names.txt") if " " not in entry)


@cache
def _not_name_phrases() -> re.Pattern[str]:
    phrases = sorted((e for e in _read_list("not_names.txt") if " " in e), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE)


@cache
def _common_words() -> frozenset[str]:
    return frozenset(entry.lower() for entry in _read_list("common_words.txt"))


def _is_capitalised(word: str) -> bool:
    """Proper-name casing: "Jansen", "D'Hondt", "Öztürk"; not "UWV", "DigiD" or "de"."""
    if len(word) < 2 or not word[0].isupper():
        return False
    inner = re.sub(r"['’]\w", "", word[1:])  # a capital right after an apostrophe is fine
    return not any(c.isupper() for c in inner)


class _NameScanner:
    """Walks the words of one text and reports name spans using the rules in the module docstring."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = [_Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]

    # -- word predicates

    def joined(self, index: int) -> bool:
        """Is word ``index`` part of the same name as the word before it (space or hyphen between)?"""
        if index <= 0 or index >= len(self.words):
            return False
        gap = self.text[self.words[index - 1].end : self.words[index].start]
        return gap in (" ", "-", " - ", "\u00a0")

    def is_initial(self, index: int) -> bool:
        word = self.words[index]
        following = self.text[word.end : word.end + 1]
        return len(word.text) == 1 and word.text.isupper() and following == "."

    def is_particle(self, index: int) -> bool:
        return self.words[index].text.lower().replace("’", "'") in _particle_words()

    def particle_end(self, index: int) -> int:
        """Index after the longest particle phrase ("van der", "in 't") starting at ``index``."""
        best = index
        for length in (1, 2, 3):
            stop = index + length
            if stop > len(self.words) or any(not self.joined(i) for i in range(index + 1, stop)):
                break
            phrase = " ".join(w.text.lower().replace("’", "'") for w in self.words[index:stop])
            if phrase in _particles() and phrase not in _BARE_PREPOSITIONS:
                best = stop
        return best

    def is_name_part(self, index: int, *, after_title: bool = False) -> bool:
        word = self.words[index].text
        lower = word.lower()
        if not _is_capitalised(word) or lower in _not_name_words() or self.is_particle(index):
            return False
        if not after_title and lower in _common_words():
            return False
        return not any(lower.endswith(s) and len(lower) > len(s) + 2 for s in _STREET_SUFFIXES)

    def joined_initial(self, index: int) -> bool:
        gap = self.text[self.words[index - 1].end : self.words[index].start]
        return gap in (".", ". ")

    # -- parsing

    def parse_body(self, index: int, *, after_title: bool = False) -> tuple[int, int, bool] | None:
        """Parse "[initials] [particles] Surname [(space|-) [particles] Surname]..." from ``index``.

        Returns (first word index, last word index, whether a known surname was seen) or None.
        """
        words = self.words
        first = index
        while (
            index < len(words) and self.is_initial(index) and (index == first or self.joined_initial(index))
        ):
            index += 1
        if index > first and (index >= len(words) or not self.joined_initial(index)):
            return None
        last: int | None = None
        known = False
        while index < len(words) and (last is None or last - first < 6):
            if last is not None and not self.joined(index):
                break
            part = self.particle_end(index)
            if part >= len(words) or (part > index and not self.joined(part)):
                break
            if not self.is_name_part(part, after_title=after_title and last is None):
                break
            known = known or words[part].text.lower() in _surnames_lower()
            last = part
            index = part + 1
        if last is None:
            return None
        return first, last, known

    def span(self, first: int, last: int) -> Finding:
        return Finding("name", self.words[first].start, self.words[last].end)

    # -- rules

    def find(self) -> Iterator[Finding]:
        for index in range(len(self.words)):
            yield from self.after_title(index)
            yield from self.after_initials(index)
            yield from self.after_first_name(index)
            yield from self.particle_surname(index)
            yield from self.lone_first_name(index)

    def after_title(self, index: int) -> Iterator[Finding]:
        lower = self.words[index].text.lower()
        if lower == "heer" and not (index > 0 and self.words[index - 1].text.lower() == "de"):
            return
        if lower not in _TITLES and lower not in _LABEL_WORDS:
            return
        nxt = index + 1
        if nxt >= len(self.words):
            return
        gap = self.text[self.words[index].end : self.words[nxt].start]
        if gap.strip() not in ("", ".", ":", ".:") or len(gap) > 3:
            return
        body = self.parse_body(nxt, after_title=lower in _TITLES)
        if body is not None:
            yield self.span(body[0], body[1])

    def after_initials(self, index: int) -> Iterator[Finding]:
        if not self.is_initial(index) or (
            index > 0 and self.is_initial(index - 1) and self.joined_initial(index)
        ):
            return
        if index > 0 and self.words[index - 1].text.lower() in _NOT_INITIAL_AFTER:
            return
        letters, probe = "", index
        while (
            probe < len(self.words)
            and self.is_initial(probe)
            and (probe == index or self.joined_initial(probe))
        ):
            letters += self.words[probe].text
            probe += 1
        if letters in _ABBREVIATIONS or probe >= len(self.words):
            return
        body = self.parse_body(index)
        if body is not None and body[1] >= probe:
            yield self.span(body[0], body[1])

    def after_first_name(self, index: int) -> Iterator[Finding]:
        word = self.words[index].text
        lower = word.lower()
        if not _is_capitalised(word) or lower in _not_name_words() or lower in _TITLES | _LABEL_WORDS:
            return
        is_first_name = word in _first_names()
        if not is_first_name and word.lower() in _common_words():
            return
        nxt = index + 1
        if nxt >= len(self.words) or not self.joined(nxt):
            return
        body = self.parse_body(nxt)
        if body is None:
            return
        _, last, known = body
        has_particle = any(self.is_particle(i) for i in range(nxt, last))
        if is_first_name:
            if self.is_ambiguous_first_name(index) and not (known or has_particle):
                return
        else:
            # An unknown capitalised word counts only before a known surname that is not a Dutch word.
            surname = self.words[last].text.lower()
            if last != nxt or surname not in _surnames_lower() or surname in _AMBIGUOUS_SURNAMES:
                return
            if word.lower() in _particle_words():
                return
        yield self.span(index, last)

    def particle_surname(self, index: int) -> Iterator[Finding]:
        if index > 0 and self.joined(index) and self.is_particle(index - 1):
            return  # the middle of a longer particle ("van der"): handled from its first word
        probe = self.particle_end(index)
        if probe == index or probe >= len(self.words) or not self.joined(probe):
            return
        particle = " ".join(w.text.lower().replace("’", "'") for w in self.words[index:probe])
        surname = self.words[probe].text.lower()
        if particle not in _SURNAME_PARTICLES or not self.is_name_part(probe):
            return
        if surname not in _surnames_lower():
            return
        if particle in ("de", "het", "'t") and surname in _AMBIGUOUS_SURNAMES:
            return
        yield self.span(index, probe)

    def lone_first_name(self, index: int) -> Iterator[Finding]:
        """A known first name that is not also an ordinary word ("samen met Jeroen", "Anna heeft ...").
        Saints and royals ("Sint Maarten", "Prins Willem") and institutions named after someone
        ("Juliana Kinderziekenhuis") are left alone."""
        word = self.words[index].text
        if word not in _first_names() or self.is_ambiguous_first_name(index):
            return
        if word.lower() in _not_name_words():
            return
        if index > 0 and self.words[index - 1].text.lower() in _NOT_FIRST_NAME_AFTER:
            return
        nxt = index + 1
        if nxt < len(self.words) and self.joined(nxt) and self.words[nxt].text.lower() in _not_name_words():
            return
        yield self.span(index, index)

    def is_ambiguous_first_name(self, index: int) -> bool:
        word = self.words[index]
        lower = word.text.lower()
        if lower in _MONTHS:  # "Jan" is a name, unless it is January in a date ("15 jan. 1948")
            before = self.text[max(0, word.start - 4) : word.start]
            after = self.text[word.end : word.end + 4]
            return bool(re.search(r"\d\s*$", before) or re.match(r"\.?\s*'?\d", after))
        return lower in _AMBIGUOUS_FIRST_NAMES


def _find_names(text: str) -> Iterator[Finding]:
    for match in _not_name_phrases().finditer(text):
        yield Finding(_NOT_A_NAME, match.start(), match.end())
    yield from _NameScanner(text).find()


_DETECTORS: Final[tuple[Callable[[str], Iterable[Finding]], ...]] = (
    _find_emails,
    _find_ibans,
    _find_bsns,
    _find_phones,
    _find_dates,
    _find_postcodes,
    _find_addresses,
    _find_document_numbers,
    _find_license_plates,
    _find_names,
)
