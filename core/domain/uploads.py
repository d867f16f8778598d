"""Evidence files (证明材料): what an uploaded file really is, checked before anything stores it.

``inspect_upload`` streams the upload once (size and SHA-256), then judges its kind by
content alone: magic bytes for PDF and images, the container structure for Office and
OFD files. The name and the client's content type are never trusted, so an HTML page,
an SVG, XML, a script or an executable is refused whatever it is called.

Decisions:

- A name whose extension disagrees with the content (a real PDF called ``x.docx``) is
  accepted: the content decides, and ``display_name`` takes the detected kind's
  extension so that the reviewer's computer opens it with the right program. Refusing
  would only make the clerk rename the file.
- The usual spellings of a kind's extension stay in the name (``.JPG``, ``.jpeg``; and
  ``.wps``, ``.et``, ``.dps``, WPS Office's names for Word/Excel/PowerPoint 97 files).
- Legacy Office files are told apart by their main stream (olefile); any other OLE2
  file, such as an MSI installer or an Outlook message, is refused.
- Files with VBA macros and password-protected files are refused: reviewers must be
  able to open every file, safely. So are PDFs with scripts, launch actions or actions
  run when the file is opened (``core.domain.pdf_safety``, read with pikepdf).
- ZIP containers (docx, xlsx, pptx, OFD) are never extracted to disk. The member count
  is read from the end record before zipfile builds one object per member; encrypted
  members, absolute or ``..`` paths, more uncompressed bytes than allowed and a ratio
  over 100:1 are refused (the ratio only for members over 1 MiB: a smaller one cannot
  hurt whatever its ratio). Every member is then decompressed once, in chunks and
  within those limits, so that a damaged file is refused now rather than on the
  reviewer's desk. Whatever a hostile file makes the parsers raise becomes a
  "damaged file" refusal, never a server error.
"""

import hashlib
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

import olefile
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import pdf_safety

MAX_ATTACHMENT_NAME = 120
DEFAULT_NAME = "附件"
MAX_ZIP_MEMBERS = 10_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024
# Each central directory entry is 46 bytes plus its name: 1 KiB each is generous for real files.
MAX_CENTRAL_DIRECTORY_BYTES = MAX_ZIP_MEMBERS * 1024
MAX_PART_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    code: str
    content_type: str
    extensions: tuple[str, ...]  # the canonical one first

    @property
    def extension(self):
        return self.extensions[0]


KINDS = {
    kind.code: kind
    for kind in (
        Kind("pdf", "application/pdf", ("pdf",)),
        Kind("png", "image/png", ("png",)),
        Kind("jpeg", "image/jpeg", ("jpg", "jpeg", "jpe", "jfif")),
        Kind("gif", "image/gif", ("gif",)),
        Kind("webp", "image/webp", ("webp",)),
        Kind("tiff", "image/tiff", ("tif", "tiff")),
        Kind("doc", "application/msword", ("doc", "wps")),
        Kind("xls", "application/vnd.ms-excel", ("xls", "et")),
        Kind("ppt", "application/vnd.ms-powerpoint", ("ppt", "dps", "pps")),
        Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
        Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
        Kind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)),
        Kind("ofd", "application/ofd", ("ofd",)),
    )
}

SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD_BYTES = 16

OOXML_MAIN_PARTS = (("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml"), ("pptx", "ppt/presentation.xml"))

END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_END_OF_CENTRAL_DIRECTORY = b"PK\x06\x06"
ZIP_ENCRYPTED_FLAG = 0x1
WORD_ENCRYPTED_FLAG = 0x0100  # FibBase.fEncrypted ([MS-DOC] 2.5.2)

RESERVED_IN_NAMES = re.compile(r'[<>:"|?*]')
LOOKS_LIKE_EXTENSION = re.compile(r"[A-Za-z0-9]{1,5}")
NOT_IN_ASCII_FALLBACK = re.compile(r"[^A-Za-z0-9._()\- ]+")


@dataclass(frozen=True)
class InspectedUpload:
    kind: str
    content_type: str
    size: int
    sha256: str
    display_name: str
    extension: str


def inspect_upload(uploaded_file, *, max_bytes):
    """Check one uploaded file (a Django ``File``) and describe it; raise ``ValidationError`` if it is refused.

    The file is left at position 0 so that the caller can store it.
    """
    try:
        size, sha256, head = _stream(uploaded_file, max_bytes)
        code = _kind_by_magic(head)
        if code is None and head.startswith(ZIP_MAGIC):
            code = _zip_kind(uploaded_file, max_bytes)
        elif code is None and head.startswith(OLE2_MAGIC):
            code = _office97_kind(uploaded_file)
        if code is None:
            raise _unsupported()
        if code == "pdf":
            _refuse_active_pdf(uploaded_file)
    finally:
        uploaded_file.seek(0)
    kind = KINDS[code]
    return InspectedUpload(
        kind=kind.code,
        content_type=kind.content_type,
        size=size,
        sha256=sha256,
        display_name=_display_name(uploaded_file.name, kind),
        extension=kind.extension,
    )


