"""Serving private files: the one way a stored file leaves the server."""

from django.http import FileResponse
from django.utils.cache import patch_cache_control

from .domain.uploads import content_disposition


def private_file_response(file, *, content_type, name):
    """A download of a private file: never sniffed, never cached, under its display name."""
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
