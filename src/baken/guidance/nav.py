"""Menu labels of guidance, kept in this app so their translations live in the guidance catalogue."""

from django.utils.translation import gettext_lazy as _

ASK_LABEL = _("May I do this?")
CARDS_LABEL = _("Question cards")
