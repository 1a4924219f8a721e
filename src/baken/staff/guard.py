"""The one place where staff free text meets the personal-data guard (``baken.privacy.pii``).

Breach reports, breach actions and the casus van de week must be in general terms: no names, numbers or
addresses of visitors. Forms call ``personal_data_problem`` and show its message as a field error.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from baken.privacy import pii


def personal_data_problem(text: str) -> str | None:
    """An error text when ``text`` seems to hold personal data; None when it is clean."""
    findings = pii.scan(text)
    if not findings:
        return None
    return _(
        "This text seems to contain personal data (we saw %(found)s). "
        "Write it in general terms, without names, numbers or addresses."
    ) % {"found": " · ".join(pii.describe_findings(findings))}
