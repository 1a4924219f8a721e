"""Search the sociaal-educatieve kaart at the desk (issue 4; docs/adr/0091-directory-search-engine.md).

One engine for SQLite and PostgreSQL: an own token index (``SearchToken``), filled from each service's
text (Dutch Snowball stems, with compound parts), its codes and its schedules. A search turns the typed
words into groups of tokens (stem, synonyms from ``synonyms.toml``, compound parts, and for an unknown
word the nearest known words by Damerau-Levenshtein distance), then asks the database one plain
``token IN (...) GROUP BY service`` question. Filters are tokens too ("#t:toeslagen", "#g:12", "#o:WE:13"),
so a filter is one more ``MAX(CASE ...) = 1`` in the same query. The exact opening times are then worked
out in Python for the best candidates only, and the results ranked by words matched, then weight, then
how soon they open.

Callers pass the services they may show (``visible_services(scope=...)`` at the desk,
``public_services()`` on the public pages) and ``now``; this module never reads a scope itself.

Keeping the index current: signals (``directory/signals.py``) reindex a service on every ``save``/``delete``
of the service and what hangs off it; ``set_service_terms`` reindexes itself. Code that writes past
``save()`` (``bulk_create``, imports) must call ``reindex_services(ids)`` or ``rebuild_index()``.
"""

# ruff: noqa: S608  (SQL built from model table names and fixed fragments; every value is a parameter)
from __future__ import annotations

import calendar
import re
import threading
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol

import snowballstemmer  # type: ignore[import-untyped]
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from baken.core.taxonomy import TargetGroup, Topic

from .models import (
    WEEKDAY_CODES,
    Schedule,
    SearchToken,
    SearchWord,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTerm,
    accepted_referral_methods,
    verification_is_stale,
)

SYNONYMS_FILE = Path(__file__).with_name("synonyms.toml")
HORIZON_DAYS = 62  # how far ahead "next open" looks
MAX_TOKEN = 64

# Index weights: where a word stands in the service.
W_NAME, W_ORG, W_TOPIC, W_TEXT = 4, 3, 2, 1
# Query weights: how the token was reached from the typed word.
Q_EXACT, Q_TOPIC, Q_PART, Q_SYNONYM = 10, 8, 6, 6
Q_TYPO_PENALTY = 3

_STOPWORD_TEXT = """
    de het een en of van voor met in op bij aan te om over uit door naar tot als is zijn wordt worden
    ik je u jij hij zij we wij ze mijn uw hun die dat deze dit er ook niet wel nog al dan maar wie wat waar
    hoe welke wanneer kan kunnen mag moet heeft hebben helpt help graag iemand
    """
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD_RE = re.compile(r"[a-z0-9]+")
_DAY_RE = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


# --- words ----------------------------------------------------------------------------------------------


