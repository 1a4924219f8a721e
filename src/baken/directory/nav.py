from django.utils.translation import gettext_lazy as _

SEARCH_LABEL = _("Social map")
MANAGE_LABEL = _("Manage the map")
