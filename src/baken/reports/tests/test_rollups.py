"""The rollups equal a direct count over the raw registrations, also after edits and deletes."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.db.models import Q

from baken.core.models import Branch, User
from baken.core.scope import Level, Scope
from baken.registrations import services
from baken.registrations.models import Question, QuestionHelp
from baken.reports import rollups, selectors
from baken.reports.models import Rollup, RollupDirty, RollupFact, RollupMargin
from baken.reports.periods import Period, PeriodKind

from .factories import random_contacts, register, tally

START = date(2025, 1, 20)
PERIODS = [
    Period(PeriodKind.CUSTOM, date(2025, 1, 1), date(2025, 12, 31)),
    Period(PeriodKind.MONTH, date(2025, 2, 1), date(2025, 2, 28)),
    Period(PeriodKind.CUSTOM, date(2025, 1, 25), date(2025, 3, 10)),
    Period(PeriodKind.WEEK, date(2025, 2, 3), date(2025, 2, 9)),
]


def _referral(question: Question) -> str:
    codes = {h.help for h in question.helps.all()}
    if "warm_doorverwezen" in codes:
        return "warm"
    if "koud_doorverwezen" in codes:
        return "koud"
    return "geen"


def _raw(area: Q, period: Period, **codes: Any) -> dict[str, Counter]:
    """Counts straight from the registrations, computed in Python (``codes``: the dashboard's filters)."""
    questions = (
        Question.objects.filter(area, date__range=(period.start, period.end), contact__is_deleted=False)
        .select_related("contact")
        .prefetch_related("helps")
    )
    raw: dict[str, Counter] = {
        name: Counter() for name in ("topic", "organisation", "channel", "referral", "help")
    }
    raw["total"] = Counter()
    contacts = set()
    for q in questions:
        values = {"topic": q.topic, "channel": q.contact.channel, "referral": _referral(q)}
        if any(values[name] != code for name, code in codes.items() if name != "help"):
            continue
        if "help" in codes:
            if codes["help"] not in {h.help for h in q.helps.all()}:
                continue
            raw["help"][codes["help"]] += 1  # with a help filter, every table counts these questions
        raw["total"]["questions"] += 1
        contacts.add(q.contact_id)
        raw["topic"][q.topic] += 1
        raw["organisation"][q.organisation] += 1
        raw["channel"][q.contact.channel] += 1
        raw["referral"][_referral(q)] += 1
        if "help" not in codes:
            for h in q.helps.all():
                raw["help"][h.help] += 1
    raw["total"]["contacts"] = len(contacts)
    return raw


def _unprotected(scope: Scope, period: Period, **codes: Any) -> dict[str, Counter]:
    board = selectors.dashboard(scope=scope, filters=selectors.Filters(period=period, **codes))
    got: dict[str, Counter] = {}
    for table in board.tables:
        got[table.key] = Counter({row.code: row.cell.value for row in table.rows})
    got["total"] = Counter({"questions": board.questions.value or 0})
    if board.contacts is not None:
        got["total"]["contacts"] = board.contacts.value or 0
    assert sum(row.cell.value or 0 for row in board.series.rows) == got["total"]["questions"]
    assert board.area is not None
    assert sum(row.cell.value or 0 for row in board.area.rows) == got["total"]["questions"]
    return got


FILTERS: list[dict[str, Any]] = [
    {"topic": "digid"},
    {"channel": "telefoon"},
    {"help": "meekijken"},
    {"referral": "warm"},
    {"topic": "toeslagen", "channel": "balie"},
]


def _check_all(user_named):
    scopes = {
        "library": (Scope.for_user(user_named("coordinator.aanzee")), Q(library__slug="aanzee")),
        # Unprotected comparison for gemeente and national: compare the rollup sums directly.
    }
    for scope, area in scopes.values():
        for period in PERIODS:
            raw = _raw(area, period)
            got: dict[str, Counter] = _unprotected(scope, period)
            for key in ("topic", "organisation", "channel", "referral", "help"):
                assert +got[key] == +raw[key], (key, period)
            assert got["total"]["questions"] == raw["total"]["questions"]
            assert got["total"]["contacts"] == raw["total"]["contacts"]
            unfiltered = selectors.Filters(period=period)
            assert selectors._questions(scope, unfiltered) == raw["total"]["questions"], period
            # With code filters the dashboard reads the combinations instead of the margins.
            for codes in FILTERS:
                raw = _raw(area, period, **codes)
                got = _unprotected(scope, period, **codes)
                for key in ("topic", "organisation", "channel", "referral", "help"):
                    assert +got[key] == +raw[key], (key, period, codes)
                assert got["total"]["questions"] == raw["total"]["questions"], (period, codes)
                # The trend's count (stored margins for one code) agrees with the raw count too.
                filtered = selectors.Filters(period=period, **codes)
                assert selectors._questions(scope, filtered) == raw["total"]["questions"], (period, codes)
                if set(codes) == {"channel"}:  # contacts only show without question-level filters
                    assert got["total"]["contacts"] == raw["total"]["contacts"], (period, codes)
    # Gemeente and national: the totals behind the (protected) tables equal the raw counts.
    for level_scope, area in (
        (
            Scope(Level.GEMEENTE, gemeente_id=Branch.objects.get(slug="zeestad-centrum").gemeente_id),
            Q(branch__slug="zeestad-centrum"),
        ),
        (Scope(Level.NATIONAL), Q()),
    ):
        for period in PERIODS:
            filters = selectors.Filters(period=period)
            raw = _raw(area, period)
            assert selectors._totals(level_scope, filters) == (
                raw["total"]["questions"],
                raw["total"]["contacts"],
            )
            assert selectors._questions(level_scope, filters) == raw["total"]["questions"]
            for key in ("topic", "channel", "referral", "help"):
                counts = Counter({code: n for code, _label, n in selectors._by(level_scope, filters, key)})
                assert counts == +raw[key], (key, period)
            for codes in FILTERS:
                filtered = selectors.Filters(period=period, **codes)
                raw = _raw(area, period, **codes)
                assert selectors._totals(level_scope, filtered)[0] == raw["total"]["questions"]
                assert selectors._questions(level_scope, filtered) == raw["total"]["questions"]
                for key in ("topic", "channel", "referral", "help"):
                    by = selectors._by(level_scope, filtered, key)
                    assert Counter({code: n for code, _label, n in by}) == +raw[key], (key, period, codes)


@pytest.mark.django_db
def test_rollups_equal_raw_counts_after_registering_editing_and_deleting(user_named):
    user = user_named("medewerker.aanzee")
    coordinator = user_named("coordinator.aanzee")
    branches = list(Branch.objects.filter(library__slug="aanzee"))
    contacts = random_contacts(user, branches, START, 60)
    sheet = tally(
        user,
        branches[0],
        date(2025, 2, 4),
        (("digid", "informatie", 7), ("toeslagen", "warm_doorverwezen", 3)),
    )
    _check_all(user_named)
    # Edit: move a contact to another branch and day and change its questions.
    moved = contacts[0]
    from baken.registrations.services import ContactData, QuestionData

    services.contact_update(
        actor=coordinator,
        contact=moved,
        data=ContactData(
            branch=branches[-1],
            date=date(2025, 3, 1),
            hour=None,
            channel="telefoon",
            duration="",
            outcome="doorverwezen",
            questions=(QuestionData(topic="uitkering", helps=("koud_doorverwezen",)),),
        ),
    )
    for contact in contacts[1:6]:
        services.contact_delete(actor=coordinator, contact=contact)
    services.tally_delete(actor=coordinator, sheet=sheet)
    assert RollupDirty.objects.exists()
    _check_all(user_named)
    assert not RollupDirty.objects.exists()


@pytest.mark.django_db
def test_rebuild_all_gives_the_same_rows_as_incremental_refresh(user_named):
    user = user_named("medewerker.aanzee")
    branches = list(Branch.objects.filter(library__slug="aanzee"))
    random_contacts(user, branches, START, 30, seed=7)
    tally(user, branches[1], date(2025, 2, 14), (("gemeente", "cursus", 2),))
    rollups.refresh_dirty()
    columns = (
        "grain",
        "period",
        "branch_id",
        "topic",
        "organisation",
        "channel",
        "referral",
        "help",
        "questions",
        "contacts",
    )
    margin_columns = ("grain", "period", "branch_id", "dimension", "code", "questions", "contacts")
    fact_columns = [name.strip() for name in rollups.FACT_COLUMNS.split(",")]
    incremental = sorted(Rollup.objects.values_list(*columns), key=repr)
    margins = sorted(RollupMargin.objects.values_list(*margin_columns), key=repr)
    facts = sorted(RollupFact.objects.values_list(*fact_columns), key=repr)
    rollups.rebuild_all()
    assert sorted(Rollup.objects.values_list(*columns), key=repr) == incremental
    assert sorted(RollupMargin.objects.values_list(*margin_columns), key=repr) == margins
    assert sorted(RollupFact.objects.values_list(*fact_columns), key=repr) == facts
    assert len(facts) == Question.objects.filter(contact__is_deleted=False).count()
    assert RollupMargin.objects.filter(dimension="help").exists()
    assert Rollup.objects.filter(help="").exists() and Rollup.objects.exclude(help="").exists()


@pytest.mark.django_db
def test_deleted_contacts_never_count(user_named):
    user = user_named("medewerker.aanzee")
    branch = Branch.objects.get(slug="duinwijk")
    day = date(2025, 5, 5)
    keep = register(user, branch, day)
    gone = register(user, branch, day, topics=("toeslagen", "digid"))
    services.contact_delete(actor=user, contact=gone)
    scope = Scope.for_user(user)
    period = Period(PeriodKind.MONTH, date(2025, 5, 1), date(2025, 5, 31))
    board = selectors.dashboard(scope=scope, filters=selectors.Filters(period=period))
    assert board.questions.value == 1 == Question.objects.filter(contact=keep).count()
    assert board.contacts is not None and board.contacts.value == 1
    assert QuestionHelp.objects.filter(question__contact=gone).count() == 0
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_the_desk_only_marks_and_the_command_refreshes(user_named, django_capture_on_commit_callbacks):
    """A registration adds one dirty mark and no refresh work; `baken refresh_rollups` catches up."""
    from io import StringIO

    from django.core.management import call_command

    user = user_named("medewerker.aanzee")
    branch = Branch.objects.get(slug="duinwijk")
    rollups.refresh_dirty()
    with django_capture_on_commit_callbacks() as callbacks:
        register(user, branch, date(2025, 6, 2))
    assert callbacks == []
    assert RollupDirty.objects.count() == 1
    call_command("refresh_rollups", stdout=StringIO())
    assert not RollupDirty.objects.exists()
    june = RollupMargin.objects.filter(branch=branch, grain="m", period=date(2025, 6, 1), dimension="")
    assert (
        june.get().questions == Question.objects.filter(branch=branch, date__month=6, date__year=2025).count()
    )


def test_every_help_code_has_a_bit_in_the_facts():
    """``RollupFact.helps`` keeps a bit per help code: a code without one would never be counted."""
    from baken.core.taxonomy import Help

    assert set(Help.values) <= set(rollups.HELP_BITS)
    assert len({rollups.help_bit(code) for code in rollups.HELP_BITS}) == len(rollups.HELP_BITS)