def words_of(text: str) -> list[str]:
    """Lowercase words without accents, stopwords and one-letter words."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return [w[:MAX_TOKEN] for w in _WORD_RE.findall(plain) if len(w) > 1 and w not in STOPWORDS]


_STEMMER = snowballstemmer.stemmer("dutch")


@cache
def stem(word: str) -> str:
    """The Dutch Snowball stem with doubled vowels undone, so "toeslagen" and "toeslag" meet."""
    stemmed = _STEMMER.stemWord(word)
    return re.sub(r"([aeou])\1", r"\1", stemmed)


@dataclass(frozen=True)
class Synonyms:
    parts: tuple[str, ...]  # compound pieces, as written
    groups: tuple[tuple[frozenset[str], tuple[str, ...]], ...]  # (stems of the words, topic codes)
    by_stem: dict[str, tuple[int, ...]]  # stem → indexes into groups
    words: frozenset[str]  # every word named in the file (for typo matching)


@cache
def synonyms() -> Synonyms:
    data = tomllib.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    groups: list[tuple[frozenset[str], tuple[str, ...]]] = []
    by_stem: dict[str, list[int]] = {}
    words: set[str] = set()
    for index, group in enumerate(data.get("group", [])):
        topics = tuple(group.get("topics", []))
        unknown = set(topics) - set(Topic.values)
        if unknown:
            raise ValueError(f"synonyms.toml: unknown topic codes {sorted(unknown)}")
        stems = set()
        for word in group["words"]:
            if words_of(word) != [word]:
                raise ValueError(f"synonyms.toml: {word!r} is not one plain lowercase word")
            stems.add(stem(word))
            words.add(word)
        groups.append((frozenset(stems), topics))
        for item in stems:
            by_stem.setdefault(item, []).append(index)
    parts = tuple(sorted({p for p in data.get("parts", [])}, key=len, reverse=True))
    words.update(parts)
    return Synonyms(
        parts=parts,
        groups=tuple(groups),
        by_stem={k: tuple(v) for k, v in by_stem.items()},
        words=frozenset(words),
    )


def compound_parts(word: str, known: Iterable[str] = ()) -> set[str]:
    """Known pieces a compound starts or ends with (huurtoeslag → toeslag, huur), as stems."""
    found: set[str] = set()
    for part in (*synonyms().parts, *known):
        if len(part) >= 3 and len(word) >= len(part) + 3 and (word.endswith(part) or word.startswith(part)):
            found.add(stem(part))
            rest = word[: -len(part)] if word.endswith(part) else word[len(part) :]
            rest = rest.removesuffix("en").removesuffix("s") if word.startswith(part) else rest
            if rest in synonyms().words:
                found.add(stem(rest))
    return found


# --- the index ------------------------------------------------------------------------------------------
#
# Built from plain rows (``values_list``), not model instances, and written in big batches (``COPY`` on
# PostgreSQL): 100k services index in well under a minute.

INDEX_CHUNK = 2000  # services per read; rows are written per chunk


def _label(choices: Any, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return ""


@cache
def _label_nl(vocabulary: str, code: str) -> str:
    with translation.override("nl"):
        return _label(Topic if vocabulary == ServiceTerm.Vocabulary.TOPIC else TargetGroup, code)


@lru_cache(maxsize=200_000)
def _word_tokens(word: str) -> tuple[str, tuple[str, ...]]:
    """The stem of one indexed word and the stems of its compound parts."""
    return stem(word), tuple(sorted(compound_parts(word)))


@lru_cache(maxsize=64)
def _hours(opens_hour: int, closes: time) -> tuple[int, ...]:
    last_hour = (closes.hour - 1) if closes.minute == 0 else closes.hour
    return tuple(range(opens_hour, last_hour + 1))


@dataclass
class _Place:
    name: str
    city: str
    gemeente_id: int | None
    branch_id: int | None
    schedules: list[tuple[str, time, time]] = field(default_factory=list)  # (byday, opens_at, closes_at)


@dataclass
class _Doc:
    """What the index needs of one service, as plain values."""

    id: int
    kind: str
    status: str
    texts: tuple[tuple[str, int], ...]  # (text, weight)
    words_text: str  # the text whose words go into the vocabulary
    terms: list[tuple[str, str]] = field(default_factory=list)  # (vocabulary, code)
    gemeenten: list[int] = field(default_factory=list)
    places: list[_Place] = field(default_factory=list)


def _docs(ids: Sequence[int]) -> list[_Doc]:
    """The plain data of these services in five queries."""
    docs: dict[int, _Doc] = {}
    rows = Service.objects.filter(id__in=ids).values_list(
        "id",
        "kind",
        "status",
        "name",
        "alternate_name",
        "description",
        "eligibility_description",
        "organization__name",
        "organization__alternate_name",
    )
    for pk, kind, status, name, alt, description, eligibility, org_name, org_alt in rows:
        docs[pk] = _Doc(
            id=pk,
            kind=kind,
            status=status,
            texts=(
                (f"{name} {alt}", W_NAME),
                (f"{org_name} {org_alt}", W_ORG),
                (f"{description} {eligibility}", W_TEXT),
            ),
            words_text=f"{name} {alt} {org_name} {org_alt} {description}",
        )
    for service_id, vocabulary, code in ServiceTerm.objects.filter(service_id__in=ids).values_list(
        "service_id", "vocabulary", "code"
    ):
        docs[service_id].terms.append((vocabulary, code))
    through = Service.gemeenten.through
    for service_id, gemeente_id in through.objects.filter(service_id__in=ids).values_list(
        "service_id", "gemeente_id"
    ):
        docs[service_id].gemeenten.append(gemeente_id)
    places: dict[int, _Place] = {}
    for sal_id, service_id, name, city, gemeente_id, branch_id in (
        ServiceAtLocation.objects.filter(service_id__in=ids)
        .order_by("pk")
        .values_list(
            "id",
            "service_id",
            "location__name",
            "location__city",
            "location__gemeente_id",
            "location__branch_id",
        )
    ):
        places[sal_id] = place = _Place(name, city, gemeente_id, branch_id)
        docs[service_id].places.append(place)
    for sal_id, byday, opens_at, closes_at in Schedule.objects.filter(
        service_at_location__service_id__in=ids
    ).values_list("service_at_location_id", "byday", "opens_at", "closes_at"):
        places[sal_id].schedules.append((byday, opens_at, closes_at))
    return list(docs.values())


def _tokens(doc: _Doc) -> dict[str, int]:
    """Every index token of one service with its weight."""
    tokens: dict[str, int] = {"#*": 0, f"#k:{doc.kind}": 0, f"#s:{doc.status}": 0}

    def add(token: str, weight: int) -> None:
        token = token[:MAX_TOKEN]
        if tokens.get(token, -1) < weight:
            tokens[token] = weight

    def add_text(text: str, weight: int) -> None:
        part_weight = max(1, weight - 1)
        for word in words_of(text):
            base, parts = _word_tokens(word)
            add(base, weight)
            for part in parts:
                add(part, part_weight)

    for text, weight in doc.texts:
        add_text(text, weight)
    for vocabulary, code in doc.terms:
        if vocabulary == ServiceTerm.Vocabulary.TOPIC:
            add(f"#t:{code}", W_TOPIC)
            add_text(_label_nl(vocabulary, code), W_TOPIC)
        elif vocabulary == ServiceTerm.Vocabulary.TARGET_GROUP:
            add(f"#tg:{code}", 0)
            add_text(_label_nl(vocabulary, code), W_TEXT)
        else:
            add(f"#lang:{code}", 0)
    for gemeente_id in doc.gemeenten:
        add(f"#g:{gemeente_id}", 0)
    if not doc.gemeenten:
        add("#g:*", 0)
    for place in doc.places:
        add_text(f"{place.name} {place.city}", W_TEXT)
        if place.gemeente_id:
            add(f"#g:{place.gemeente_id}", 0)
        for byday, opens_at, closes_at in place.schedules:
            for day in _schedule_days(byday):
                add(f"#d:{day}", 0)
                if place.branch_id:
                    add(f"#l:{day}", 0)
                for hour in _hours(opens_at.hour, closes_at):
                    add(f"#o:{day}:{hour:02d}", 0)
    return tokens


def tokens_for(service: Service) -> dict[str, int]:
    """Every index token of one service with its weight (as the index holds them)."""
    docs = _docs([service.pk])
    return _tokens(docs[0]) if docs else {}


def _schedule_days(byday: str) -> set[str]:
    return {m.group(2) for part in byday.split(",") if (m := _DAY_RE.match(part.strip()))}


def _vocabulary_words(doc: _Doc) -> set[str]:
    text = " ".join([doc.words_text, *(f"{p.name} {p.city}" for p in doc.places)])
    return set(words_of(text))


def _write_tokens(rows: list[tuple[int, str, int]]) -> None:
    table = connection.ops.quote_name(SearchToken._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor: COPY is several times faster than INSERT
            with raw.copy(f"COPY {table} (service_id, token, weight) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            for start in range(0, len(rows), 5000):
                batch = rows[start : start + 5000]
                cursor.executemany(
                    f"INSERT INTO {table} (service_id, token, weight) VALUES (%s, %s, %s)", batch
                )


_deferred = threading.local()


@contextmanager
def deferred_reindex() -> Iterator[None]:
    """Collect the reindexing asked for inside the block and do it once at its end (bulk writes: imports).

    Use it inside the writer's transaction, so a rollback takes the index along. On an exception nothing
    is reindexed (the transaction rolls back anyway). Per thread, so other requests index as usual.
    """
    if getattr(_deferred, "ids", None) is not None:  # already deferring: the outer block reindexes
        yield
        return
    _deferred.ids = set()
    try:
        yield
        pending = _deferred.ids
    finally:
        _deferred.ids = None
    reindex_services(pending)


def reindex_services(service_ids: Iterable[int]) -> None:
    """Bring the index rows of these services in line with the database (deleted ones lose their rows)."""
    pending = getattr(_deferred, "ids", None)
    if pending is not None:
        pending.update(service_ids)
        return
    _reindex(service_ids)


@transaction.atomic
def _reindex(service_ids: Iterable[int]) -> None:
    ids = sorted(set(service_ids))
    if not ids:
        return
    words: set[str] = set()
    for start in range(0, len(ids), INDEX_CHUNK):
        chunk = ids[start : start + INDEX_CHUNK]
        SearchToken.objects.filter(service_id__in=chunk).delete()
        rows: list[tuple[int, str, int]] = []
        for doc in _docs(chunk):
            rows.extend((doc.id, token, weight) for token, weight in _tokens(doc).items())
            words |= _vocabulary_words(doc)
        _write_tokens(rows)
    SearchWord.objects.bulk_create(
        [SearchWord(word=w) for w in sorted(words)], batch_size=5000, ignore_conflicts=True
    )


def reindex_service(service_id: int) -> None:
    reindex_services([service_id])


@transaction.atomic
def rebuild_index() -> int:
    """Rebuild the whole index (after bulk writes or a change of this module); returns the services done."""
    SearchToken.objects.all().delete()
    SearchWord.objects.all().delete()
    ids = list(Service.objects.order_by("id").values_list("id", flat=True))
    reindex_services(ids)
    return len(ids)


# --- typo tolerance -------------------------------------------------------------------------------------


def damerau_levenshtein(a: str, b: str, bound: int) -> int:
    """Optimal string alignment distance, or ``bound + 1`` as soon as it is known to be larger."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > bound:
            return bound + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_typos(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


@dataclass
class Vocabulary:
    """The words the index has seen plus those in ``synonyms.toml``, with a deletion index (SymSpell)."""

    key: int
    words: frozenset[str]
    stems: frozenset[str]
    deletes: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, key: int, words: Iterable[str]) -> Vocabulary:
        all_words = frozenset(words) | synonyms().words
        deletes: dict[str, list[str]] = {}
        for word in all_words:
            for variant in _deletes(word, allowed_typos(word)):
                deletes.setdefault(variant, []).append(word)
        return cls(key, all_words, frozenset(stem(w) for w in all_words), deletes)

    def nearest(self, word: str) -> list[tuple[str, int]]:
        """Known words within the allowed number of typos, closest first (at most three)."""
        bound = allowed_typos(word)
        if not bound:
            return []
        candidates = {c for variant in _deletes(word, bound) for c in self.deletes.get(variant, ())}
        scored = sorted(
            (distance, candidate)
            for candidate in candidates
            if (distance := damerau_levenshtein(word, candidate, min(bound, allowed_typos(candidate))))
            <= min(bound, allowed_typos(candidate))
        )
        if not scored:
            return []
        best = scored[0][0]
        return [(candidate, distance) for distance, candidate in scored if distance == best][:3]


