"""What can be exported: one ``Exporter`` per kind of document or spreadsheet, registered by its ``kind``.

An exporter checks and normalises its parameters for a user (``clean``: the policy decides, a foreign object is a
404), names the result (``title``) and renders it (``render``), reporting its progress. ``domain.exports`` runs
them in Celery; the pages and the API only name a kind and its parameters.
"""

import importlib
import pkgutil

from .base import EXPORTERS, Exporter, Rendered, exporter_for, register

__all__ = ["EXPORTERS", "Exporter", "Rendered", "exporter_for", "load_exporters", "register"]


def load_exporters():
    """Import every module of this package, so that each ``@register``-ed exporter is known (at start-up)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