def _refuse_active_pdf(uploaded_file):
    """Scripts, launch actions and automatic actions in a PDF (``core.domain.pdf_safety``): reviewers open evidence in
    desktop readers. The file is read whole; its size was already checked against the limit."""
    uploaded_file.seek(0)
    refusal = pdf_safety.active_content_refusal(uploaded_file.read())
    if refusal:
        raise ValidationError(refusal, code="pdf_active_content")


def content_disposition(display_name, inline=False):
    """A ``Content-Disposition`` value: an ASCII ``filename`` for old clients and the real name per RFC 5987."""
    name = _clean(display_name).replace("/", "_").replace("\\", "_") or DEFAULT_NAME
    base, dot, extension = name.rpartition(".")
    if not dot:
        base, extension = name, ""
    fallback = _ascii(base) or "attachment"
    if _ascii(extension):
        fallback = f"{fallback}.{_ascii(extension)}"
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _stream(uploaded_file, max_bytes):
    """Size, SHA-256 and first bytes, read chunk by chunk; the declared size is checked first, the real one after."""
    if uploaded_file.size is not None and uploaded_file.size > max_bytes:
        raise _too_large(max_bytes)
    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in uploaded_file.chunks():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes)
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
    if size == 0:
        raise ValidationError(_("文件是空的（0 字节），请检查文件后重新上传。"), code="empty")
    return size, digest.hexdigest(), head


def _kind_by_magic(head):
    for magic, code in SIGNATURES:
        if head.startswith(magic):
            return code
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _zip_kind(uploaded_file, max_bytes):
    """docx, xlsx, pptx or ofd, from the parts the container really holds."""
    try:
        _check_member_count(uploaded_file)
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
            _check_members(members, max_bytes)
            for member in members:
                with archive.open(member) as stream:
                    while stream.read(CHUNK_BYTES):
                        pass
            return _container_kind(archive, {member.filename for member in members})
    except ValidationError:
        raise
    except Exception as error:  # whatever hostile input makes zipfile raise means a damaged file
        raise _damaged() from error


def _check_member_count(uploaded_file):
    """Refuse too many members from the end record, before zipfile builds one object per member."""
    uploaded_file.seek(0, 2)
    size = uploaded_file.tell()
    tail_bytes = min(size, 65535 + 22 + 20 + 56)
    uploaded_file.seek(size - tail_bytes)
    tail = uploaded_file.read(tail_bytes)
    if tail[-22:-18] == END_OF_CENTRAL_DIRECTORY and tail[-2:] == b"\x00\x00":
        end = len(tail) - 22
    else:
        end = tail.rfind(END_OF_CENTRAL_DIRECTORY)
    if end < 0:
        raise _damaged()
    members, directory_bytes = struct.unpack("<HI", tail[end + 10 : end + 16])
    zip64_end = end - 20 - 56
    if zip64_end >= 0 and tail[end - 20 : end - 16] == ZIP64_LOCATOR:
        if tail[zip64_end : zip64_end + 4] != ZIP64_END_OF_CENTRAL_DIRECTORY:
            raise _damaged()
        members, directory_bytes = struct.unpack("<QQ", tail[zip64_end + 32 : zip64_end + 48])
    if members > MAX_ZIP_MEMBERS or directory_bytes > MAX_CENTRAL_DIRECTORY_BYTES:
        raise _too_many_members()


def _check_members(members, max_bytes):
    if len(members) > MAX_ZIP_MEMBERS:
        raise _too_many_members()
    limit = max(MAX_UNCOMPRESSED_BYTES, 2 * max_bytes)
    total = 0
    for member in members:
        if member.flag_bits & ZIP_ENCRYPTED_FLAG:
            raise _encrypted()
        if not _safe_member_name(member.filename):
            raise ValidationError(
                _("文件内部含有不安全的路径（绝对路径或“..”），已拒绝；请用办公软件打开后重新另存，再上传。"),
                code="unsafe_path",
            )
        total += member.file_size
        inflated = member.file_size > RATIO_CHECKED_ABOVE
        if total > limit or (inflated and member.file_size > MAX_COMPRESSION_RATIO * member.compress_size):
            raise ValidationError(
                _(
                    "文件解压后体积异常（超过 %(limit)s MB，或压缩比超过 %(ratio)s:1），疑似“压缩炸弹”，已拒绝；"
                    "请用办公软件打开后重新另存，再上传。"
                )
                % {"limit": _megabytes(limit), "ratio": MAX_COMPRESSION_RATIO},
                code="zip_bomb",
            )


def _safe_member_name(name):
    parts = name.replace("\\", "/").split("/")
    return not name.startswith(("/", "\\")) and not re.match(r"[A-Za-z]:", name) and ".." not in parts


