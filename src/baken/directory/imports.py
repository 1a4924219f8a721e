"""Import of the sociaal-educatieve kaart from CSV or XLSX: one row per service (issue 4).

Three steps, each its own function so the view stays thin and the tests can drive them directly:

1. ``read_table`` reads the upload (CSV in UTF-8 or Windows-1252, or the first sheet of an XLSX) into rows of
   text. Anything it cannot read safely is an ``ImportFileError`` with a Dutch message; never an exception
   the visitor sees.
2. ``plan_import`` checks every row (per field, Dutch messages) and compares it with what the library already
   has: each row is "nieuw", "wijzigt", "ongewijzigd" or "fout". Nothing is written.
3. ``apply_import`` writes the good rows in one transaction. If anything fails half-way, nothing is kept.

A row only ever touches the importing library's own rows: a partner kept by another library (shared with
this one) is an error on that row, not a change to theirs. Rows are matched on organisation name + service
name (case-insensitive) within the own library, so importing the same file twice changes nothing the second
time. Services that are not in the file are left alone.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baken.core.models import Branch, Gemeente, Library, User
from baken.core.taxonomy import TargetGroup, Topic

from .models import (
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKind,
    ServiceStatus,
    ServiceTerm,
    service_terms,
)
from .search import deferred_reindex
from .services import set_service_terms

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_CELL = 2000
MAX_UNZIPPED = 40 * 1024 * 1024  # an XLSX of 2 MB that unpacks to more is a zip bomb, not a kaart


@dataclass(frozen=True)
class Column:
    key: str
    help: str | Promise
    example: str = ""
    required: bool = False


# The header row of an import file (and of the CSV export, so an export can be edited and imported again).
COLUMNS: tuple[Column, ...] = (
    Column("organisatie", _("Name of the partner organisation."), "Welzijn Zeestad", required=True),
    Column("organisatie_omschrijving", _("What the organisation does (used for a new organisation)."), ""),
    Column("organisatie_website", _("Website of the organisation."), "https://www.welzijn-zeestad.nl/"),
    Column("dienst", _("Name of the service or course."), "Formulierenbrigade", required=True),
    Column("soort", _("hulp (help) or cursus (course). Empty: hulp."), "hulp"),
    Column("status", _("actief, tijdelijk gesloten, inactief or gestopt. Empty: actief."), "actief"),
    Column(
        "omschrijving",
        _("What they help with, in plain words."),
        "Hulp bij formulieren en brieven.",
        required=True,
    ),
    Column("onderwerpen", _("National topic codes, separated by ;"), "toeslagen;belastingaangifte"),
    Column("doelgroepen", _("Target group codes, separated by ;"), "65plus;laaggeletterd"),
    Column("talen", _("Language codes (ISO 639-1), separated by ;"), "nl;ar"),
    Column(
        "gemeenten",
        _("For residents of these municipalities: slug or CBS code, separated by ;. Empty: everyone."),
        "zeestad",
    ),
    Column("telefoon", _("Phone number for referrals and appointments."), "0223 123 456"),
    Column("belscript", _("What the desk says on the phone (only for staff)."), ""),
    Column(
        "email_doorverwijzing",
        _("E-mail address for warm referrals (only for staff)."),
        "intake@welzijn-zeestad.nl",
    ),
    Column("afspraak_url", _("Web address of the appointment system."), ""),
    Column("website", _("Web page of the service."), ""),
    Column("binnenlopen", _("ja or nee: can people walk in without an appointment?"), "ja"),
    Column("vestiging", _("Slug of your library branch, when the service is held in the library."), ""),
    Column("locatienaam", _("Name of the place."), "Buurthuis De Kaap"),
    Column("adres", _("Street and number."), "Kaapstraat 14"),
    Column("postcode", _("Postcode, for example 1234 AB."), "9901 CD"),
    Column("plaats", _("Place."), "Zeestad"),
    Column(
        "dagen",
        _("Days: ma,di,wo,do,vr,za,zo (or MO,TU,…); 1di is the first Tuesday of the month."),
        "ma,do",
    ),
    Column("van", _("Opens at, for example 09:00."), "09:00"),
    Column("tot", _("Closes at, for example 12:00."), "12:00"),
    Column("kosten", _("What it costs. Empty or gratis: free."), "gratis"),
    Column("wie", _("Who can come."), "Inwoners van Zeestad."),
    Column("aanmelden", _("How to sign up."), "Binnenlopen of bellen."),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
# Columns the CSV export adds for reading; an import skips them, so an export can be imported again.
EXPORT_ONLY_COLUMNS = ("meer_plaatsen_en_tijden", "laatst_gecontroleerd", "bijgehouden_door", "id")
REQUIRED_KEYS = tuple(c.key for c in COLUMNS if c.required)

KIND_WORDS = {"hulp": ServiceKind.HELP, "cursus": ServiceKind.COURSE}
STATUS_WORDS = {
    "actief": ServiceStatus.ACTIVE,
    "active": ServiceStatus.ACTIVE,
    "inactief": ServiceStatus.INACTIVE,
    "inactive": ServiceStatus.INACTIVE,
    "tijdelijk gesloten": ServiceStatus.TEMPORARILY_CLOSED,
    "tijdelijk dicht": ServiceStatus.TEMPORARILY_CLOSED,
    "temporarily closed": ServiceStatus.TEMPORARILY_CLOSED,
    "gestopt": ServiceStatus.DEFUNCT,
    "defunct": ServiceStatus.DEFUNCT,
}
STATUS_EXPORT = {
    ServiceStatus.ACTIVE: "actief",
    ServiceStatus.INACTIVE: "inactief",
    ServiceStatus.TEMPORARILY_CLOSED: "tijdelijk gesloten",
    ServiceStatus.DEFUNCT: "gestopt",
}
YES = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
NO = {"", "nee", "n", "no", "false", "onwaar", "0"}
DAY_WORDS = {
    "ma": "MO",
    "maandag": "MO",
    "mo": "MO",
    "di": "TU",
    "dinsdag": "TU",
    "tu": "TU",
    "wo": "WE",
    "woensdag": "WE",
    "we": "WE",
    "do": "TH",
    "donderdag": "TH",
    "th": "TH",
    "vr": "FR",
    "vrijdag": "FR",
    "fr": "FR",
    "za": "SA",
    "zaterdag": "SA",
    "sa": "SA",
    "zo": "SU",
    "zondag": "SU",
    "su": "SU",
}
FREE_WORDS = {"", "gratis", "geen", "nee", "0", "0,00", "€ 0", "€0", "free"}
_TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})(?::00)?$")
_POSTCODE_RE = re.compile(r"^(\d{4})\s?([A-Za-z]{2})$")
_PHONE_RE = re.compile(r"^[0-9+()\- ]{6,30}$")
_DAY_RE = re.compile(r"^([+-]?[1-5]?)([a-z]+)$")


class ImportFileError(Exception):
    """The file as a whole cannot be read; ``message`` is Dutch (lazy) text for the page."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, cells by column key)
    columns: list[str]


