"""What the guideline and the library's policy say about an e-mail referral (the "Mag ik dit?" engine)."""

from __future__ import annotations

from dataclasses import dataclass

from baken.consents.models import ConsentRecord
from baken.consents.selectors import consent_is_valid_written
from baken.core.models import User
from baken.guidance.engine import Consent, Context, evaluate
from baken.guidance.policy import policy_for_library


@dataclass(frozen=True)
class EmailVerdict:
    refused: str | None  # why it may not be done at all (e.g. no confidentiality declaration)
    needs_written_consent: bool
    consent_reason: str  # the guideline's wording on why written consent is needed


def email_referral_verdict(
    *, user: User, special_category: bool, consent: ConsentRecord | None
) -> EmailVerdict:
    has_written = consent is not None and consent_is_valid_written(consent)
    level: Consent = "written" if has_written else "oral" if consent is not None else "none"
    context = Context(visitor_present=True, consent=level, staff_confidentiality=user.has_confidentiality)
    policy = policy_for_library(library_id=user.library_id)
    advice = evaluate("doorverwijzen_email", context, policy)
    if advice.verdict == "not_allowed":
        return EmailVerdict(
            refused=" ".join(filter(None, [advice.reason, advice.instead])),
            needs_written_consent=False,
            consent_reason="",
        )
    needs_written = "doorverwijzen_email" in policy.written_consent_required
    reason = ""
    if special_category:
        special = evaluate("bijzondere_gegevens_doorgeven", context, policy)
        if special.verdict == "not_allowed":
            return EmailVerdict(
                refused=" ".join(filter(None, [special.reason, special.instead])),
                needs_written_consent=True,
                consent_reason="",
            )
        needs_written = True
        reason = evaluate("bijzondere_gegevens_doorgeven", Context(staff_confidentiality=True), policy).reason
    return EmailVerdict(refused=None, needs_written_consent=needs_written, consent_reason=reason)