def _container_kind(archive, names):
    if "[Content_Types].xml" in names:
        content_types = _read_part(archive, "[Content_Types].xml")
        if b"macroenabled" in content_types.lower() or any(name.lower().endswith("vbaproject.bin") for name in names):
            raise _macros()
        for code, main_part in OOXML_MAIN_PARTS:
            if main_part in names and f"/{main_part}".encode() in content_types:
                return code
    # GB/T 33190: the entry file OFD.xml at the root, with at least one DocBody.
    if "OFD.xml" in names and b"DocBody" in _read_part(archive, "OFD.xml"):
        return "ofd"
    raise ValidationError(
        _(
            "这是一个普通压缩包（ZIP）或不支持的文档格式，不能作为证明材料上传。只接受 PDF、图片（JPG/PNG）、"
            "Word/Excel/PowerPoint、OFD 文件；压缩包请解压后逐个上传其中的文件。"
        ),
        code="archive",
    )


def _read_part(archive, name):
    with archive.open(name) as part:
        return part.read(MAX_PART_BYTES)


def _office97_kind(uploaded_file):
    """doc, xls or ppt (Office 97–2003, and the WPS files that share their format), from the main stream."""
    try:
        ole = olefile.OleFileIO(uploaded_file)
        try:
            return _office97_kind_of(ole)
        finally:
            ole.close()
    except ValidationError:
        raise
    except Exception as error:  # whatever hostile input makes olefile raise means a damaged file
        raise _damaged() from error


def _office97_kind_of(ole):
    # A password-protected docx/xlsx/pptx is an OLE2 file holding the encrypted package.
    if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
        raise _encrypted()
    if ole.exists("Macros") or ole.exists("_VBA_PROJECT_CUR"):
        raise _macros()
    if ole.exists("WordDocument"):
        (flags,) = struct.unpack_from("<H", ole.openstream("WordDocument").read(12), 10)
        if flags & WORD_ENCRYPTED_FLAG:
            raise _encrypted()
        return "doc"
    if ole.exists("Workbook") or ole.exists("Book"):
        return "xls"
    if ole.exists("PowerPoint Document"):
        return "ppt"
    return None


def _display_name(name, kind):
    """The original name without any path, control or bidi characters, at most 120 characters, with the kind's
    extension."""
    base = re.split(r"[/\\]", _clean(name))[-1].strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot or not LOOKS_LIKE_EXTENSION.fullmatch(suffix) or suffix.isdigit():
        stem, suffix = base, ""
    extension = suffix if suffix.lower() in kind.extensions else kind.extension
    stem = stem.strip(" .")[: MAX_ATTACHMENT_NAME - len(extension) - 1].rstrip(" .")
    return f"{stem or DEFAULT_NAME}.{extension}"


def _clean(text):
    """NFC, no control, format (bidi, zero-width) or surrogate characters, Windows-reserved ones replaced,
    whitespace collapsed."""
    kept = []
    for char in unicodedata.normalize("NFC", str(text or "")):
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) not in {"Cc", "Cf", "Cs"}:
            kept.append(char)
    return " ".join(RESERVED_IN_NAMES.sub("_", "".join(kept)).split())


def _ascii(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return NOT_IN_ASCII_FALLBACK.sub("", ascii_text).strip(" .")


def _megabytes(size):
    text = f"{size / MEGABYTE:.2f}".rstrip("0").rstrip(".")
    return text if text != "0" else f"{size / MEGABYTE:.2g}"


def _too_large(max_bytes):
    return ValidationError(
        _("文件超过了单个附件 %(limit)s MB 的上限；请压缩图片、删减页数或拆分成几个文件后重新上传。")
        % {"limit": _megabytes(max_bytes)},
        code="too_large",
    )


def _unsupported():
    return ValidationError(
        _(
            "无法识别文件内容，或该类型不允许上传（类型按文件内容判断，修改扩展名无效）。只接受 PDF、图片（JPG/PNG）、"
            "Word/Excel/PowerPoint、OFD 文件；请另存为其中一种格式后重新上传。"
        ),
        code="unsupported",
    )


def _damaged():
    return ValidationError(
        _("文件已损坏或不完整，无法打开；请重新导出或另存后上传。"),
        code="damaged",
    )


def _encrypted():
    return ValidationError(
        _("文件设置了密码或已加密，审核人员无法打开；请取消密码保护后重新上传。"),
        code="encrypted",
    )


def _too_many_members():
    return ValidationError(
        _("文件内部包含的部件过多（超过 %(max)s 个），已拒绝；请精简内容或拆分后重新上传。") % {"max": MAX_ZIP_MEMBERS},
        code="too_many_members",
    )


def _macros():
    return ValidationError(
        _("文件含有宏（VBA 代码），出于安全原因不予接收；请另存为不含宏的格式（如 .docx、.xlsx、.pptx）后重新上传。"),
        code="macros",
    )
