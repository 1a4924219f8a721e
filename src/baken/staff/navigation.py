"""Labels of the staff app's menu entries (kept here so they live in this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

TEAM = _("Team")
POLICY = _("Library policy")
BREACHES = _("Data breaches")
AUDIT_LOG = _("Audit log")
