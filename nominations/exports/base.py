from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EXPORTERS = {}


@dataclass(frozen=True)
class Rendered:
    name: str
    content_type: str
    content: bytes


class Exporter:
    """One kind of export. Subclasses set ``kind`` and ``label`` and implement the three methods."""

    kind = ""
    label = ""

    def clean(self, user, params):
        """The parameters, checked and normalised, if ``user`` may have this export; else raise (ValidationError,
        PermissionDenied, Http404). Run when requested, when generated and when downloaded."""
        raise NotImplementedError

    def title(self, params):
        raise NotImplementedError

    def render(self, user, params, progress):
        """The file. ``progress(percent, message)`` records how far it has got."""
        raise NotImplementedError


def register(cls):
    exporter = cls()
    if exporter.kind in EXPORTERS:
        raise ValueError(f"exporter {exporter.kind!r} registered twice")
    EXPORTERS[exporter.kind] = exporter
    return cls


def exporter_for(kind):
    try:
        return EXPORTERS[kind]
    except KeyError:
        raise ValidationError(_("未知的导出类型“%(kind)s”。") % {"kind": kind}) from None


def integer_param(params, name, label):
    """A positive integer parameter, or a clear error."""
    try:
        value = int(str(params.get(name, "")))
    except ValueError:
        value = 0
    if value <= 0:
        raise ValidationError(_("请指定%(label)s。") % {"label": label})
    return value
