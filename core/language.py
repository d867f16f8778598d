"""Which language a page is in: 简体中文 unless the user chose English with the language switch (the cookie that
Django's ``set_language`` view writes). A Chinese government portal does not change language because a browser is
set to English: a civil servant on an English-language system would otherwise meet an English portal it never asked
for, and a printed page would not be the official one.

The API (``/api/``) still reads ``Accept-Language``: a program that calls it says what it wants in its request.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


def chosen_language(request):
    """The language of ``request``'s answer: its choice (the cookie, or for the API the header), else the default."""
    if request.path.startswith(API_PREFIX):
        return translation.get_language_from_request(request)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """In place of Django's ``LocaleMiddleware`` (no URL prefixes here): activates ``chosen_language``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",) if request.path.startswith(API_PREFIX) else ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
