"""Building the desk registration panel: the forms, their defaults and what the desk remembers.

Shared by the desk home (core's desk page includes the panel), the register view (errors), the edit
view and the "same as previous" prefill. The session remembers the last branch, channel and duration
and the id of the last stored contact (for the confirmation); never anything typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from baken.core.models import Branch
from baken.core.scope import Scope
from baken.core.taxonomy import Channel, Duration, Organisation, Topic
from baken.directory.models import ServiceStatus
from baken.directory.selectors import visible_services

from . import selectors
from .forms import LOCAL_PREFIX, MAX_QUESTIONS, ContactForm, QuestionForm, new_key
from .models import Contact

SESSION_BRANCH = "registrations_branch"
SESSION_CHANNEL = "registrations_channel"
SESSION_DURATION = "registrations_duration"
SESSION_CONFIRM = "registrations_confirm"


@dataclass
class DeskForms:
    contact: ContactForm
    questions: list[QuestionForm]
    show_errors: bool = False
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    def is_valid(self) -> bool:
        valid = self.contact.is_valid()
        for form in self.questions:
            valid = form.is_valid() and valid
        return valid

    def collect_errors(self) -> None:
        """(anchor id, label, message) for one error summary over all forms."""
        self.show_errors = True
        self.errors = []
        for form in [self.contact, *self.questions]:
            for error in form.non_field_errors():
                self.errors.append(("", "", str(error)))
            for bound in form:
                for error in bound.errors:
                    anchor = bound.id_for_label or f"{bound.auto_id}_0"
                    label = str(bound.label)
                    if form is not self.contact:
                        label = f"{label} ({form.prefix})"
                    self.errors.append((anchor, label, str(error)))


def desk_branches(scope: Scope) -> QuerySet[Branch]:
    return selectors.desk_branch_list(scope=scope)


def chosen_branch(branches: QuerySet[Branch], session: Any, wanted: Any = None) -> Branch | None:
    by_id = {str(b.pk): b for b in branches}
    for candidate in (wanted, session.get(SESSION_BRANCH)):
        if candidate is not None and str(candidate) in by_id:
            return by_id[str(candidate)]
    return next(iter(by_id.values()), None)


ORDER_CACHE_SECONDS = 600


def _usage_order(scope: Scope, branch: Branch) -> tuple[list[str], list[str]]:
    """The branch's most used topics and organisations; cached, as they change slowly."""
    today = timezone.localdate()
    key = f"registrations:order:{branch.pk}:{today.isoformat()}"

    def compute() -> tuple[list[str], list[str]]:
        return (
            selectors.topic_order(scope=scope, branch_id=branch.pk, today=today),
            selectors.organisation_order(scope=scope, branch_id=branch.pk, today=today),
        )

    order = cache.get(key)
    if order is None:
        order = compute()
        cache.set(key, order, ORDER_CACHE_SECONDS)
    return (list(order[0]), list(order[1]))


def referral_service_choices(scope: Scope) -> list[tuple[int, str]]:
    """The library's kaart as (id, "service (partner)") for the "referred to" choice."""
    services = visible_services(scope=scope).filter(status=ServiceStatus.ACTIVE)
    rows = services.order_by("organization__name", "name").values_list("pk", "name", "organization__name")
    return [(pk, name if name == org else f"{name} ({org})") for pk, name, org in rows]


def question_kwargs(
    scope: Scope,
    branch: Branch | None,
    *,
    by_use: bool = True,
    with_local: bool = True,
    with_referrals: bool = True,
) -> dict[str, Any]:
    """Choices for the question forms. Validating a POST needs the codes, not their order (no queries)."""
    topics = [str(c) for c in dict.fromkeys([*selectors.DEFAULT_TOPIC_ORDER, *Topic.values])]
    organisations = [
        str(c) for c in dict.fromkeys([*selectors.DEFAULT_ORGANISATION_ORDER, *Organisation.values])
    ]
    if branch is not None and by_use:
        topics, organisations = _usage_order(scope, branch)
    return {
        "topic_order": topics,
        "organisation_order": organisations,
        "local_topics": list(selectors.local_topic_list(scope=scope, active_only=True)) if with_local else [],
        "referral_services": referral_service_choices(scope) if with_referrals else [],
    }


