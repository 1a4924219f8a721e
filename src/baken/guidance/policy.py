"""Where a library's policy comes from for the rules engine.

The library policy can only tighten the guideline (engine.Policy). Until the staff register's policy
versions exist, every library follows the guideline's baseline.
"""

from __future__ import annotations

from .engine import Policy


def policy_for_library(*, library_id: int | None) -> Policy:
    """The policy the engine applies for a library (None: the guideline's baseline)."""
    del library_id  # read from the library's policy versions once the staff register lands (issue 7)
    return Policy.baseline()
