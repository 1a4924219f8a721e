"""Where a library's policy comes from for the rules engine.

The library policy can only tighten the guideline (engine.Policy); its versions live in the staff
register (staff.selectors.current_policy), read fresh on every answer so a change counts at once.
"""

from __future__ import annotations

from baken.staff.selectors import current_policy

from .engine import Policy


def policy_for_library(*, library_id: int | None) -> Policy:
    """The policy the engine applies for a library (None: the guideline's baseline)."""
    if library_id is None:
        return Policy.baseline()
    snapshot = current_policy(library_id=library_id)
    return Policy.from_codes(
        forbidden=snapshot.forbidden, written_consent_required=snapshot.written_consent_required
    )
