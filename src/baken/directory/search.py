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

from __future__ import annotations

import calendar
import re
import threading
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Max, Prefetch, QuerySet, Value, When
from django.utils import timezone, translation

from baken.core.taxonomy import TargetGroup, Topic

from .models import (
    WEEKDAY_CODES,
    Location,
    Schedule,
    SearchToken,
    SearchWord,
    Service,
    ServiceAtLocation,
    ServiceTerm,
    prefetch_for_display,
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


def _label(choices: Any, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return ""


def tokens_for(service: Service) -> dict[str, int]:
    """Every index token of one service with its weight (the service comes with ``prefetch_for_display``)."""
    tokens: dict[str, int] = {"#*": 0, f"#k:{service.kind}": 0, f"#s:{service.status}": 0}

    def add(token: str, weight: int) -> None:
        token = token[:MAX_TOKEN]
        if tokens.get(token, -1) < weight:
            tokens[token] = weight

    def add_text(text: str, weight: int) -> None:
        for word in words_of(text):
            add(stem(word), weight)
            for part in compound_parts(word):
                add(part, max(1, weight - 1))

    org = service.organization
    add_text(f"{service.name} {service.alternate_name}", W_NAME)
    add_text(f"{org.name} {org.alternate_name}", W_ORG)
    add_text(f"{service.description} {service.eligibility_description}", W_TEXT)
    terms = list(service.terms.all())
    with translation.override("nl"):
        for term in terms:
            if term.vocabulary == ServiceTerm.Vocabulary.TOPIC:
                add(f"#t:{term.code}", W_TOPIC)
                add_text(_label(Topic, term.code), W_TOPIC)
            elif term.vocabulary == ServiceTerm.Vocabulary.TARGET_GROUP:
                add(f"#tg:{term.code}", 0)
                add_text(_label(TargetGroup, term.code), W_TEXT)
            else:
                add(f"#lang:{term.code}", 0)
    served = [g.pk for g in service.gemeenten.all()]
    for gemeente_id in served:
        add(f"#g:{gemeente_id}", 0)
    if not served:
        add("#g:*", 0)
    for sal in service.service_at_locations.all():
        location = sal.location
        add_text(f"{location.name} {location.city}", W_TEXT)
        if location.gemeente_id:
            add(f"#g:{location.gemeente_id}", 0)
        for schedule in sal.schedules.all():
            for day in _schedule_days(schedule.byday):
                add(f"#d:{day}", 0)
                if location.branch_id:
                    add(f"#l:{day}", 0)
                last_hour = (
                    (schedule.closes_at.hour - 1)
                    if schedule.closes_at.minute == 0
                    else schedule.closes_at.hour
                )
                for hour in range(schedule.opens_at.hour, last_hour + 1):
                    add(f"#o:{day}:{hour:02d}", 0)
    return tokens


def _schedule_days(byday: str) -> set[str]:
    return {m.group(2) for part in byday.split(",") if (m := _DAY_RE.match(part.strip()))}


def _words_for(service: Service) -> set[str]:
    org = service.organization
    text = " ".join(
        [service.name, service.alternate_name, org.name, org.alternate_name, service.description]
        + [f"{sal.location.name} {sal.location.city}" for sal in service.service_at_locations.all()]
    )
    return set(words_of(text))


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
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        SearchToken.objects.filter(service_id__in=chunk).delete()
        services = prefetch_for_display(Service.objects.filter(id__in=chunk))
        rows: list[SearchToken] = []
        words: set[str] = set()
        for service in services:
            rows.extend(
                SearchToken(service=service, token=token, weight=weight)
                for token, weight in tokens_for(service).items()
            )
            words |= _words_for(service)
        SearchToken.objects.bulk_create(rows, batch_size=2000)
        SearchWord.objects.bulk_create(
            [SearchWord(word=w) for w in sorted(words)], batch_size=2000, ignore_conflicts=True
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

    key: tuple[int, int]
    words: frozenset[str]
    stems: frozenset[str]
    deletes: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, key: tuple[int, int], words: Iterable[str]) -> Vocabulary:
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
    """The cached vocabulary; reloaded when the word table changed (count and highest id)."""
    global _vocabulary  # one process-wide cache, checked against the table on every search
    numbers = SearchWord.objects.aggregate(n=Count("id"), m=Max("id"))
    key = (numbers["n"] or 0, numbers["m"] or 0)
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


@dataclass(frozen=True)
class LibrarySession:
    """A spreekuur or opening today at a library branch."""

    opens: datetime
    closes: datetime
    location: Location
    where: str
    host: str


@dataclass(frozen=True)
class SearchResult:
    service: Service
    score: int
    words_matched: int
    next_opening: tuple[datetime, datetime] | None
    next_location: Location | None
    next_schedule: Schedule | None
    open_now: bool
    in_library_today: list[LibrarySession]
    stale: bool
    referral_methods: tuple[str, ...]


@dataclass(frozen=True)
class _Candidate:
    service_id: int
    matched: int
    score: int


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

    candidates = _candidates(services, query_words, filters, today_code, limit)
    exact = open_now or in_library_today
    results: list[SearchResult] = []
    batch = limit + 10
    for start in range(0, len(candidates), batch):
        chunk = candidates[start : start + batch]
        loaded = {s.pk: s for s in _for_results(Service.objects.filter(id__in=[c.service_id for c in chunk]))}
        for candidate in chunk:
            service = loaded.get(candidate.service_id)
            if service is None:
                continue
            result = _result(service, candidate, local, moment)
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


def _for_results(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """What a result needs (partner, places, schedules): fewer prefetches than ``prefetch_for_display``."""
    return queryset.select_related("organization").prefetch_related(
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("schedules"),
        )
    )


def _candidates(
    services: QuerySet[Service],
    query_words: list[QueryWord],
    filters: list[set[str]],
    today_code: str,
    limit: int,
) -> list[_Candidate]:
    """One grouped query over the index: words matched, weight and filters per service, best first."""
    wanted: set[str] = set()
    for qw in query_words:
        wanted |= set(qw.tokens)
    for tokens in filters:
        wanted |= tokens
    soon = f"#d:{today_code}"
    if not wanted:
        wanted = {"#*"}
    wanted.add(soon)
    rows = SearchToken.objects.filter(token__in=sorted(wanted), service_id__in=services.values("id"))
    annotations: dict[str, Any] = {}
    for i, qw in enumerate(query_words):
        by_weight: dict[int, list[str]] = {}
        for token, weight in qw.tokens.items():
            by_weight.setdefault(weight, []).append(token)
        annotations[f"w{i}"] = Max(
            Case(
                *[
                    When(token__in=sorted(tokens), then=F("weight") * Value(weight))
                    for weight, tokens in sorted(by_weight.items(), reverse=True)
                ],
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        annotations[f"m{i}"] = Max(
            Case(When(token__in=sorted(qw.tokens), weight__gt=0, then=Value(1)), default=Value(0))
        )
    for j, tokens in enumerate(filters):
        annotations[f"f{j}"] = Max(Case(When(token__in=sorted(tokens), then=Value(1)), default=Value(0)))
    annotations["soon"] = Max(Case(When(token=soon, then=Value(1)), default=Value(0)))
    grouped = rows.values("service_id").annotate(**annotations)
    if filters:
        grouped = grouped.filter(**{f"f{j}": 1 for j in range(len(filters))})
    if query_words:
        matched = sum((F(f"m{i}") for i in range(len(query_words))), start=Value(0))
        score = sum((F(f"w{i}") for i in range(len(query_words))), start=Value(0))
        grouped = grouped.annotate(matched=matched, score=score).filter(matched__gt=0)
    else:
        grouped = grouped.annotate(matched=Value(0), score=Value(0))
    grouped = grouped.order_by(F("matched").desc(), F("score").desc(), F("soon").desc(), "service_id")
    cap = max(limit * 10, 200)
    return [
        _Candidate(row["service_id"], row["matched"], row["score"])
        for row in grouped.values("service_id", "matched", "score")[:cap]
    ]


# --- opening times --------------------------------------------------------------------------------------


def _parsed_days(byday: str) -> list[tuple[int | None, int]]:
    parts = []
    for part in byday.split(","):
        match = _DAY_RE.match(part.strip())
        if match:
            parts.append(
                (int(match.group(1)) if match.group(1) else None, WEEKDAY_CODES.index(match.group(2)))
            )
    return parts


def _iter_schedule_days(schedule: Schedule, start: date, end: date) -> Iterator[date]:
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


def schedule_days(schedule: Schedule, start: date, end: date) -> list[date]:
    """The days from ``start`` through ``end`` a schedule is on, as ``Schedule.occurrences`` computes them
    (same anchor, interval and UNTIL), without running dateutil's iterator from the anchor each time."""
    return list(_iter_schedule_days(schedule, start, end))


def next_period(schedule: Schedule, moment: datetime) -> tuple[datetime, datetime] | None:
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


def periods(schedule: Schedule, start: date, end: date) -> list[tuple[datetime, datetime]]:
    return [
        (datetime.combine(day, schedule.opens_at), datetime.combine(day, schedule.closes_at))
        for day in schedule_days(schedule, start, end)
    ]


def _result(service: Service, candidate: _Candidate, local: datetime, moment: datetime) -> SearchResult:
    today = moment.date()
    tz = local.tzinfo
    best: tuple[datetime, datetime] | None = None
    best_location: Location | None = None
    best_schedule: Schedule | None = None
    is_open = False
    sessions: list[LibrarySession] = []
    sal: ServiceAtLocation
    for sal in service.service_at_locations.all():
        for schedule in sal.schedules.all():
            upcoming = [
                p for p in periods(schedule, today, today + timedelta(days=HORIZON_DAYS)) if p[1] > moment
            ]
            if not upcoming:
                continue
            opens, closes = upcoming[0]
            if opens <= moment:
                is_open = True
            if best is None or opens < best[0]:
                best, best_location, best_schedule = (opens, closes), sal.location, schedule
            if sal.location.branch_id:
                sessions.extend(
                    LibrarySession(_aware(o, tz), _aware(c, tz), sal.location, schedule.where, schedule.host)
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
        stale=service.is_stale(today),
        referral_methods=tuple(service.referral_methods),
    )


def _aware(moment: datetime, tz: Any) -> datetime:
    if tz is None:
        return moment
    return timezone.make_aware(moment, tz) if timezone.is_naive(moment) else moment