def question_count_from(data: QueryDict) -> int:
    try:
        count = int(data.get("question_count", "1"))
    except ValueError:
        count = 1
    return max(1, min(MAX_QUESTIONS, count))


def bound_forms(
    *, scope: Scope, data: QueryDict, session: Any, count: int | None = None, lean: bool = False
) -> DeskForms:
    """Forms bound to a POST. ``lean``: only what validation needs (the fast path of a save)."""
    branches = desk_branches(scope)
    # The fast path validates the branch once, in the form; the order of buttons needs no branch there.
    branch = None if lean else chosen_branch(branches, session, data.get("branch"))
    # Validating needs the codes, not their order; and the sub-topics only when one was chosen.
    chose_local = any(str(v).startswith(LOCAL_PREFIX) for k, v in data.items() if k.endswith("-topic"))
    # Likewise the kaart: only when a question names where the visitor was referred.
    chose_referral = any(v for k, v in data.items() if k.endswith("-referral_service"))
    kwargs = question_kwargs(
        scope,
        branch,
        by_use=False,
        with_local=chose_local or not lean,
        with_referrals=chose_referral or not lean,
    )
    count = count or question_count_from(data)
    if count != question_count_from(data):
        data = data.copy()
        data["question_count"] = str(count)
    return DeskForms(
        contact=ContactForm(data, branches=branches),
        questions=[QuestionForm(data, prefix=f"q{n}", **kwargs) for n in range(1, count + 1)],
    )


def _question_initial(contact: Contact) -> list[dict[str, Any]]:
    return [
        {
            "topic": f"{LOCAL_PREFIX}{q.local_topic_id}" if q.local_topic_id else q.topic,
            "helps": [h.help for h in q.helps.all()],
            "organisation": q.organisation,
            "domain": q.domain,
            "bestuurslaag": q.bestuurslaag,
            "course_suggested": q.course_suggested,
            "referral_service": q.referral_service_id,
        }
        for q in contact.questions.all()
    ]


def contact_initial(contact: Contact) -> dict[str, Any]:
    return {
        "branch": contact.branch_id,
        "date": contact.date,
        "hour": contact.hour,
        "channel": contact.channel,
        "duration": contact.duration,
        "outcome": contact.outcome,
        "target_groups": contact.target_groups,
        "remark": contact.remark,
    }


def fresh_forms(*, scope: Scope, session: Any, like: Contact | None = None, edit: bool = False) -> DeskForms:
    """Unbound forms with the desk's defaults, or prefilled from ``like`` (same as previous / edit)."""
    branches = desk_branches(scope)
    now = timezone.localtime()
    initial: dict[str, Any] = {
        "idempotency_key": new_key(),
        "branch": getattr(chosen_branch(branches, session), "pk", None),
        "date": now.date(),
        "hour": now.hour,
        "channel": session.get(SESSION_CHANNEL, Channel.BALIE),
        "duration": session.get(SESSION_DURATION, Duration.FROM_5_TO_15),
    }
    questions_initial: list[dict[str, Any]] = [{}]
    if like is not None:
        questions_initial = _question_initial(like) or [{}]
        previous = contact_initial(like)
        if not edit:
            # Same as previous: what the visitor asked, not when, and never the remark.
            previous = {
                k: v for k, v in previous.items() if k in ("branch", "channel", "duration", "outcome")
            }
        initial.update(previous)
    if edit and like is not None:
        initial["idempotency_key"] = like.idempotency_key
    initial["question_count"] = len(questions_initial)
    branch = chosen_branch(branches, session, initial["branch"])
    kwargs = question_kwargs(scope, branch)
    return DeskForms(
        contact=ContactForm(initial=initial, branches=branches),
        questions=[
            QuestionForm(initial=q_initial, prefix=f"q{n}", **kwargs)
            for n, q_initial in enumerate(questions_initial, start=1)
        ],
    )


def remember(session: Any, contact: Contact) -> None:
    session[SESSION_BRANCH] = contact.branch_id
    session[SESSION_CHANNEL] = contact.channel
    session[SESSION_DURATION] = contact.duration
    session[SESSION_CONFIRM] = contact.pk
