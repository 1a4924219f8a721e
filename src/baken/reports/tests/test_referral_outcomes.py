"""Referral outcomes (the closed loop) on the dashboards: direct counts, tenancy, suppression, exports."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

import pytest

from baken.core.models import Branch
from baken.core.scope import Level, Scope
from baken.directory.models import Service
from baken.referrals.models import Referral, ReferralStatus
from baken.reports import selectors
from baken.reports.periods import Period, PeriodKind

YEAR = Period(PeriodKind.YEAR, date(2025, 1, 1), date(2025, 12, 31))


def _refer(
    branch: Branch, day: date, status: str, *, topic: str = "toeslagen", channel: str = "email"
) -> None:
    Referral.objects.create(
        library=branch.library,
        branch=branch,
        service=Service.objects.order_by("pk")[0],
        topic=topic,
        channel=channel,
        referred_on=day,
        status=status,
    )


def _table(board: selectors.Dashboard, key: str) -> dict[str, int | None]:
    table = next(t for t in board.referrals if t.key == key)
    return {row.code: row.cell.value for row in table.rows if row.cell.value != 0}


@pytest.fixture
def referrals(demo: None) -> None:
    zeestad = Branch.objects.get(slug="zeestad-centrum")
    duinwijk = Branch.objects.get(slug="duinwijk")
    dijkdorp = Branch.objects.get(slug="dijkdorp")  # another library
    for _i in range(6):
        _refer(zeestad, date(2025, 3, 3), ReferralStatus.HELPED)
    for _i in range(5):
        _refer(zeestad, date(2025, 4, 1), ReferralStatus.UNREACHABLE, topic="digid", channel="telefoon")
    _refer(zeestad, date(2025, 5, 5), ReferralStatus.NOT_SUITABLE)
    _refer(duinwijk, date(2025, 6, 6), ReferralStatus.CONTACTED, channel="spreekuur")
    _refer(zeestad, date(2024, 12, 31), ReferralStatus.HELPED)  # outside the period
    _refer(dijkdorp, date(2025, 3, 3), ReferralStatus.HELPED)


def _direct(**where: object) -> tuple[Counter[str], Counter[str]]:
    rows = Referral.objects.filter(referred_on__range=(YEAR.start, YEAR.end), **where)
    return Counter(r.status for r in rows), Counter(r.channel for r in rows)


@pytest.mark.django_db
def test_library_sees_its_own_referral_outcomes_as_counted(referrals, user_named):
    board = selectors.dashboard(
        scope=Scope.for_user(user_named("coordinator.aanzee")), filters=selectors.Filters(period=YEAR)
    )
    statuses, channels = _direct(library__slug="aanzee")
    assert _table(board, "referral_outcome") == dict(statuses)
    assert _table(board, "referral_channel") == dict(channels)
    assert statuses[ReferralStatus.HELPED] == 6  # not the other library's, not last year's
    digid = selectors.referral_tables(
        scope=Scope.for_user(user_named("coordinator.aanzee")),
        filters=selectors.Filters(period=YEAR, topic="digid"),
    )
    assert {row.code: row.cell.value for row in digid[0].rows if row.cell.value} == {
        ReferralStatus.UNREACHABLE: 5
    }


@pytest.mark.django_db
def test_gemeente_sees_its_territory_with_small_numbers_protected(referrals):
    zeestad = Branch.objects.get(slug="zeestad-centrum").gemeente
    board = selectors.dashboard(
        scope=Scope(Level.GEMEENTE, gemeente_id=zeestad.pk), filters=selectors.Filters(period=YEAR)
    )
    outcome = next(t for t in board.referrals if t.key == "referral_outcome")
    # Duinwijk lies in another gemeente and Dijkdorp in another library: neither counts here.
    statuses, _channels = _direct(branch__gemeente=zeestad)
    assert sum(statuses.values()) == 12
    for row in outcome.rows:
        if not row.cell.hidden:
            assert row.cell.value == statuses.get(row.code, 0), row.code
    shown = {row.code: row.cell for row in outcome.rows}
    assert shown[ReferralStatus.NOT_SUITABLE].display == "<5"
    assert shown[ReferralStatus.CONTACTED].value == 0  # Duinwijk's referral
    assert outcome.total.value in (12, None)
    # The one small cell cannot be derived from the total: a second cell (or the total) is hidden too.
    hidden = [row for row in outcome.rows if row.cell.hidden]
    assert outcome.total.hidden or len(hidden) >= 2


@pytest.mark.django_db
def test_referral_outcomes_are_in_the_exports_and_on_the_page(referrals, client_for):
    client = client_for("coordinator.aanzee")
    body = client.get("/rapportage/?period=year&date=2025-06-01").content.decode()
    assert "Resultaat van doorverwijzingen" in body
    exported = client.get("/rapportage/export/cijfers.csv?period=year&date=2025-06-01")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    outcome = {row[1]: row[3] for row in rows if row and row[0] == "referral_outcome"}
    assert outcome[ReferralStatus.HELPED] == "6"
    assert outcome["totaal"] == "13"  # both Aan Zee branches
    assert any(row[0] == "referral_channel" for row in rows)