_vocabulary: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    """The cached vocabulary; reloaded when the word table changed.

    Words are only ever added (``reindex_services``) or all replaced (``rebuild_index``), so the highest id
    is a version number, read from the primary key index in one cheap query."""
    global _vocabulary  # one process-wide cache, checked against the table on every search
    with connection.cursor() as cursor:  # plain SQL: building the ORM aggregate cost more than running it
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(SearchWord._meta.db_table)}")
        key = cursor.fetchone()[0] or 0
    if _vocabulary is None or _vocabulary.key != key:
        _vocabulary = Vocabulary.build(key, SearchWord.objects.values_list("word", flat=True))
    return _vocabulary


# --- the query ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    typed: str
    tokens: dict[str, int]  # token → query weight
    corrected: tuple[str, ...] = ()  # the known words a typo was read as


def expand_word(word: str, vocab: Vocabulary) -> QueryWord:
    """The tokens one typed word stands for: its stem, synonyms, topics and compound parts."""
    tokens: dict[str, int] = {}

    def add(token: str, weight: int) -> None:
        if weight > 0 and tokens.get(token, 0) < weight:
            tokens[token] = weight

    readings: list[tuple[str, int]] = [(word, 0)]
    corrected: tuple[str, ...] = ()
    if word not in vocab.words and stem(word) not in vocab.stems:
        nearest = vocab.nearest(word)
        readings += nearest
        corrected = tuple(w for w, _ in nearest)
    syn = synonyms()
    for reading, distance in readings:
        penalty = Q_TYPO_PENALTY * distance
        base = stem(reading)
        add(base, Q_EXACT - penalty)
        pieces = {base} | compound_parts(reading, _known_tails(reading, vocab))
        for piece in pieces - {base}:
            add(piece, Q_PART - penalty)
        for piece in pieces:
            for index in syn.by_stem.get(piece, ()):
                stems, topics = syn.groups[index]
                for other in stems:
                    add(other, Q_SYNONYM - penalty - (0 if piece == base else 1))
                for topic in topics:
                    add(f"#t:{topic}", Q_TOPIC - penalty - (0 if piece == base else 1))
    return QueryWord(word, tokens, corrected)