@dataclass
class CleanRow:
    organisatie: str
    organisatie_omschrijving: str
    organisatie_website: str
    dienst: str
    kind: str
    status: str
    description: str
    topics: list[str]
    target_groups: list[str]
    languages: list[str]
    gemeente_ids: list[int]
    referral_phone: str
    referral_phone_script: str
    referral_email: str
    appointment_url: str
    url: str
    walk_in: bool
    branch_id: int | None
    location_name: str
    address_1: str
    postal_code: str
    city: str
    byday: str
    freq: str
    opens_at: time | None
    closes_at: time | None
    fees_description: str
    is_free: bool
    eligibility_description: str
    application_process: str

    @property
    def has_location(self) -> bool:
        return bool(self.branch_id or self.address_1)


@dataclass
class RowResult:
    line: int
    organisatie: str
    dienst: str
    status: str  # "nieuw", "wijzigt", "ongewijzigd" or "fout"
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, Dutch message)
    changes: list[str] = field(default_factory=list)  # columns that change
    data: CleanRow | None = None

    @property
    def ok(self) -> bool:
        return self.status != "fout"


@dataclass
class ImportPlan:
    rows: list[RowResult]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def good(self) -> list[RowResult]:
        return [row for row in self.rows if row.ok]

    @property
    def bad(self) -> list[RowResult]:
        return [row for row in self.rows if not row.ok]

    @property
    def summary(self) -> dict[str, int]:
        return {s: self.count(s) for s in ("nieuw", "wijzigt", "ongewijzigd", "fout")}


