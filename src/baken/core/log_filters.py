"""Log filters that keep visitor data out of log lines."""

import logging
import re

_QUERY = re.compile(r"\?\S*")


class StripQueryStringFilter(logging.Filter):
    """Drop query strings from request log lines: a search term typed at the desk may name a person."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("?…", record.msg)
        if record.args:
            record.args = tuple(_QUERY.sub("?…", a) if isinstance(a, str) else a for a in record.args)
        return True
