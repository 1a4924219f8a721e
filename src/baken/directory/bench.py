"""`make bench` for the desk search (issue 4): search p95 at 1k, 10k and 100k services on PostgreSQL.

Runs in its own database ``baken_bench_directory`` (``baken.core.benchdb``), generates partners, services with
topics, target groups, gemeenten, locations and schedules with ``bulk_create`` (cumulatively: each size
adds to the last), builds the token index with the production code (``search.reindex_services``), and
prints p50/p95 of a realistic mix of desk searches through ``search_services``.
Sizes: ``BENCH_DIRECTORY_SIZES=1000,10000,100000`` (the default). Target: p95 < 50 ms at 100k.
"""

# ruff: noqa: E501, SIM905  (bench data tables read better on one line)
from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import datetime
from datetime import time as dtime
from typing import Any

from baken.core.benchdb import run_in_own_database

DEFAULT_SIZES = "1000,10000,100000"
GEMEENTEN, LIBRARIES = 40, 12
RUNS = 60
TARGET_MS = 50.0

WORDS = (
    "hulp formulieren brieven toeslagen belastingaangifte schulden geldzaken uitkering bijstand digid "
    "rijbewijs computer tablet smartphone taal lezen schrijven rekenen wonen huur zorg wmo ouderen "
    "jongeren advies spreekuur inloop administratie budget bezwaar juridisch werk sollicitatie inburgering "
    "vrijwilligers buurthuis welzijn mantelzorg gezondheid verzekering pensioen kinderbijslag studie"
).split()
NAMES = ["Formulierenhulp", "Schuldhulp", "Taalhuis", "Digicafé", "Ouderenadvies", "Juridisch spreekuur",
         "Budgetcoach", "Klik & Tik", "Thuisadministratie", "Wijkteam", "Inloopspreekuur", "Sociaal raadslieden"]  # fmt: skip
TOPICS = ["toeslagen", "belastingaangifte", "digid", "uitkering", "gemeente", "boetes", "bankzaken", "wonen",
          "cursus", "apparaat_account", "zorg_eigen_bijdrage", "aow_kinderbijslag", "rijbewijs"]  # fmt: skip
GROUPS = ["65plus", "laaggeletterd", "digitaal", "nt2", "jongere", "financiele_zorgen"]
DAYS = ["MO", "TU", "WE", "TH", "FR"]
QUERIES: list[dict[str, Any]] = [
    {"text": "huurtoeslag formulier"},
    {"text": "huurtoslag"},
    {"text": "schulden", "open_now": True},
    {"text": "digid", "in_library_today": True},
    {"text": "formulieren brieven", "gemeente": True},
    {"text": "taal lezen schrijven", "target_groups": ["nt2"]},
    {"text": "belasting aangifte", "gemeente": True, "open_now": True},
    {"topics": ["toeslagen"], "gemeente": True},
    {"text": "computer", "kind": "cursus"},
    {"text": "formulierenbrigde"},
]


def run() -> int:
    return run_in_own_database("directory", "baken.directory.bench")


def _setup() -> tuple[list[int], list[int], list[int]]:
    from baken.core.models import Branch, Gemeente, Library

    Gemeente.objects.bulk_create(
        Gemeente(cbs_code=f"GM{i:04d}", name=f"Gemeente {i}", slug=f"gm{i}") for i in range(GEMEENTEN)
    )
    Library.objects.bulk_create(Library(slug=f"lib{i}", name=f"Bibliotheek {i}") for i in range(LIBRARIES))
    gemeenten = list(Gemeente.objects.values_list("pk", flat=True))
    libraries = list(Library.objects.values_list("pk", flat=True))
    Branch.objects.bulk_create(
        Branch(
            library_id=libraries[i % LIBRARIES],
            gemeente_id=gemeenten[i % GEMEENTEN],
            slug=f"b{i}",
            name=f"Vestiging {i}",
        )
        for i in range(GEMEENTEN)
    )
    branches = list(Branch.objects.values_list("pk", flat=True))
    return gemeenten, libraries, branches


