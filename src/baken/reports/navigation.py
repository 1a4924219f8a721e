"""Labels of this app's main-menu entries (kept here so their translations live in this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

QUARTERLY = _("Quarterly report")
FUNDING = _("Funding")
SURVEY = _("Visitor survey")
