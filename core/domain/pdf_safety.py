"""Active content in an uploaded PDF (issue 18, item 8): reviewers open evidence in desktop readers, so a PDF that
runs a script, launches a program or acts by itself when opened is refused, with what was found and how to fix it.

Read with pikepdf (qpdf), which parses as leniently as the readers do and sees into compressed object streams, so a
name hidden there or spelled with ``#xx`` escapes is found like any other. What qpdf cannot parse at all is scanned
as bytes (names unescaped); a reader that cannot parse it either would not run anything in it.

Refused anywhere in the file:
- ``/JavaScript`` or ``/JS`` (scripts, as actions, in the name tree or in form fields);
- ``/Launch`` actions (starting a program or opening another file);
- ``/AA`` (additional actions: run when a page, a field or the document is opened, closed, printed…);
- ``/OpenAction`` other than going to a page (a destination, or a ``/GoTo`` action): the action when opened;
- ``/RichMedia`` (embedded Flash or video with scripts).
"""

import io
import re

import pikepdf
from django.utils.translation import gettext as _

CONTAINERS = (pikepdf.Dictionary, pikepdf.Array)
_ACTIVE = ("/JavaScript", "/JS", "/Launch", "/AA", "/RichMedia")


def _found_text():
    return {
        "/JavaScript": _("脚本（JavaScript）"),
        "/JS": _("脚本（JavaScript）"),
        "/Launch": _("启动外部程序或文件的动作（Launch）"),
        "/AA": _("打开、关闭或打印时自动执行的动作（AA）"),
        "/OpenAction": _("打开文件时自动执行的动作（OpenAction）"),
        "/RichMedia": _("嵌入的多媒体（RichMedia）"),
    }


def active_content(data):
    """The kinds of active content in the PDF ``data`` (bytes), as PDF names (``/JavaScript``, ``/OpenAction``…),
    empty when there are none. Raises ``pikepdf.PasswordError`` for a file that needs a password to open."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise
    except pikepdf.PdfError:
        return _scan_bytes(data)
    with pdf:
        return _scan_objects(pdf)


def _dictionaries(pdf):
    """Every dictionary of the file: each indirect object and the direct dictionaries and arrays nested in it (an
    indirect reference is not followed; it is visited as an object of its own)."""
    for top in pdf.objects:
        pending = [top.stream_dict if isinstance(top, pikepdf.Stream) else top]
        while pending:
            item = pending.pop()
            if isinstance(item, pikepdf.Dictionary):
                yield item
                children = item.values()
            elif isinstance(item, pikepdf.Array):
                children = list(item)
            else:
                continue
            pending.extend(c for c in children if isinstance(c, CONTAINERS) and not c.is_indirect)


def _scan_objects(pdf):
    found = set()
    for dictionary in _dictionaries(pdf):
        for key in dictionary.keys():  # noqa: SIM118 (pikepdf's Dictionary iterates its keys through keys())
            if key in _ACTIVE:
                found.add("/JavaScript" if key == "/JS" else key)
        if dictionary.get("/S") in ("/JavaScript", "/Launch"):
            found.add(str(dictionary.get("/S")))
    open_action = pdf.Root.get("/OpenAction")
    if open_action is not None and not _goes_to_a_page(open_action):
        found.add("/OpenAction")
    return sorted(found)


def _goes_to_a_page(action):
    """A destination array (``[page /Fit]``) or a ``/GoTo`` action without a follow-up (``/Next``)."""
    if isinstance(action, pikepdf.Array):
        return True
    return isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/GoTo" and "/Next" not in action


_NAME = re.compile(rb"/([A-Za-z0-9#]+)")


def _scan_bytes(data):
    """Names in the raw bytes, ``#xx`` escapes decoded: for a file qpdf cannot parse."""
    found = set()
    for match in _NAME.finditer(data):
        name = "/" + re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group(1)).decode(
            "latin-1"
        )
        if name in _ACTIVE or name == "/OpenAction":
            found.add("/JavaScript" if name == "/JS" else name)
    return sorted(found)


def active_content_refusal(data):
    """The Chinese refusal for a PDF with active content, or "" when it has none."""
    try:
        found = active_content(data)
    except pikepdf.PasswordError:
        return _("该 PDF 文件设有打开密码，审核人员无法查看。请取消密码后重新上传。")
    if not found:
        return ""
    texts = _found_text()
    kinds = "、".join(dict.fromkeys(texts[name] for name in found))
    return _(
        "该 PDF 文件含有%(kinds)s，审核人员用阅读器打开时可能自动执行，不能作为材料上传。"
        "请用“打印为 PDF”或“另存为 PDF”重新生成不含脚本和自动动作的文件后再上传。"
    ) % {"kinds": kinds}