def _known_tails(word: str, vocab: Vocabulary) -> list[str]:
    """Words of the vocabulary that end a compound ("huurtoeslag" ends in the known "toeslag")."""
    return [word[i:] for i in range(3, len(word) - 3) if word[i:] in vocab.words]


# Results are built from plain rows (``values_list``), not model instances: loading services, partners,
# places, locations and schedules as models cost more Python per search than the whole SQL (ADR 0091).


@dataclass(frozen=True)
class ResultService:
    """What a result card shows of a service (the names are the model's, so templates read both alike)."""

    id: int
    name: str
    kind: str
    status: str
    description: str
    last_verified_on: date
    organization_name: str
    referral_phone: str
    referral_phone_script: str
    referral_email: str
    appointment_url: str
    walk_in: bool

    @property
    def pk(self) -> int:
        return self.id

    @property
    def status_label(self) -> str:
        return str(ServiceStatus(self.status).label)

    @property
    def referral_methods(self) -> list[str]:
        return accepted_referral_methods(
            phone=self.referral_phone,
            email=self.referral_email,
            appointment_url=self.appointment_url,
            walk_in=self.walk_in,
        )


@dataclass(frozen=True)
class ResultLocation:
    id: int
    name: str
    address_1: str
    city: str
    branch_id: int | None


