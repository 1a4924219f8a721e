"""Label of this app's main-menu entry (kept here so its translation lives in this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

DEVICE_TOKENS = _("API keys")
