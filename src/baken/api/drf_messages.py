"""Django REST framework's own messages, in the house's Dutch.

DRF's nl catalogue misses several messages (they would reach a Dutch client in English) and speaks
informally ("je"). The msgids below are DRF's, marked here so ``make messages`` keeps them in this
app's catalogue; ``baken.api`` comes before ``rest_framework`` in INSTALLED_APPS, so these
translations win. Nothing imports this module: it exists for the catalogue.
"""

from django.utils.translation import gettext_noop, ngettext

MESSAGES = [
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("This list may not be empty."),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Not a valid string."),
    gettext_noop("A valid integer is required."),
    gettext_noop("Integer value too large."),
    gettext_noop("String value too large."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop("JSON parse error - {detail}"),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Request was throttled."),
]


def _plural_messages_for_the_catalogue() -> None:  # never called
    ngettext("Expected available in {wait} second.", "Expected available in {wait} seconds.", 1)