@dataclass(frozen=True)
class ResultSchedule:
    """A schedule's place and rule as plain values (the day arithmetic below reads these fields)."""

    location: ResultLocation
    id: int
    freq: str
    interval: int
    byday: str
    opens_at: time
    closes_at: time
    valid_from: date | None
    valid_to: date | None
    where: str
    host: str


@dataclass(frozen=True)
class LibrarySession:
    """A spreekuur or opening today at a library branch."""

    opens: datetime
    closes: datetime
    location: ResultLocation
    where: str
    host: str


@dataclass(frozen=True)
class SearchResult:
    service: ResultService
    score: int
    words_matched: int
    next_opening: tuple[datetime, datetime] | None
    next_location: ResultLocation | None
    next_schedule: ResultSchedule | None
    open_now: bool
    in_library_today: list[LibrarySession]
    stale: bool
    referral_methods: tuple[str, ...]


@dataclass(frozen=True)
class _Candidate:
    service_id: int
    matched: int
    score: int
    soon: int = 0


def search_services(
    *,
    services: QuerySet[Service],
    text: str = "",
    topics: Sequence[str] = (),
    gemeente_id: int | None = None,
    target_groups: Sequence[str] = (),
    kind: str | None = None,
    open_now: bool = False,
    in_library_today: bool = False,
    now: datetime,
    limit: int = 50,
) -> list[SearchResult]:
    """The services among ``services`` that fit the words and every filter, best first.

    Words: any typed word may match (more matched words rank higher). Filters: all must hold; within one
    filter (several topics, several target groups) any value will do. ``gemeente_id``: services for
    everyone, for residents of that gemeente, or given at a location in it.

    Queries: one for the vocabulary's version, one for the filters' sizes (with filters), one for the ranked
    candidates, then per batch of results one for the services with their partner, places and schedules.
    """
    local = timezone.localtime(now) if timezone.is_aware(now) else now
    moment = local.replace(tzinfo=None)
    today_code = WEEKDAY_CODES[moment.weekday()]
    vocab = vocabulary()
    query_words = [expand_word(word, vocab) for word in dict.fromkeys(words_of(text))]
    query_words = [qw for qw in query_words if qw.tokens]

    filters: list[set[str]] = []
    if topics:
        filters.append({f"#t:{code}" for code in topics})
    if target_groups:
        filters.append({f"#tg:{code}" for code in target_groups})
    if gemeente_id is not None:
        filters.append({f"#g:{gemeente_id}", "#g:*"})
    if kind:
        filters.append({f"#k:{kind}"})
    if open_now:
        filters.append({f"#o:{today_code}:{moment.hour:02d}"})
    if in_library_today:
        filters.append({f"#l:{today_code}"})
    if text.strip() and not query_words:
        return []

    exact = open_now or in_library_today
    batch = limit + 10
    # Only "nu open" and "vandaag in de bibliotheek" drop candidates after the exact check, so only they may
    # need more than the first batch; any other search evaluates just that batch, so asks no more of SQL.
    cap = max(limit * 10, 200) if exact else batch
    candidates = _candidates(services, query_words, filters, today_code, per_token=batch, cap=cap)
    results: list[SearchResult] = []
    for start in range(0, len(candidates), batch):
        chunk = candidates[start : start + batch]
        ids = [c.service_id for c in chunk]
        loaded, schedules = _load_results(ids)
        for candidate in chunk:
            service = loaded.get(candidate.service_id)
            if service is None:
                continue
            result = _result(service, schedules.get(service.id, []), candidate, local, moment)
            if open_now and not result.open_now:
                continue
            if in_library_today and not result.in_library_today:
                continue
            results.append(result)
        if not exact or len(results) >= limit:
            break
    far = datetime.max
    results.sort(
        key=lambda r: (
            -r.words_matched,
            -r.score,
            r.next_opening[0].replace(tzinfo=None) if r.next_opening else far,
            r.service.name,
        )
    )
    return results[:limit]


# The columns of the plain result rows, in the field order of their dataclasses.
_SERVICE_COLUMNS = tuple(
    "organization__name" if f.name == "organization_name" else f.name for f in fields(ResultService)
)
_SCHEDULE_COLUMNS = tuple(f.name for f in fields(ResultSchedule) if f.name != "location")
_LOCATION_COLUMNS = tuple(f.name for f in fields(ResultLocation))


