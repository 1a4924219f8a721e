"""Writes of the figures app: impact survey answers and the funding of a gemeente (seed 002)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from baken.core.models import AuditEvent, Branch, User
from baken.core.roles import DESK_ROLES, Role
from baken.core.services import audit_log

from .models import FundingInput, ImpactResponse, Reserve, SpendingEntry
from .selectors import funding_year


def impact_record(
    *,
    actor: User,
    branch: Branch,
    day: date,
    key: uuid.UUID,
    helped: str,
    self_next_time: str,
    knows_where: str,
) -> bool:
    """Store one visitor's answers once per form key; returns False for a repeated submit.

    Stores the branch, the date and the answers only: no staff member, no time, no contact.
    """
    if actor.role not in DESK_ROLES or branch.library_id != actor.library_id:
        raise PermissionDenied
    if not (helped or self_next_time or knows_where):
        return False
    try:
        with transaction.atomic():
            _response, created = ImpactResponse.objects.get_or_create(
                id=key,
                defaults={
                    "library_id": branch.library_id,
                    "branch": branch,
                    "date": day,
                    "helped": helped,
                    "self_next_time": self_next_time,
                    "knows_where": knows_where,
                },
            )
    except IntegrityError:
        return False
    return created


def euro(amount: Decimal) -> str:
    return "€ " + number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def _require_gemeente(actor: User, gemeente_id: int) -> None:
    """Only the gemeente itself edits its funding; the national level reads."""
    if actor.role != Role.GEMEENTE or actor.gemeente_id != gemeente_id:
        raise PermissionDenied


def funding_input_save(
    *,
    actor: User,
    gemeente_id: int,
    year: int,
    inhabitants: int,
    inhabitants_low_education: int,
    source_year: int,
    source_note: str,
) -> FundingInput:
    _require_gemeente(actor, gemeente_id)
    item, _created = FundingInput.objects.update_or_create(
        gemeente_id=gemeente_id,
        year=year,
        defaults={
            "inhabitants": inhabitants,
            "inhabitants_low_education": inhabitants_low_education,
            "source_year": source_year,
            "source_note": source_note,
        },
    )
    audit_log(actor=actor, action=AuditEvent.Action.UPDATE, target=f"funding_input:{item.pk}")
    return item


def spending_add(
    *, actor: User, gemeente_id: int, year: int, description: str, amount: Decimal
) -> SpendingEntry:
    _require_gemeente(actor, gemeente_id)
    entry = SpendingEntry.objects.create(
        gemeente_id=gemeente_id, year=year, description=description, amount=amount
    )
    audit_log(actor=actor, action=AuditEvent.Action.CREATE, target=f"spending:{entry.pk}")
    return entry


def spending_delete(*, actor: User, entry: SpendingEntry) -> None:
    _require_gemeente(actor, entry.gemeente_id)
    audit_log(actor=actor, action=AuditEvent.Action.DELETE, target=f"spending:{entry.pk}")
    entry.delete()


def reserve_set(*, actor: User, gemeente_id: int, year: int, amount: Decimal) -> Reserve:
    """Reserve unspent money of ``year`` for the next year: at most 25 % of that year's grant (seed 002)."""
    _require_gemeente(actor, gemeente_id)
    from baken.core.scope import Scope

    figures = funding_year(scope=Scope.for_user(actor), gemeente_id=gemeente_id, year=year)
    if figures.input is None:
        raise ValidationError(_("Enter the number of inhabitants for %(year)s first.") % {"year": year})
    if amount > figures.reserve_cap:
        raise ValidationError(
            _(
                "You can reserve at most 25 %% of the grant for %(year)s: %(cap)s. "
                "The rest of the unspent money cannot be carried over."
            )
            % {"year": year, "cap": euro(figures.reserve_cap)}
        )
    if amount > max(figures.unspent, Decimal("0")):
        raise ValidationError(
            _("You can only reserve money that was not spent in %(year)s: at most %(unspent)s.")
            % {"year": year, "unspent": euro(max(figures.unspent, Decimal("0")))}
        )
    reserve, _created = Reserve.objects.update_or_create(
        gemeente_id=gemeente_id, year=year, defaults={"amount": amount}
    )
    audit_log(actor=actor, action=AuditEvent.Action.UPDATE, target=f"reserve:{reserve.pk}")
    return reserve
