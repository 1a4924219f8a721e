"""`make bench`: server time of registering a contact through the real view, on PostgreSQL with 1 million
existing contacts, against a minimal view that inserts one row, both measured in the same run.

Runs in its own database ``baken_bench_registrations`` (``baken.core.benchdb``). The
1 million contacts (each with a question and a help) are generated inside PostgreSQL with
``generate_series``. Both views go through the full middleware stack (session, authentication,
inactivity, CSP ...) via Django's test client; the time is measured around the request.
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from baken.core.benchdb import run_in_own_database

EXISTING_CONTACTS = 1_000_000
SAMPLES = 400
WARMUP = 30
TARGET_P95_MS = 50.0
TARGET_RATIO = 2.0


def run() -> int:
    return run_in_own_database("registrations", "baken.registrations.bench", settings="baken.settings.test")


# ---------------------------------------------------------------------------------------------------
# Inside the subprocess (Django set up against the bench database)


def _generate(existing: int) -> float:
    from django.db import connection

    from baken.core.models import Branch, User
    from baken.core.taxonomy import Topic

    branches = list(Branch.objects.order_by("id").values_list("id", "library_id"))
    user_id = User.objects.get(username="medewerker.aanzee").pk
    branch_ids = [b for b, _ in branches]
    library_ids = [lib for _, lib in branches]
    topics = list(Topic.values)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Only the generated rows get a question and a help (the demo contacts have theirs).
        cursor.execute("SELECT coalesce(max(id), 0) FROM registrations_contact")
        first_contact = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM registrations_question")
        first_question = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO registrations_contact (library_id, branch_id, date, hour, channel, duration, outcome,
                target_groups, remark, source, idempotency_key, created_by_id, created_at, is_deleted)
            SELECT (%(libraries)s::bigint[])[1 + mod(g, %(n)s)], (%(branches)s::bigint[])[1 + mod(g, %(n)s)],
                   current_date - mod(g, 1095), 9 + mod(g, 8),
                   (ARRAY['balie','afspraak','telefoon','email'])[1 + mod(g, 4)],
                   (ARRAY['lt5','5_15','15_30','30_60','gt60'])[1 + mod(g, 5)],
                   (ARRAY['geholpen','doorverwezen','terugkomen','niet_geholpen'])[1 + mod(g, 4)],
                   '[]'::jsonb, '', 'desk', md5(g::text)::uuid, %(user)s, now(), false
            FROM generate_series(1, %(existing)s) AS g
            """,
            {
                "libraries": library_ids,
                "branches": branch_ids,
                "n": len(branches),
                "user": user_id,
                "existing": existing,
            },
        )
        cursor.execute(
            """
            INSERT INTO registrations_question (library_id, branch_id, date, contact_id, position, domain,
                topic, organisation, bestuurslaag, course_suggested)
            SELECT library_id, branch_id, date, id, 1, 'digitale_overheid',
                   (%(topics)s::text[])[1 + mod(id, %(n)s)], '', '', false
            FROM registrations_contact WHERE id > %(after)s
            """,
            {"topics": topics, "n": len(topics), "after": first_contact},
        )
        cursor.execute(
            """
            INSERT INTO registrations_questionhelp (library_id, branch_id, date, question_id, topic, help)
            SELECT library_id, branch_id, date, id, topic, 'meekijken' FROM registrations_question
            WHERE id > %(after)s
            """,
            {"after": first_question},
        )
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def _minimal_view(request: Any) -> Any:
    """The yardstick: signed in, one role check, one row inserted, a redirect."""
    from django.shortcuts import redirect

    from baken.core.models import AuditEvent

    AuditEvent.objects.create(actor=request.user, action=AuditEvent.Action.CREATE, target="bench")
    return redirect("core:desk")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def _measure(call: Callable[[], int]) -> float:
    started = time.perf_counter()
    status = call()
    elapsed = (time.perf_counter() - started) * 1000
    if status != 302:
        raise SystemExit(f"unexpected status {status}")
    return elapsed


def inner() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.urls import path
    from django.utils import timezone

    from baken.core.demo import load_all
    from baken.core.models import Branch, User
    from baken.core.permissions import role_required
    from baken.core.roles import DESK_ROLES
    from baken.registrations.models import Contact

    setup_test_environment()
    call_command("migrate", verbosity=0)
    load_all()
    seconds = _generate(EXISTING_CONTACTS)
    print(f"generated {Contact.objects.count():,} contacts (with questions and helps) in {seconds:.1f} s")

    import baken.urls

    module = type(sys)("bench_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/minimal/", role_required(DESK_ROLES)(_minimal_view)),
        *baken.urls.urlpatterns,
    ]
    sys.modules["bench_urls"] = module

    user = User.objects.get(username="medewerker.aanzee")
    branch = Branch.objects.get(slug="zeestad-centrum")
    client = Client()
    client.force_login(user)
    today = timezone.localdate().isoformat()

    def register() -> int:
        data = {
            "idempotency_key": str(uuid.uuid4()),
            "question_count": "1",
            "branch": str(branch.pk),
            "date": today,
            "hour": "10",
            "channel": "balie",
            "duration": "5_15",
            "outcome": "geholpen",
            "q1-topic": "digid",
            "q1-helps": ["meekijken", "informatie"],
            "q1-organisation": "",
            "remark": "Komt terug met de activeringscode",
            "action": "save",
        }
        return client.post("/registraties/contact/", data).status_code

    def minimal() -> int:
        return client.post("/bench/minimal/").status_code

    with override_settings(ROOT_URLCONF="bench_urls", DEBUG=False):
        for _ in range(WARMUP):
            _measure(register)
            _measure(minimal)
        real: list[float] = []
        base: list[float] = []
        for _ in range(SAMPLES):  # interleaved, so both see the same conditions
            real.append(_measure(register))
            base.append(_measure(minimal))
    real_p50, real_p95 = _percentiles(real)
    base_p50, base_p95 = _percentiles(base)
    ratio = real_p95 / base_p95
    print(
        f"register a contact (real view):   p50 {real_p50:6.2f} ms   p95 {real_p95:6.2f} ms   (n={SAMPLES})"
    )
    print(
        f"minimal view inserting one row:   p50 {base_p50:6.2f} ms   p95 {base_p95:6.2f} ms   (n={SAMPLES})"
    )
    print(f"ratio p95 real/minimal: {ratio:.2f}   (p50 ratio {real_p50 / base_p50:.2f})")
    ok_abs = real_p95 < TARGET_P95_MS
    ok_ratio = ratio <= TARGET_RATIO
    print(
        f"targets: p95 < {TARGET_P95_MS:.0f} ms: {'met' if ok_abs else 'NOT met'}; "
        f"ratio <= {TARGET_RATIO:.1f}: {'met' if ok_ratio else 'NOT met'}"
    )
    return 0 if ok_abs and ok_ratio else 1


if __name__ == "__main__":
    sys.exit(inner() if "--inner" in sys.argv else run())