def _load_results(
    service_ids: list[int],
) -> tuple[dict[int, ResultService], dict[int, list[ResultSchedule]]]:
    """These services with their partner's name, and their schedules with location, in the order the service
    page shows them: one query of plain rows, a row per schedule (schedule columns empty for a place without).
    """
    place = "service_at_locations__"
    rows = (
        Service.objects.filter(id__in=service_ids)
        .order_by(
            f"{place}location__name",
            f"{place}location_id",
            f"{place}schedules__opens_at",
            f"{place}schedules__id",
        )
        .values_list(
            *_SERVICE_COLUMNS,
            *(f"{place}schedules__{column}" for column in _SCHEDULE_COLUMNS),
            *(f"{place}location__{column}" for column in _LOCATION_COLUMNS),
        )
    )
    services: dict[int, ResultService] = {}
    schedules: dict[int, list[ResultSchedule]] = {}
    locations: dict[int, ResultLocation] = {}
    first_schedule, first_location = len(_SERVICE_COLUMNS), len(_SERVICE_COLUMNS) + len(_SCHEDULE_COLUMNS)
    for row in rows:
        service_id = row[0]
        if service_id not in services:
            services[service_id] = ResultService(*row[:first_schedule])
        if row[first_schedule] is None:  # a service without places, or a place without schedules
            continue
        location_id = row[first_location]
        location = locations.get(location_id) or ResultLocation(*row[first_location:])
        locations[location_id] = location
        rule = row[first_schedule:first_location]
        schedules.setdefault(service_id, []).append(ResultSchedule(location, *rule))
    return services, schedules


# The candidate pool: per query token the first POOL services by (index weight, id) that are in the caller's
# scope and pass every filter. Each arm stops after a few rows of the ``(token, -weight, service)`` index, so
# broad words cost no more than rare ones. The pool is then scored exactly over all query tokens.


def _scope_sql(services: QuerySet[Service]) -> tuple[str, list[Any]]:
    query = services.order_by().values("id").query
    sql, params = query.get_compiler(using=services.db).as_sql()
    return sql, list(params)


def _in(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


SMALL_FILTER = 1000  # a filter with at most this many index rows drives the search (every service scored)


def _filter_sizes(filters: list[set[str]]) -> list[int]:
    """How many index rows each filter has, counted up to ``SMALL_FILTER + 1`` (cheap, index only)."""
    if not filters:
        return []
    table = connection.ops.quote_name(SearchToken._meta.db_table)
    arms = []
    params: list[Any] = []
    for i, tokens in enumerate(filters):
        ordered = sorted(tokens)
        arms.append(
            f"SELECT {i} AS k, COUNT(*) AS n FROM (SELECT 1 AS one FROM {table} "
            f"WHERE token IN ({_in(ordered)}) LIMIT {SMALL_FILTER + 1}) AS c{i}"
        )
        params += ordered
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(arms), params)
        sizes = dict(cursor.fetchall())
    return [sizes[i] for i in range(len(filters))]


