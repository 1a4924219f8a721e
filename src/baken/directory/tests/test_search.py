"""The desk search (issue 4): words, synonyms, typos, filters, opening times; run on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from baken.core.models import Gemeente, Library
from baken.core.scope import Level, Scope
from baken.core.taxonomy import Topic
from baken.directory import search, selectors
from baken.directory.models import Schedule, SearchToken, Service, ServiceKind, ServiceTerm
from baken.directory.search import search_services
from baken.directory.services import set_service_terms

pytestmark = pytest.mark.django_db

# Wednesday 9 December 2026, 10:00 local: the Formulierenbrigade is in the library from 13:30 to 16:00.
WEDNESDAY = datetime(2026, 12, 9, 10, 0)


def _now(naive: datetime = WEDNESDAY) -> datetime:
    return timezone.make_aware(naive)


def _aanzee() -> Scope:
    return Scope(Level.LIBRARY, library_id=Library.objects.get(slug="aanzee").pk)


def _rivierenland() -> Scope:
    return Scope(Level.LIBRARY, library_id=Library.objects.get(slug="rivierenland").pk)


def _names(results: list[search.SearchResult]) -> list[str]:
    return [r.service.name for r in results]


def _search(text: str = "", scope: Scope | None = None, **filters: object) -> list[search.SearchResult]:
    services = selectors.visible_services(scope=scope or _aanzee())
    return search_services(services=services, text=text, now=filters.pop("now", _now()), **filters)  # type: ignore[arg-type]


def test_the_acceptance_question_in_one_search(demo: None) -> None:
    """Who helps with a huurtoeslag form, open today in Zeestad: one search."""
    zeestad = Gemeente.objects.get(slug="zeestad")
    results = _search("huurtoeslag formulier", gemeente_id=zeestad.pk, in_library_today=True)
    assert _names(results)[0] == "Formulierenbrigade Zeestad"
    first = results[0]
    assert first.next_opening is not None
    opens, closes = first.next_opening
    assert (opens.hour, opens.minute, closes.hour) == (13, 30, 16)
    assert first.next_location is not None and first.next_location.branch_id is not None
    assert [s.where for s in first.in_library_today] == ["Tafel naast de IDO-balie"]
    assert first.referral_methods == ("telefoon", "email", "binnenlopen")
    assert not first.stale


@pytest.mark.parametrize(
    "text", ["huurtoslag", "formulierenbrigde", "huurtoeslag formulierenbrigde", "FORMULIEREN"]
)
def test_typos_and_case_still_find_it(demo: None, text: str) -> None:
    assert "Formulierenbrigade Zeestad" in _names(_search(text))[:3]


def test_synonym_finds_the_topic_without_the_word(demo: None) -> None:
    # "zorgtoeslag" is in no description; the synonyms file maps it to the toeslagen topic.
    names = _names(_search("zorgtoeslag"))
    assert "Formulierenbrigade Zeestad" in names
    assert "Sociaal raadslieden: spreekuur geldzaken" in names
    assert "SeniorWeb digitaal spreekuur" not in names
    # "ww" → UWV benefits
    assert "Sociaal raadslieden: spreekuur geldzaken" in _names(_search("ww"))


def test_compound_word_finds_its_parts(demo: None) -> None:
    # "schuldhulp" is typed as one word; "schulden" is in the Schuldhulpverlening description.
    assert "Schuldhulpverlening Duinwijk" in _names(_search("schuldhulp"))[:2]


def test_unknown_word_finds_nothing_and_empty_text_finds_all(demo: None) -> None:
    assert _search("xylofoonstemmer") == []
    everything = _search("")
    assert len(everything) == selectors.visible_services(scope=_aanzee()).count()


def test_more_matched_words_rank_higher(demo: None) -> None:
    names = _names(_search("formulier brief toeslag"))
    assert names[0] == "Formulierenbrigade Zeestad"


def test_filter_on_topic(demo: None) -> None:
    results = _search(topics=[Topic.DIGID])
    assert set(_names(results)) == {"SeniorWeb digitaal spreekuur", "Digisterker: werken met de e-overheid"}


def test_filter_on_target_group_and_kind(demo: None) -> None:
    assert set(_names(_search(target_groups=["nt2"]))) == {"Formulierenbrigade Zeestad", "Taalhuis Zeestad"}
    courses = _names(_search(kind=ServiceKind.COURSE))
    assert courses and all(Service.objects.get(name=name).kind == ServiceKind.COURSE for name in courses)


def test_filter_on_gemeente(demo: None) -> None:
    duinwijk = Gemeente.objects.get(slug="duinwijk")
    names = set(_names(_search(gemeente_id=duinwijk.pk)))
    assert "Schuldhulpverlening Duinwijk" in names
    assert "Sociaal raadslieden: spreekuur geldzaken" in names  # serves Zeestad and Duinwijk
    assert "Klik & Tik: de basis" in names  # everyone may come, and it is in Duinwijk
    assert "Formulierenbrigade Zeestad" not in names  # only for Zeestad
    assert "Ouderenadvies Zeestad" not in names


def test_filter_open_now(demo: None) -> None:
    # Wednesday 10:00: raadslieden (MO,WE,FR 9–12:30), Schuldhulp (weekdays 9–16), Juridisch Loket, SeniorWeb.
    names = set(_names(_search(open_now=True)))
    assert names == {
        "Sociaal raadslieden: spreekuur geldzaken",
        "Schuldhulpverlening Duinwijk",
        "Juridisch advies",
        "SeniorWeb digitaal spreekuur",
    }
    assert all(r.open_now for r in _search(open_now=True))
    # 12:45: the raadslieden have just closed
    later = set(_names(_search(open_now=True, now=_now(WEDNESDAY.replace(hour=12, minute=45)))))
    assert "Sociaal raadslieden: spreekuur geldzaken" not in later
    assert "Schuldhulpverlening Duinwijk" in later


def test_filter_in_the_library_today(demo: None) -> None:
    names = set(_names(_search(in_library_today=True)))
    assert names == {"Formulierenbrigade Zeestad", "SeniorWeb digitaal spreekuur"}
    # Thursday 10 December is the second Thursday: the Juridisch Loket's monthly spreekuur in Duinwijk.
    thursday = set(_names(_search(in_library_today=True, now=_now(datetime(2026, 12, 10, 9)))))
    assert "Juridisch advies" in thursday
    assert "Taalhuis Zeestad" in thursday
    next_thursday = set(_names(_search(in_library_today=True, now=_now(datetime(2026, 12, 17, 9)))))
    assert "Juridisch advies" not in next_thursday


def test_open_soon_ranks_first_among_equals(demo: None) -> None:
    results = _search(topics=[Topic.TOESLAGEN])
    openings = [r.next_opening[0] for r in results if r.next_opening]
    assert openings == sorted(openings)


@pytest.mark.parametrize("filtered", ["nothing", "topic", "gemeente and kind"])
@pytest.mark.parametrize("batch", [1, 2])
def test_a_small_pool_without_words_starts_like_the_full_one(
    demo: None, monkeypatch: pytest.MonkeyPatch, filtered: str, batch: int
) -> None:
    """A search that evaluates only its first batch asks SQL for just that batch: the same services."""
    monkeypatch.setattr(search, "SMALL_FILTER", 0)  # no small driving filter: the per-arm LIMIT path
    zeestad = Gemeente.objects.get(slug="zeestad").pk
    filters = {
        "nothing": [],
        "topic": [{f"#t:{Topic.TOESLAGEN}"}],
        "gemeente and kind": [{"#g:*", f"#g:{zeestad}"}, {f"#k:{ServiceKind.HELP}"}],
    }[filtered]
    services = selectors.visible_services(scope=_aanzee())
    full = search._candidates(services, [], filters, "WE", per_token=batch, cap=200)
    small = search._candidates(services, [], filters, "WE", per_token=batch, cap=batch)
    assert len(full) > batch  # more than one batch, so the smaller pool is really cut
    assert small == full[:batch]


def test_scope_decides_what_is_found(demo: None) -> None:
    names = _names(_search("juridisch", scope=_rivierenland()))
    assert names[0] == "Juridisch advies"  # shared by Aan Zee with Rivierenland
    assert "Formulierenbrigade Zeestad" not in _names(_search("formulier", scope=_rivierenland()))
    assert "Formulierenhulp Dijkdorp" in _names(_search("formulier", scope=_rivierenland()))


def test_stale_services_are_marked(demo: None) -> None:
    result = next(r for r in _search("ouderenadvies") if r.service.name == "Ouderenadvies Zeestad")
    assert result.stale


def test_index_follows_edits(demo: None) -> None:
    service = Service.objects.get(name="Thuisadministratie")
    assert "Thuisadministratie" not in _names(_search("rijbewijs"))
    set_service_terms(service=service, vocabulary=ServiceTerm.Vocabulary.TOPIC, codes=[Topic.RIJBEWIJS])
    assert "Thuisadministratie" in _names(_search("rijbewijs"))
    service.name = "Papierwinkel thuis"
    service.save()
    assert "Papierwinkel thuis" in _names(_search("papierwinkel"))
    sal = service.service_at_locations.first()
    assert sal is not None
    Schedule.objects.create(service_at_location=sal, byday="WE", opens_at=time(9), closes_at=time(11))
    assert "Papierwinkel thuis" in _names(_search(open_now=True))
    service.delete()
    assert not SearchToken.objects.filter(service_id=sal.service_id).exists()


def test_rebuild_gives_the_same_index(demo: None) -> None:
    before = set(SearchToken.objects.values_list("service_id", "token", "weight"))
    search.rebuild_index()
    assert set(SearchToken.objects.values_list("service_id", "token", "weight")) == before


def test_synonyms_file_is_valid() -> None:
    syn = search.synonyms()
    assert syn.groups and syn.parts
    for _, topics in syn.groups:
        assert set(topics) <= set(Topic.values)


def test_stemming_meets_plural_and_doubled_vowels() -> None:
    assert search.stem("toeslagen") == search.stem("toeslag")
    assert search.stem("formulieren") == search.stem("formulier")
    assert "toeslag" in search.compound_parts("huurtoeslag")


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("huurtoeslag", "huurtoslag", 1),
        ("brief", "breif", 1),
        ("formulier", "fromulier", 1),
        ("abc", "abc", 0),
    ],
)
def test_damerau_levenshtein(a: str, b: str, distance: int) -> None:
    assert search.damerau_levenshtein(a, b, 3) == distance


def test_fast_schedule_days_agree_with_the_rrule() -> None:
    """The search's own day arithmetic gives exactly the days of Schedule.occurrences (dateutil)."""
    rng = random.Random(4)
    codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    for _ in range(150):
        freq = rng.choice([Schedule.Freq.WEEKLY, Schedule.Freq.MONTHLY])
        if freq == Schedule.Freq.WEEKLY:
            byday = ",".join(sorted(set(rng.sample(codes, rng.randint(1, 3)))))
        else:  # numbered days (dateutil mixes numbered and plain days oddly; the forms never do)
            byday = ",".join(f"{rng.choice(['1', '2', '3', '4', '-1'])}{rng.choice(codes)}" for _ in range(2))
        valid_from = date(2026, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.3 else None
        valid_to = (
            (valid_from or date(2026, 6, 1)) + timedelta(days=rng.randint(10, 300))
            if rng.random() < 0.3
            else None
        )
        schedule = Schedule(
            freq=freq,
            byday=byday,
            interval=rng.choice([1, 1, 2, 3]),
            opens_at=time(9),
            closes_at=time(12),
            valid_from=valid_from,
            valid_to=valid_to,
        )
        start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 500))
        end = start + timedelta(days=62)
        expected = [opens.date() for opens, _ in schedule.occurrences(start=start, end=end)]
        assert search.schedule_days(schedule, start, end) == expected, (
            schedule.rrule_text,
            valid_from,
            start,
        )


@pytest.mark.parametrize(
    ("filters", "queries"),
    [
        # vocabulary version, ranked candidates, the services with partner, places and schedules (one query
        # of plain rows since the results stopped loading models: it was one for services, one for schedules)
        ({"text": "huurtoeslag formulier"}, 3),
        ({"text": "formulier", "limit": 2}, 3),
        # + the sizes of the filters (a small filter drives the search)
        ({"text": "huurtoeslag formulier", "gemeente": True, "in_library_today": True}, 4),
        ({"topics": [Topic.TOESLAGEN], "gemeente": True}, 4),
        ({}, 3),
    ],
)
def test_a_search_takes_a_fixed_number_of_queries(
    demo: None, django_assert_num_queries: Any, filters: dict[str, Any], queries: int
) -> None:
    """However many results, a search asks the database the same few questions (no N+1)."""
    services = selectors.visible_services(scope=_aanzee())
    arguments = dict(filters)
    if arguments.pop("gemeente", False):
        arguments["gemeente_id"] = Gemeente.objects.get(slug="zeestad").pk
    search_services(services=services, now=_now(), **arguments)  # the vocabulary is loaded once
    with django_assert_num_queries(queries):
        results = search_services(services=services, now=_now(), **arguments)
    assert results
