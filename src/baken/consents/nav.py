"""Menu label for core.navigation, kept here so the text lives in this app's catalogue."""

from django.utils.translation import gettext_lazy as _

NAV_LABEL = _("Consents")