def _candidates(
    services: QuerySet[Service],
    query_words: list[QueryWord],
    filters: list[set[str]],
    today_code: str,
    *,
    per_token: int,
    cap: int,
) -> list[_Candidate]:
    """Candidates best first: words matched, weight, a schedule today, id, in one SQL statement.

    The pool of services to score: when a filter is small (a rare topic, "cursus"), every service of that
    filter; otherwise, per query token, the first ``per_token`` services by (index weight, id) that are in
    the caller's scope and pass every filter (each arm stops after a few rows of the ranked index); with
    no words, the first ``cap`` services with and without a schedule today, in id order. Filters and scope
    are checked per row (``EXISTS … OFFSET 0`` keeps PostgreSQL from hashing all rows of a filter or of the
    scope, which would cost more than the few rows each arm reads).
    """
    table = connection.ops.quote_name(SearchToken._meta.db_table)
    scope_sql, scope_params = _scope_sql(services)
    soon = f"#d:{today_code}"
    has = (
        f"EXISTS (SELECT 1 FROM {table} f WHERE f.service_id = t.service_id AND f.token IN ({{}}) "
        "LIMIT 1 OFFSET 0)"
    )
    sizes = _filter_sizes(filters)
    driver: int | None = None
    if sizes and min(sizes) <= SMALL_FILTER:
        driver = sizes.index(min(sizes))
    elif not query_words and filters:
        driver = 0
    conditions = [f"EXISTS (SELECT 1 FROM ({scope_sql}) AS sc WHERE sc.id = t.service_id LIMIT 1 OFFSET 0)"]
    condition_params: list[Any] = list(scope_params)
    for i, wanted_filter in enumerate(filters):
        if i != driver:  # the driving filter holds by construction
            ordered = sorted(wanted_filter)
            conditions.append(has.format(_in(ordered)))
            condition_params += ordered
    where = " AND ".join(conditions)

    def arm(token_sql: str, extra: str, limit: int | None) -> str:
        # Within one token the index gives rows in (weight desc, service id) order; filter tokens all carry
        # the same weight, so for them this is plain id order.
        return (
            f"SELECT t.service_id FROM {table} t WHERE t.token = {token_sql} AND {extra}{where} "
            "ORDER BY t.weight DESC, t.service_id" + ("" if limit is None else f" LIMIT {int(limit)}")
        )

    def union(parts: list[str]) -> str:
        return " UNION ".join(f"SELECT service_id FROM ({part}) AS a{i}" for i, part in enumerate(parts))

    pool_params: list[Any] = []
    if driver is not None and (query_words or sizes[driver] <= SMALL_FILTER):
        # A small filter: score all its services (the same as scoring everything, at a fraction).
        tokens = sorted(filters[driver])
        pool = union([arm("%s", "", None) for _ in tokens])
        for token in tokens:
            pool_params += [token, *condition_params]
    elif query_words:
        tokens = sorted({token for qw in query_words for token in qw.tokens})
        if connection.vendor == "postgresql":
            # One LATERAL arm, planned once, run per token.
            values = ", ".join(["(%s)"] * len(tokens))
            pool = (
                f"SELECT DISTINCT c.service_id FROM (VALUES {values}) AS q(token) "
                f"CROSS JOIN LATERAL ({arm('q.token', 't.weight > 0 AND ', per_token)}) AS c"
            )
            pool_params = [*tokens, *condition_params]
        else:
            pool = union([arm("%s", "t.weight > 0 AND ", per_token) for _ in tokens])
            for token in tokens:
                pool_params += [token, *condition_params]
    else:
        # No words: the order is "a schedule today" first, then id; take the first ``cap`` of each kind.
        drivers = sorted(filters[driver]) if driver is not None else ["#*"]
        parts = []
        for token in drivers:
            for negate in ("", "NOT "):
                parts.append(arm("%s", negate + has.format("%s") + " AND ", cap))
                pool_params += [token, soon, *condition_params]
        pool = union(parts)

    columns = []
    column_params: list[Any] = []
    wanted: set[str] = {soon}
    for qw in query_words:
        wanted |= set(qw.tokens)
        by_weight: dict[int, list[str]] = {}
        for token, weight in qw.tokens.items():
            by_weight.setdefault(weight, []).append(token)
        whens = []
        for weight, group in sorted(by_weight.items(), reverse=True):
            ordered = sorted(group)
            whens.append(f"WHEN s.token IN ({_in(ordered)}) THEN s.weight * %s")
            column_params += [*ordered, weight]
        columns.append(f"MAX(CASE {' '.join(whens)} ELSE 0 END)")
        ordered = sorted(qw.tokens)
        columns.append(f"MAX(CASE WHEN s.token IN ({_in(ordered)}) AND s.weight > 0 THEN 1 ELSE 0 END)")
        column_params += ordered
    columns.append("MAX(CASE WHEN s.token = %s THEN 1 ELSE 0 END)")
    column_params.append(soon)
    wanted_list = sorted(wanted)
    if connection.vendor == "postgresql":
        # Score each pooled service on its own rows (unique index on service, token): never a whole token.
        sql = (
            f"WITH pool AS ({pool}) SELECT p.service_id, x.* FROM pool p CROSS JOIN LATERAL "
            f"(SELECT {', '.join(columns)} FROM {table} s "
            f"WHERE s.service_id = p.service_id AND s.token IN ({_in(wanted_list)})) AS x"
        )
    else:
        sql = (
            f"WITH pool AS ({pool}) SELECT p.service_id, {', '.join(columns)} FROM pool p "
            f"LEFT JOIN {table} s ON s.service_id = p.service_id AND s.token IN ({_in(wanted_list)}) "
            "GROUP BY p.service_id"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*pool_params, *column_params, *wanted_list])
        rows = cursor.fetchall()
    candidates = []
    n = len(query_words)
    for row in rows:
        numbers: list[int] = [int(value or 0) for value in row[1:]]
        score = sum(numbers[0 : 2 * n : 2])
        matched = sum(numbers[1 : 2 * n : 2])
        if n and not matched:
            continue
        candidates.append(_Candidate(int(row[0]), matched, score, numbers[-1]))
    candidates.sort(key=lambda c: (-c.matched, -c.score, -c.soon, c.service_id))
    return candidates[:cap]


# --- opening times --------------------------------------------------------------------------------------


