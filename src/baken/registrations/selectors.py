"""Reads of registrations, always through the caller's scope.

``contact_list``, ``question_list`` and ``question_help_list`` return records of one library
(``scope.require_library``). ``question_figures_base`` and ``question_help_figures_base`` also
accept gemeente and national scopes, for aggregates only: callers must group and count, never
show rows. Deleted contacts have no questions or helps, so no figure can count them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from baken.core.models import Branch
from baken.core.scope import Level, Scope
from baken.core.selectors import branch_get
from baken.core.taxonomy import Organisation, Topic

from .models import Contact, ContactRevision, LocalTopic, Question, QuestionHelp, TallySheet

TOP_WINDOW_DAYS = 90
# Fallback order when a branch has no history yet: what IDO desks are asked most (seed 004).
DEFAULT_TOPIC_ORDER = [
    Topic.DIGID,
    Topic.TOESLAGEN,
    Topic.BELASTINGAANGIFTE,
    Topic.MIJNOVERHEID,
    Topic.UITKERING,
    Topic.AOW_KINDERBIJSLAG,
    Topic.GEMEENTE,
    Topic.ZORGVERZEKERING,
    Topic.APPARAAT_ACCOUNT,
    Topic.RIJBEWIJS,
    Topic.STUDIEFINANCIERING,
    Topic.BOETES,
]
DEFAULT_ORGANISATION_ORDER = [
    Organisation.BELASTINGDIENST,
    Organisation.LOGIUS,
    Organisation.UWV,
    Organisation.SVB,
    Organisation.GEMEENTE,
    Organisation.DUO,
    Organisation.CBR,
    Organisation.CJIB,
]


def desk_branch_list(*, scope: Scope) -> QuerySet[Branch]:
    """The scope's library branches with an IDO desk (no opening hours: the desk form needs ids and names)."""
    return Branch.objects.filter(library_id=scope.require_library(), has_ido=True).order_by("name")


def contact_list(*, scope: Scope) -> QuerySet[Contact]:
    """Live (not deleted) contacts of the scope's library, newest first."""
    return Contact.objects.filter(library_id=scope.require_library(), is_deleted=False).select_related(
        "branch"
    )


def contact_get(*, scope: Scope, contact_id: int) -> Contact:
    """One live contact of the scope's library; raises Contact.DoesNotExist for anything else."""
    return contact_list(scope=scope).get(pk=contact_id)


def question_list(*, scope: Scope) -> QuerySet[Question]:
    """Questions of live contacts of the scope's library (desk and tally)."""
    return Question.objects.filter(library_id=scope.require_library())


def question_help_list(*, scope: Scope) -> QuerySet[QuestionHelp]:
    return QuestionHelp.objects.filter(library_id=scope.require_library())


def _figures_filter(scope: Scope) -> Q:
    if scope.level == Level.LIBRARY:
        return Q(library_id=scope.require_library())
    if scope.level == Level.GEMEENTE:
        return Q(branch__gemeente_id=scope.require_gemeente())
    if scope.level == Level.NATIONAL:
        return Q()
    return Q(pk__in=[])


def question_figures_base(*, scope: Scope) -> QuerySet[Question]:
    """Questions for aggregates at any level (library, gemeente, national). Never render these rows."""
    return Question.objects.filter(_figures_filter(scope))


def question_help_figures_base(*, scope: Scope) -> QuerySet[QuestionHelp]:
    """Helps for aggregates at any level. Never render these rows."""
    return QuestionHelp.objects.filter(_figures_filter(scope))


def contact_history(*, scope: Scope, contact_id: int) -> QuerySet[ContactRevision]:
    return ContactRevision.objects.filter(
        library_id=scope.require_library(), contact_id=contact_id
    ).select_related("actor")


def last_contact_of(*, scope: Scope, user_id: int) -> Contact | None:
    """The user's most recent live desk contact (for "same as previous")."""
    return (
        contact_list(scope=scope)
        .filter(created_by_id=user_id, source="desk")
        .order_by("-id")
        .prefetch_related("questions__helps")
        .first()
    )


def local_topic_list(*, scope: Scope, active_only: bool = False) -> QuerySet[LocalTopic]:
    topics = LocalTopic.objects.filter(library_id=scope.require_library())
    return topics.filter(is_active=True) if active_only else topics


