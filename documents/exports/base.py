import hashlib
import tempfile
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EXPORTERS = {}
CHUNK = 1024 * 1024


def spool():
    """A new file for one export's output: on disk, anonymous (no name in any folder), removed by the system as soon
    as it is closed, also when the process dies before closing it."""
    return tempfile.TemporaryFile(prefix="export-")


@dataclass(frozen=True)
class Rendered:
    """A finished file: its name and type, and the file itself (a ``spool``). Whoever holds it closes it, which
    removes it: ``with exporter.render(…) as rendered: …``."""

    name: str
    content_type: str
    file: BinaryIO

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.file.close()

    def chunks(self):
        self.file.seek(0)
        while chunk := self.file.read(CHUNK):
            yield chunk

    def digest(self):
        """The file's SHA-256 (hex) and size in bytes, read in chunks."""
        sha256, size = hashlib.sha256(), 0
        for chunk in self.chunks():
            sha256.update(chunk)
            size += len(chunk)
        return sha256.hexdigest(), size

    @property
    def content(self):
        """The whole file as bytes: only for a small file (a preview); a bundle can take hundreds of megabytes."""
        self.file.seek(0)
        return self.file.read()


class Exporter:
    """One kind of export. Subclasses set ``kind`` and ``label`` and implement ``clean``, ``title`` and ``write``."""

    kind = ""
    label = ""

    def clean(self, user, params):
        """The parameters, checked and normalised, if ``user`` may have this export; else raise (ValidationError,
        PermissionDenied, Http404). Run when requested, when generated and when downloaded."""
        raise NotImplementedError

    def title(self, params):
        raise NotImplementedError

    def write(self, user, params, progress, out):
        """Write the file into ``out`` (a binary file on disk) and return its name and content type.
        ``progress(percent, message)`` records how far it has got."""
        raise NotImplementedError

    def render(self, user, params, progress):
        """The file, written by ``write`` into a ``spool``, which is removed at once if anything fails."""
        out = spool()
        try:
            name, content_type = self.write(user, params, progress, out)
        except BaseException:
            out.close()
            raise
        return Rendered(name, content_type, out)


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
