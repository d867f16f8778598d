"""Logging filters (issue 18, item 9): a refusal is an answer, not an error."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404


class RefusalsWithoutTraceback(logging.Filter):
    """Keep the one-line record of a 403 or 404 (who asked for what), without the traceback Django attaches to it:
    thousands of refusals a day would otherwise bury the tracebacks of real errors."""

    EXPECTED = (PermissionDenied, Http404)

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], self.EXPECTED):
            record.exc_info = None
            record.exc_text = None
        return True