def tally_sheet_list(*, scope: Scope) -> QuerySet[TallySheet]:
    return (
        TallySheet.objects.filter(library_id=scope.require_library(), is_deleted=False)
        .select_related("branch")
        .prefetch_related("lines")
    )


def _ordered_by_use(counts: Sequence[str], fallback: Sequence[str], all_codes: Sequence[str]) -> list[str]:
    return [str(code) for code in dict.fromkeys([*counts, *fallback, *all_codes])]


def topic_order(*, scope: Scope, branch_id: int, today: date) -> list[str]:
    """All topic codes, the branch's most used in the last 90 days first, then a sensible default."""
    used = (
        question_list(scope=scope)
        .filter(branch_id=branch_id, date__gte=today - timedelta(days=TOP_WINDOW_DAYS))
        .values("topic")
        .annotate(n=Count("id"))
        .order_by("-n", "topic")
    )
    return _ordered_by_use([row["topic"] for row in used], DEFAULT_TOPIC_ORDER, list(Topic.values))


def organisation_order(*, scope: Scope, branch_id: int, today: date) -> list[str]:
    used = (
        question_list(scope=scope)
        .filter(branch_id=branch_id, date__gte=today - timedelta(days=TOP_WINDOW_DAYS))
        .exclude(organisation="")
        .values("organisation")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation")
    )
    return _ordered_by_use(
        [row["organisation"] for row in used], DEFAULT_ORGANISATION_ORDER, list(Organisation.values)
    )


@dataclass
class BranchSummary:
    """Figures of one branch for a period, in the order of the Bibliotheekmonitor IDO form."""

    branch_name: str
    gemeente_name: str
    contacts: int = 0
    questions: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    by_duration: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_domain: dict[str, int] = field(default_factory=dict)
    by_topic: dict[str, int] = field(default_factory=dict)
    by_organisation: dict[str, int] = field(default_factory=dict)
    by_bestuurslaag: dict[str, int] = field(default_factory=dict)
    by_help: dict[str, int] = field(default_factory=dict)
    by_target_group: dict[str, int] = field(default_factory=dict)
    courses_suggested: int = 0


def _count_by(queryset: QuerySet[Any], column: str) -> dict[str, int]:
    rows = queryset.values(column).annotate(n=Count("id")).order_by(column)
    return {row[column]: row["n"] for row in rows}


def branch_summary(*, scope: Scope, branch_id: int, start: date, end: date) -> BranchSummary:
    """Counts for one branch from ``start`` to ``end`` inclusive (desk and tally together)."""
    contacts = contact_list(scope=scope).filter(branch_id=branch_id, date__range=(start, end))
    questions = question_list(scope=scope).filter(branch_id=branch_id, date__range=(start, end))
    helps = question_help_list(scope=scope).filter(branch_id=branch_id, date__range=(start, end))
    branch = branch_get(scope=scope, branch_id=branch_id)
    summary = BranchSummary(branch_name=branch.name, gemeente_name=branch.gemeente.name)
    summary.contacts = contacts.count()
    summary.questions = questions.count()
    summary.by_channel = _count_by(contacts, "channel")
    summary.by_duration = _count_by(contacts.exclude(duration=""), "duration")
    summary.by_outcome = _count_by(contacts, "outcome")
    summary.by_domain = _count_by(questions, "domain")
    summary.by_topic = _count_by(questions, "topic")
    summary.by_organisation = _count_by(questions.exclude(organisation=""), "organisation")
    summary.by_bestuurslaag = _count_by(questions.exclude(bestuurslaag=""), "bestuurslaag")
    summary.by_help = _count_by(helps, "help")
    summary.courses_suggested = questions.filter(course_suggested=True).count()
    groups: dict[str, int] = {}
    for codes in contacts.exclude(target_groups=[]).values_list("target_groups", flat=True):
        for code in codes:
            groups[code] = groups.get(code, 0) + 1
    summary.by_target_group = groups
    return summary


def tally_total(*, scope: Scope) -> int:
    return tally_sheet_list(scope=scope).aggregate(n=Sum("lines__count"))["n"] or 0