def _generate(
    count: int,
    start: int,
    rng: random.Random,
    gemeenten: list[int],
    libraries: list[int],
    branches: list[int],
) -> list[int]:
    from datetime import date

    from baken.directory.models import (
        Location,
        Organization,
        Schedule,
        Service,
        ServiceAtLocation,
        ServiceTerm,
    )

    orgs = Organization.objects.bulk_create(
        Organization(library_id=libraries[i % LIBRARIES], name=f"Partner {start + i}", description="Partner")
        for i in range(max(1, count // 5))
    )
    locations = Location.objects.bulk_create(
        Location(
            library_id=org.library_id,
            organization=org,
            name=f"Locatie {org.name}",
            address_1="Dorpsstraat 1",
            city="Plaats",
            gemeente_id=rng.choice(gemeenten),
            branch_id=rng.choice(branches) if rng.random() < 0.2 else None,
        )
        for org in orgs
    )
    services = Service.objects.bulk_create(
        Service(
            library_id=orgs[i % len(orgs)].library_id,
            organization=orgs[i % len(orgs)],
            name=f"{rng.choice(NAMES)} {start + i}",
            description=" ".join(rng.sample(WORDS, 14)),
            walk_in=True,
            last_verified_on=date(2026, rng.randint(1, 11), 1),
        )
        for i in range(count)
    )
    terms = []
    sals = []
    through = Service.gemeenten.through
    served = []
    for i, service in enumerate(services):
        for code in rng.sample(TOPICS, 2):
            terms.append(ServiceTerm(service=service, vocabulary="topic", code=code))
        terms.append(ServiceTerm(service=service, vocabulary="target_group", code=rng.choice(GROUPS)))
        if rng.random() < 0.6:
            served += [through(service_id=service.pk, gemeente_id=g) for g in rng.sample(gemeenten, 2)]
        sals.append(ServiceAtLocation(service=service, location=locations[i % len(locations)]))
    ServiceTerm.objects.bulk_create(terms, batch_size=5000)
    through.objects.bulk_create(served, batch_size=5000)
    ServiceAtLocation.objects.bulk_create(sals, batch_size=5000)
    schedules = []
    for sal in sals:
        for _ in range(rng.choice([1, 1, 2])):
            opens = rng.choice([9, 10, 13, 14])
            monthly = rng.random() < 0.1
            schedules.append(
                Schedule(
                    service_at_location=sal,
                    freq="MONTHLY" if monthly else "WEEKLY",
                    byday=f"1{rng.choice(DAYS)}"
                    if monthly
                    else ",".join(sorted(rng.sample(DAYS, rng.randint(1, 3)))),
                    opens_at=dtime(opens),
                    closes_at=dtime(opens + rng.choice([2, 3])),
                    is_spreekuur=rng.random() < 0.3,
                )
            )
    Schedule.objects.bulk_create(schedules, batch_size=5000)
    return [s.pk for s in services]


def inner() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from baken.directory.models import SearchToken, Service
    from baken.directory.search import reindex_services, search_services

    sizes = [int(s) for s in os.environ.get("BENCH_DIRECTORY_SIZES", DEFAULT_SIZES).split(",") if s.strip()]
    call_command("migrate", verbosity=0)
    rng = random.Random(4)
    gemeenten, libraries, branches = _setup()
    print(f"target: search p95 < {TARGET_MS:.0f} ms at 100k services; {RUNS} runs per query")
    have = 0
    now = timezone.make_aware(datetime(2026, 12, 9, 10, 30))
    worst = 0.0
    for size in sorted(sizes):
        started = time.perf_counter()
        ids = _generate(size - have, have, rng, gemeenten, libraries, branches)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        reindex_services(ids)
        indexed = time.perf_counter() - started
        have = size
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load (index-only scans)
        print(
            f"\n--- {Service.objects.count():,} services (generated in {generated:.0f} s, indexed in {indexed:.1f} s, "
            f"{SearchToken.objects.count():,} index rows)"
        )
        services = Service.objects.filter(status="active")
        timings: list[float] = []
        per_query: dict[str, list[float]] = {}
        for run in range(RUNS):
            for query in QUERIES:
                kwargs: dict[str, Any] = dict(query)
                gemeente = kwargs.pop("gemeente", False)
                t0 = time.perf_counter()
                search_services(
                    services=services,
                    now=now,
                    gemeente_id=gemeenten[run % GEMEENTEN] if gemeente else None,
                    limit=30,
                    **kwargs,
                )
                ms = (time.perf_counter() - t0) * 1000
                timings.append(ms)
                per_query.setdefault(str(query), []).append(ms)
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]
        worst = p95
        print(f"  all queries: p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {'ok' if p95 < TARGET_MS else 'SLOW'}")
        for name, values in per_query.items():
            print(f"    {name:<80} p95 {statistics.quantiles(values, n=20)[-1]:6.1f} ms")
    print(f"\np95 at the largest size: {worst:.1f} ms ({'ok' if worst < TARGET_MS else 'over target'})")
    return 0


if __name__ == "__main__":
    if "--inner" in sys.argv:
        sys.exit(inner())
    sys.exit(run())