# --- 1. reading the file -----------------------------------------------------------------------------


def read_table(*, filename: str, content: bytes) -> Table:
    extension = PurePath(filename or "").suffix.lower()
    if extension not in (".csv", ".xlsx"):
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB. Split it into smaller files."))
    raw = _read_csv(content) if extension == ".csv" else _read_xlsx(content)
    return _to_table(raw)


def _read_csv(content: bytes) -> list[list[str]]:
    if b"\x00" in content:
        raise ImportFileError(
            _("This is not a text file (it contains NUL characters). Save it as 'CSV UTF-8' and try again.")
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(
                _("The characters in this file cannot be read. Save it as 'CSV UTF-8' and try again.")
            ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise ImportFileError(_("The file has more than 5000 rows. Split it into smaller files."))
        return rows
    except csv.Error:
        raise ImportFileError(
            _("The file is not a valid CSV file (a cell is too long or not closed).")
        ) from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError(_("This is not an Excel (.xlsx) file.")) from None
    if unpacked > MAX_UNZIPPED:
        raise ImportFileError(_("This Excel file is too large when unpacked. Split it into smaller files."))
    from openpyxl import load_workbook

    rows: list[list[str]] = []
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
                cells = [_cell_text(v) for v in values]
                while cells and not cells[-1]:
                    cells.pop()
                rows.append(cells)
                if len(rows) > MAX_ROWS + 1:
                    raise ImportFileError(_("The file has more than 5000 rows. Split it into smaller files."))
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds for broken files; all mean "cannot read"
        raise ImportFileError(
            _("This Excel file cannot be read. Save it again as .xlsx and try again.")
        ) from None
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%H:%M") if value.date() == date(1899, 12, 30) else value.date().isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def _header_key(text: str) -> str:
    key = text.strip().lower().replace("(verplicht)", "").replace("*", "").strip()
    return re.sub(r"[\s\-]+", "_", key)


def _to_table(raw: list[list[str]]) -> Table:
    lines = [(number, row) for number, row in enumerate(raw, start=1) if any(cell.strip() for cell in row)]
    if not lines:
        raise ImportFileError(_("The file is empty."))
    _header_line, header = lines[0]
    if len(header) > MAX_COLUMNS:
        raise ImportFileError(_("The file has too many columns. Use the template."))
    keys = [_header_key(cell) for cell in header]
    while keys and not keys[-1]:
        keys.pop()
    unknown = [k or "(leeg)" for k in keys if k not in COLUMN_KEYS and k not in EXPORT_ONLY_COLUMNS]
    if unknown:
        raise ImportFileError(
            gettext("Unknown column(s): %(columns)s. Use the column names of the template.")
            % {"columns": ", ".join(_printable(k)[:40] for k in unknown[:10])}
        )
    doubles = sorted({k for k in keys if keys.count(k) > 1})
    if doubles:
        raise ImportFileError(
            gettext("Column(s) appear twice: %(columns)s.") % {"columns": ", ".join(doubles)}
        )
    missing = [k for k in REQUIRED_KEYS if k not in keys]
    if missing:
        raise ImportFileError(
            gettext("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows = []
    for number, row in lines[1:]:
        if len(row) > len(keys) and any(cell.strip() for cell in row[len(keys) :]):
            cells = {key: row[i] if i < len(row) else "" for i, key in enumerate(keys)}
            cells["__extra__"] = "1"
        else:
            cells = {key: row[i] if i < len(row) else "" for i, key in enumerate(keys)}
        rows.append((number, cells))
    if not rows:
        raise ImportFileError(_("The file has a header row but no services."))
    return Table(rows=rows, columns=keys)


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


# --- 2. checking the rows ----------------------------------------------------------------------------


class _RowChecker:
    def __init__(self, *, library: Library) -> None:
        self.library = library
        self.gemeenten = list(Gemeente.objects.all())
        self.branches = {b.slug: b for b in Branch.objects.filter(library=library)}
        self.errors: list[tuple[str, str]] = []

    def error(self, column: str, message: str | Promise) -> None:
        self.errors.append((column, str(message)))

    def text(self, cells: dict[str, str], key: str, limit: int, *, required: bool = False) -> str:
        value = cells.get(key, "")
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
            value = value[1:]  # the CSV export's guard against formulas
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch not in "\n\t" for ch in value):
            self.error(key, _("Contains invisible control characters. Remove them."))
            return ""
        if value[:1] in ("=", "@") or (
            value[:1] in ("+", "-") and value[1:2] and not value[1:2].isdigit() and value[1:2] != " "
        ):
            self.error(key, _("Starts with =, +, - or @, which looks like a spreadsheet formula. Remove it."))
            return ""
        if len(value) > min(limit, MAX_CELL):
            self.error(
                key, gettext("Too long: at most %(limit)s characters.") % {"limit": min(limit, MAX_CELL)}
            )
            return ""
        if required and not value:
            self.error(key, _("Fill this in."))
        return value

    def codes(self, cells: dict[str, str], key: str, valid: Iterable[str]) -> list[str]:
        value = self.text(cells, key, 500)
        codes = sorted({c.strip().lower() for c in re.split(r"[;,]", value) if c.strip()})
        unknown = [c for c in codes if c not in set(valid)]
        if unknown:
            self.error(
                key,
                gettext("Unknown code(s): %(codes)s.")
                % {"codes": ", ".join(_printable(c)[:30] for c in unknown)},
            )
            return []
        return codes

    def gemeente_ids(self, cells: dict[str, str]) -> list[int]:
        value = self.text(cells, "gemeenten", 1000)
        found: set[int] = set()
        unknown = []
        for part in (p.strip() for p in re.split(r"[;,]", value)):
            if not part:
                continue
            match = next(
                (
                    g
                    for g in self.gemeenten
                    if part.lower() in (g.slug, g.name.lower()) or part.upper() == g.cbs_code
                ),
                None,
            )
            if match is None:
                unknown.append(part)
            else:
                found.add(match.pk)
        if unknown:
            self.error(
                "gemeenten",
                gettext("Unknown municipality: %(names)s. Use the slug or the CBS code (GM0123).")
                % {"names": ", ".join(_printable(u)[:40] for u in unknown[:5])},
            )
        return sorted(found)

    def choice(self, cells: dict[str, str], key: str, words: Mapping[str, str], default: str) -> str:
        value = self.text(cells, key, 50).lower()
        if not value:
            return default
        if value not in words:
            self.error(
                key,
                gettext("Use one of: %(words)s.") % {"words": ", ".join(sorted(set(words) & _dutch(words)))},
            )
            return default
        return words[value]

    def yes_no(self, cells: dict[str, str], key: str) -> bool:
        value = self.text(cells, key, 10).lower()
        if value in YES:
            return True
        if value not in NO:
            self.error(key, _("Use ja or nee."))
        return False

    def email(self, cells: dict[str, str], key: str) -> str:
        value = self.text(cells, key, 254)
        if value:
            try:
                EmailValidator()(value)
            except ValidationError:
                self.error(key, _("This is not a valid e-mail address."))
                return ""
        return value

    def url(self, cells: dict[str, str], key: str) -> str:
        value = self.text(cells, key, 200)
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.error(key, _("This is not a valid web address. Start with https://."))
                return ""
        return value

    def phone(self, cells: dict[str, str]) -> str:
        value = self.text(cells, "telefoon", 30)
        if value and (not _PHONE_RE.match(value) or sum(ch.isdigit() for ch in value) < 6):
            self.error("telefoon", _("This is not a valid phone number."))
            return ""
        return value

    def postcode(self, cells: dict[str, str]) -> str:
        value = self.text(cells, "postcode", 10)
        if not value:
            return ""
        match = _POSTCODE_RE.match(value)
        if not match:
            self.error("postcode", _("Use a Dutch postcode, for example 1234 AB."))
            return ""
        return f"{match.group(1)} {match.group(2).upper()}"

    def clock(self, cells: dict[str, str], key: str) -> time | None:
        value = self.text(cells, key, 10)
        if not value:
            return None
        match = _TIME_RE.match(value)
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return time(int(match.group(1)), int(match.group(2)))
        self.error(key, _("Use a time such as 09:00."))
        return None

    def days(self, cells: dict[str, str]) -> tuple[str, str]:
        value = self.text(cells, "dagen", 60)
        if not value:
            return "", Schedule.Freq.WEEKLY
        codes = []
        for part in (p.strip().lower() for p in re.split(r"[;,\s]+", value)):
            if not part:
                continue
            match = _DAY_RE.match(part)
            day = DAY_WORDS.get(match.group(2)) if match else None
            if match is None or day is None:
                self.error("dagen", _("Use day codes such as ma,wo or 1di (first Tuesday of the month)."))
                return "", Schedule.Freq.WEEKLY
            codes.append(f"{match.group(1)}{day}")
        monthly = [c for c in codes if c[:1] in "+-123456789"]
        if monthly and len(monthly) != len(codes):
            self.error("dagen", _("Do not mix weekly days and days of the month in one row."))
            return "", Schedule.Freq.WEEKLY
        return ",".join(dict.fromkeys(codes)), (Schedule.Freq.MONTHLY if monthly else Schedule.Freq.WEEKLY)


def _dutch(words: Mapping[str, str]) -> set[str]:
    english = {"active", "inactive", "temporarily closed", "defunct"}
    return {w for w in words if w not in english and w != "tijdelijk dicht"}


def check_row(cells: dict[str, str], checker: _RowChecker) -> CleanRow | None:
    checker.errors = []
    if cells.get("__extra__"):
        checker.error("", _("This row has more cells than the header row."))
    organisatie = checker.text(cells, "organisatie", 150, required=True)
    dienst = checker.text(cells, "dienst", 150, required=True)
    branch_slug = checker.text(cells, "vestiging", 50).lower()
    branch = checker.branches.get(branch_slug) if branch_slug else None
    if branch_slug and branch is None:
        checker.error("vestiging", _("Unknown branch of your library. Use the slug of one of your branches."))
    address = checker.text(cells, "adres", 200)
    city = checker.text(cells, "plaats", 100)
    postcode = checker.postcode(cells)
    location_name = checker.text(cells, "locatienaam", 150)
    if not branch and (address or city or postcode or location_name) and not (address and city):
        checker.error(
            "adres", _("Give both the street and number and the place, or leave the address empty.")
        )
    byday, freq = checker.days(cells)
    opens, closes = checker.clock(cells, "van"), checker.clock(cells, "tot")
    if (
        byday
        and (opens is None or closes is None)
        and not any(k in ("van", "tot") for k, _m in checker.errors)
    ):
        checker.error("van", _("Give the times (van and tot) for these days."))
    if (opens or closes) and not byday and "dagen" not in {k for k, _m in checker.errors}:
        checker.error("dagen", _("Give the days for these times."))
    if opens and closes and closes <= opens:
        checker.error("tot", _("The end time must be after the start time."))
    if byday and not (branch or address):
        checker.error("dagen", _("Times belong to a place: give an address and place, or a branch."))
    fees = checker.text(cells, "kosten", 300)
    row = CleanRow(
        organisatie=organisatie,
        organisatie_omschrijving=checker.text(cells, "organisatie_omschrijving", 2000),
        organisatie_website=checker.url(cells, "organisatie_website"),
        dienst=dienst,
        kind=checker.choice(cells, "soort", KIND_WORDS, ServiceKind.HELP),
        status=checker.choice(cells, "status", STATUS_WORDS, ServiceStatus.ACTIVE),
        description=checker.text(cells, "omschrijving", 2000, required=True),
        topics=checker.codes(cells, "onderwerpen", Topic.values),
        target_groups=checker.codes(cells, "doelgroepen", TargetGroup.values),
        languages=checker.codes(cells, "talen", Language.values),
        gemeente_ids=checker.gemeente_ids(cells),
        referral_phone=checker.phone(cells),
        referral_phone_script=checker.text(cells, "belscript", 1000),
        referral_email=checker.email(cells, "email_doorverwijzing"),
        appointment_url=checker.url(cells, "afspraak_url"),
        url=checker.url(cells, "website"),
        walk_in=checker.yes_no(cells, "binnenlopen"),
        branch_id=branch.pk if branch else None,
        location_name=location_name
        or (branch.name if branch else (f"{address}, {city}"[:150] if address else "")),
        address_1=address if not branch else (branch.street_address or address),
        postal_code=postcode if not branch else (branch.postal_code or postcode),
        city=city if not branch else (branch.city or city),
        byday=byday,
        freq=freq,
        opens_at=opens,
        closes_at=closes,
        fees_description="" if fees.lower() in FREE_WORDS else fees,
        is_free=fees.lower() in FREE_WORDS,
        eligibility_description=checker.text(cells, "wie", 1000),
        application_process=checker.text(cells, "aanmelden", 1000),
    )
    return None if checker.errors else row


def plan_import(*, library: Library, table: Table) -> ImportPlan:
    """Check each row and compare it with the library's own rows. Writes nothing."""
    checker = _RowChecker(library=library)
    own_orgs = {o.name.lower(): o for o in Organization.objects.filter(library=library)}
    shared_orgs = {
        o.name.lower(): o
        for o in Organization.objects.filter(shared_with=library)
        .exclude(library=library)
        .select_related("library")
    }
    # Everything the comparison needs, read once (a 5000-row file must not mean 50 000 queries).
    services: dict[tuple[int, str], Service] = {}
    for service in (
        Service.objects.filter(organization__library=library)
        .order_by("pk")
        .prefetch_related(
            "terms",
            "gemeenten",
            Prefetch(
                "service_at_locations", queryset=ServiceAtLocation.objects.prefetch_related("schedules")
            ),
        )
    ):
        services.setdefault((service.organization_id, service.name.lower()), service)
    locations: dict[int, list[Location]] = defaultdict(list)
    for location in Location.objects.filter(library=library, organization__isnull=False).order_by("pk"):
        assert location.organization_id is not None
        locations[location.organization_id].append(location)
    seen: dict[tuple[str, str], int] = {}
    results = []
    for line, cells in table.rows:
        data = check_row(cells, checker)
        errors = list(checker.errors)
        org_name = (cells.get("organisatie") or "").strip()[:150]
        service_name = (cells.get("dienst") or "").strip()[:150]
        result = RowResult(
            line=line, organisatie=_printable(org_name), dienst=_printable(service_name), status="fout"
        )
        if data is not None:
            key = (data.organisatie.lower(), data.dienst.lower())
            if key in seen:
                errors.append(
                    ("dienst", gettext("This service is already in row %(line)s.") % {"line": seen[key]})
                )
            else:
                seen[key] = line
            org = own_orgs.get(key[0])
            if org is None and key[0] in shared_orgs:
                errors.append(
                    (
                        "organisatie",
                        gettext(
                            "This partner is kept by %(library)s. An import cannot change it; "
                            "ask them, or use another name for your own partner."
                        )
                        % {"library": shared_orgs[key[0]].library.name},
                    )
                )
            existing = None
            if org is not None and not errors:
                existing = services.get((org.pk, key[1]))
                if existing is not None and existing.library_id != library.pk:
                    errors.append(
                        (
                            "dienst",
                            gettext("This service is kept by another library. An import cannot change it."),
                        )
                    )
            if not errors:
                result.data = data
                if existing is None or org is None:
                    result.status = "nieuw"
                else:
                    result.changes = _changes(existing, data, locations[org.pk])
                    result.status = "wijzigt" if result.changes else "ongewijzigd"
        result.errors = errors
        results.append(result)
    return ImportPlan(rows=results)


def _service_values(data: CleanRow) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "status": data.status,
        "description": data.description,
        "referral_phone": data.referral_phone,
        "referral_phone_script": data.referral_phone_script,
        "referral_email": data.referral_email,
        "appointment_url": data.appointment_url,
        "url": data.url,
        "walk_in": data.walk_in,
        "fees_description": data.fees_description,
        "is_free": data.is_free,
        "eligibility_description": data.eligibility_description,
        "application_process": data.application_process,
    }


SERVICE_COLUMNS = {
    "kind": "soort",
    "status": "status",
    "description": "omschrijving",
    "referral_phone": "telefoon",
    "referral_phone_script": "belscript",
    "referral_email": "email_doorverwijzing",
    "appointment_url": "afspraak_url",
    "url": "website",
    "walk_in": "binnenlopen",
    "fees_description": "kosten",
    "is_free": "kosten",
    "eligibility_description": "wie",
    "application_process": "aanmelden",
}


def _changes(service: Service, data: CleanRow, locations: list[Location]) -> list[str]:
    """The columns whose value differs from the (prefetched) service and its place."""
    changed: list[str] = []
    for name, value in _service_values(data).items():
        if getattr(service, name) != value:
            changed.append(SERVICE_COLUMNS[name])
    for vocabulary, codes, column in (
        (ServiceTerm.Vocabulary.TOPIC, data.topics, "onderwerpen"),
        (ServiceTerm.Vocabulary.TARGET_GROUP, data.target_groups, "doelgroepen"),
        (ServiceTerm.Vocabulary.LANGUAGE, data.languages, "talen"),
    ):
        if service_terms(service, vocabulary) != sorted(codes):
            changed.append(column)
    if sorted(g.pk for g in service.gemeenten.all()) != data.gemeente_ids:
        changed.append("gemeenten")
    if data.has_location:
        location = _match_location(locations, data)
        sal = next(
            (s for s in service.service_at_locations.all() if location and s.location_id == location.pk), None
        )
        if location is None or _location_values(data) != {
            k: getattr(location, k) for k in _location_values(data)
        }:
            changed.append("adres")
        elif sal is None:
            changed.append("locatienaam")
        elif data.byday:
            schedules = [(s.byday, s.freq, s.opens_at, s.closes_at) for s in sal.schedules.all()]
            if schedules != [(data.byday, data.freq, data.opens_at, data.closes_at)]:
                changed.append("dagen")
    return list(dict.fromkeys(changed))


def _match_location(locations: list[Location], data: CleanRow) -> Location | None:
    """``_find_location`` over an organisation's locations already read (same order, same rules)."""
    if data.branch_id:
        return next((loc for loc in locations if loc.branch_id == data.branch_id), None)
    by_name = next((loc for loc in locations if loc.name.lower() == data.location_name.lower()), None)
    return by_name or next(
        (
            loc
            for loc in locations
            if loc.address_1.lower() == data.address_1.lower() and loc.city.lower() == data.city.lower()
        ),
        None,
    )


def _find_location(org: Organization, data: CleanRow) -> Location | None:
    own = Location.objects.filter(library_id=org.library_id, organization=org)
    if data.branch_id:
        return own.filter(branch_id=data.branch_id).order_by("pk").first()
    return (
        own.filter(name__iexact=data.location_name).order_by("pk").first()
        or own.filter(address_1__iexact=data.address_1, city__iexact=data.city).order_by("pk").first()
    )


def _location_values(data: CleanRow) -> dict[str, Any]:
    return {
        "name": data.location_name,
        "address_1": data.address_1,
        "postal_code": data.postal_code,
        "city": data.city,
        "branch_id": data.branch_id,
    }


# --- 3. writing ----------------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    created: int
    updated: int
    unchanged: int
    refused: int


def apply_import(*, library: Library, user: User | None, plan: ImportPlan, today: date) -> ImportOutcome:
    """Write all good rows in one transaction; an error half-way leaves the database as it was."""
    writer = _Writer(library=library, user=user, today=today)
    with transaction.atomic(), deferred_reindex():  # the search index once at the end, not per write
        for row in plan.good:
            assert row.data is not None
            if row.status == "ongewijzigd":
                writer.confirm(row.data)
            else:
                _write_row(row.data, writer=writer)
    return ImportOutcome(
        created=plan.count("nieuw"),
        updated=plan.count("wijzigt"),
        unchanged=plan.count("ongewijzigd"),
        refused=plan.count("fout"),
    )


class _Writer:
    """What every row's write needs, read once per import."""

    def __init__(self, *, library: Library, user: User | None, today: date) -> None:
        self.library = library
        self.user = user
        self.today = today
        self.orgs = {o.name.lower(): o for o in Organization.objects.filter(library=library).order_by("-pk")}
        self.gemeenten = list(Gemeente.objects.all())
        self.branch_gemeente = dict(Branch.objects.filter(library=library).values_list("pk", "gemeente_id"))

    def service(self, org: Organization, name: str) -> Service | None:
        return Service.objects.filter(organization=org, name__iexact=name, library=self.library).first()

    def confirm(self, data: CleanRow) -> None:
        """An unchanged row: the coordinator has just confirmed it is current."""
        org = self.orgs.get(data.organisatie.lower())
        service = self.service(org, data.dienst) if org else None
        if service is not None:
            Service.objects.filter(pk=service.pk).update(
                last_verified_on=self.today, last_verified_by=self.user, updated_at=timezone.now()
            )

    def location_gemeente(self, data: CleanRow) -> int | None:
        if data.branch_id:
            return self.branch_gemeente.get(data.branch_id)
        city = data.city.lower()
        match = next((g for g in self.gemeenten if city in (g.name.lower(), g.slug)), None)
        if match is not None:
            return match.pk
        return data.gemeente_ids[0] if len(data.gemeente_ids) == 1 else None


def _write_row(data: CleanRow, *, writer: _Writer) -> Service:
    library = writer.library
    org = writer.orgs.get(data.organisatie.lower())
    if org is None:
        org = Organization.objects.create(
            library=library,
            name=data.organisatie,
            description=data.organisatie_omschrijving,
            website=data.organisatie_website,
        )
        writer.orgs[org.name.lower()] = org
    else:
        updates = {}
        if data.organisatie_omschrijving and org.description != data.organisatie_omschrijving:
            updates["description"] = data.organisatie_omschrijving
        if data.organisatie_website and org.website != data.organisatie_website:
            updates["website"] = data.organisatie_website
        if updates:
            for name, value in updates.items():
                setattr(org, name, value)
            org.save(update_fields=[*updates, "updated_at"])
    service = writer.service(org, data.dienst)
    values = _service_values(data) | {"last_verified_on": writer.today, "last_verified_by": writer.user}
    if service is None:
        service = Service.objects.create(library=library, organization=org, name=data.dienst, **values)
        have: dict[str, list[str]] = {}
    else:
        for name, value in values.items():
            setattr(service, name, value)
        service.save()
        have = defaultdict(list)
        for vocabulary, code in service.terms.values_list("vocabulary", "code"):
            have[vocabulary].append(code)
    for vocabulary, codes in (
        (ServiceTerm.Vocabulary.TOPIC, data.topics),
        (ServiceTerm.Vocabulary.TARGET_GROUP, data.target_groups),
        (ServiceTerm.Vocabulary.LANGUAGE, data.languages),
    ):
        if sorted(have.get(vocabulary, [])) != sorted(codes):
            set_service_terms(service=service, vocabulary=vocabulary, codes=codes)
    service.gemeenten.set(data.gemeente_ids)
    if data.has_location:
        _write_location(service, org, data, writer)
    return service


_FOREIGN_KEYS = ["library", "organization", "branch", "gemeente", "service_at_location", "location", "uuid"]


def _write_location(service: Service, org: Organization, data: CleanRow, writer: _Writer) -> None:
    location = _find_location(org, data)
    wanted = _location_values(data) | {"gemeente_id": writer.location_gemeente(data)}
    if location is None or any(getattr(location, k) != v for k, v in wanted.items()):
        if location is None:
            location = Location(library=writer.library, organization=org)
        for name, value in wanted.items():
            setattr(location, name, value)
        # Location.full_clean's checks without its per-foreign-key queries (the ids come from this import).
        location.clean_fields(exclude=_FOREIGN_KEYS)
        location.clean()
        location.save()
    sal, _created = ServiceAtLocation.objects.get_or_create(service=service, location=location)
    wanted_times = [(data.byday, data.freq, data.opens_at, data.closes_at)]
    have = [(s.byday, s.freq, s.opens_at, s.closes_at) for s in sal.schedules.all()]
    if data.byday and data.opens_at and data.closes_at and have != wanted_times:
        sal.schedules.all().delete()
        schedule = Schedule(
            service_at_location=sal,
            freq=data.freq,
            byday=data.byday,
            opens_at=data.opens_at,
            closes_at=data.closes_at,
            is_spreekuur=data.branch_id is not None,
        )
        schedule.clean_fields(exclude=_FOREIGN_KEYS)
        schedule.clean()
        schedule.save()


def template_rows() -> list[list[str]]:
    """The header and one example row, for the downloadable template."""
    return [list(COLUMN_KEYS), [c.example for c in COLUMNS]]
