"""A 403 or 404 is logged on one line, without the traceback Django attaches (issue 18, item 9); real errors keep it."""

import io
import logging
import logging.config

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404


def logged(exception):
    stream = io.StringIO()
    config = {
        **settings.LOGGING,
        "handlers": {"console": {**settings.LOGGING["handlers"]["console"], "stream": stream}},
    }
    config["handlers"]["console"]["class"] = "logging.StreamHandler"
    logging.config.dictConfig({**config, "disable_existing_loggers": False})
    try:
        try:
            raise exception
        except Exception:
            logging.getLogger("django.request").warning("Forbidden (Permission denied): /x", exc_info=True)
        return stream.getvalue()
    finally:
        logging.config.dictConfig(settings.LOGGING)


@pytest.mark.parametrize("refusal", [PermissionDenied("no"), Http404("none")])
def test_a_refusal_is_one_line(refusal):
    text = logged(refusal)
    assert "Forbidden (Permission denied): /x" in text and "Traceback" not in text


def test_an_error_keeps_its_traceback():
    text = logged(ZeroDivisionError("boom"))
    assert "Traceback" in text and "ZeroDivisionError" in text
