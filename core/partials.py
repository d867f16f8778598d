"""Whole pages and their htmx fragments from one view.

A page that htmx updates in place (a filtered list, the ranking, an export's
progress) keeps one view and two templates: the page, which includes the
fragment, and the fragment alone. Without JavaScript, and when the browser
restores its history, the whole page is served, so every URL stays a real page.
"""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request):
    """True for htmx's own requests that swap a part of the page (not its history restores)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_page(request, template_name, context, *, fragment):
    """Render ``fragment`` for an htmx request and ``template_name`` otherwise; caches keep the two apart."""
    response = render(request, fragment if wants_fragment(request) else template_name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
