from decimal import Decimal

from django import template

from baken.reports.services import euro as format_euro

register = template.Library()


@register.filter
def euro(amount: Decimal | None) -> str:
    """€ with Dutch grouping and decimals in the user's language (€ 1.234,56)."""
    return format_euro(amount if amount is not None else Decimal("0"))