class Rule(Protocol):
    """What the day arithmetic reads of a schedule: a ``Schedule`` or the plain ``ResultSchedule``."""

    @property
    def freq(self) -> str: ...
    @property
    def interval(self) -> int: ...
    @property
    def byday(self) -> str: ...
    @property
    def opens_at(self) -> time: ...
    @property
    def closes_at(self) -> time: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_to(self) -> date | None: ...


def _parsed_days(byday: str) -> list[tuple[int | None, int]]:
    parts = []
    for part in byday.split(","):
        match = _DAY_RE.match(part.strip())
        if match:
            parts.append(
                (int(match.group(1)) if match.group(1) else None, WEEKDAY_CODES.index(match.group(2)))
            )
    return parts


def _iter_schedule_days(schedule: Rule, start: date, end: date) -> Iterator[date]:
    anchor = schedule.valid_from or _epoch_anchor(start, schedule.interval)
    day = max(start, anchor)
    last = min(end, schedule.valid_to) if schedule.valid_to else end
    parts = _parsed_days(schedule.byday)
    weekdays = {wd for _, wd in parts}
    anchor_monday = anchor - timedelta(days=anchor.weekday())
    weekly = schedule.freq == Schedule.Freq.WEEKLY
    while day <= last:
        if day.weekday() in weekdays:
            if weekly:
                on = ((day - anchor_monday).days // 7) % schedule.interval == 0
            else:
                months = (day.year - anchor.year) * 12 + day.month - anchor.month
                on = months % schedule.interval == 0 and any(
                    wd == day.weekday() and _nth_matches(day, nth) for nth, wd in parts
                )
            if on:
                yield day
        day += timedelta(days=1)


def schedule_days(schedule: Rule, start: date, end: date) -> list[date]:
    """The days from ``start`` through ``end`` a schedule is on, as ``Schedule.occurrences`` computes them
    (same anchor, interval and UNTIL), without running dateutil's iterator from the anchor each time."""
    return list(_iter_schedule_days(schedule, start, end))


def next_period(schedule: Rule, moment: datetime) -> tuple[datetime, datetime] | None:
    """The first period that is open at or after ``moment`` (the current one when open now)."""
    today = moment.date()
    for day in _iter_schedule_days(schedule, today, today + timedelta(days=HORIZON_DAYS)):
        closes = datetime.combine(day, schedule.closes_at)
        if closes > moment:
            return datetime.combine(day, schedule.opens_at), closes
    return None


def _nth_matches(day: date, nth: int | None) -> bool:
    if nth is None:
        return True
    if nth > 0:
        return (day.day - 1) // 7 + 1 == nth
    length = calendar.monthrange(day.year, day.month)[1]
    return (length - day.day) // 7 + 1 == -nth


def _epoch_anchor(day: date, interval: int) -> date:
    epoch = date(2024, 1, 1)  # as models._monday_before
    return epoch if day >= epoch else day - timedelta(days=day.weekday() + 7 * 52 * max(1, interval))


def periods(schedule: Rule, start: date, end: date) -> list[tuple[datetime, datetime]]:
    return [
        (datetime.combine(day, schedule.opens_at), datetime.combine(day, schedule.closes_at))
        for day in schedule_days(schedule, start, end)
    ]


def _result(
    service: ResultService,
    schedules: list[ResultSchedule],
    candidate: _Candidate,
    local: datetime,
    moment: datetime,
) -> SearchResult:
    today = moment.date()
    tz = local.tzinfo
    best: tuple[datetime, datetime] | None = None
    best_location: ResultLocation | None = None
    best_schedule: ResultSchedule | None = None
    is_open = False
    sessions: list[LibrarySession] = []
    for schedule in schedules:
        period = next_period(schedule, moment)
        if period is None:
            continue
        opens, closes = period
        if opens <= moment:
            is_open = True
        location = schedule.location
        if best is None or opens < best[0]:
            best, best_location, best_schedule = (opens, closes), location, schedule
        if location.branch_id:
            sessions.extend(
                LibrarySession(_aware(o, tz), _aware(c, tz), location, schedule.where, schedule.host)
                for o, c in periods(schedule, today, today)
            )
    sessions.sort(key=lambda s: s.opens)
    return SearchResult(
        service=service,
        score=candidate.score,
        words_matched=candidate.matched,
        next_opening=(_aware(best[0], tz), _aware(best[1], tz)) if best else None,
        next_location=best_location,
        next_schedule=best_schedule,
        open_now=is_open,
        in_library_today=sessions,
        stale=verification_is_stale(service.last_verified_on, today),
        referral_methods=tuple(service.referral_methods),
    )


def _aware(moment: datetime, tz: Any) -> datetime:
    if tz is None:
        return moment
    return timezone.make_aware(moment, tz) if timezone.is_naive(moment) else moment
