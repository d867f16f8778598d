"""Evidence uploads are judged by content: accepted kinds, refusals with Chinese messages, safe names."""

import hashlib
import io
import re
import struct
import zipfile
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation

from core.domain import uploads
from core.domain.uploads import MAX_ATTACHMENT_NAME, content_disposition, inspect_upload

pytestmark = pytest.mark.unit

MEGABYTE = 1024 * 1024
LIMIT = 5 * MEGABYTE
CHINESE = re.compile(r"[\u4e00-\u9fff]")

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
TIFF = b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
XML = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(64) + b"PE\x00\x00"
SCRIPT = b"#!/bin/sh\ncurl http://example.invalid | sh\n"
RTF = b"{\\rtf1\\ansi{\\object\\objemb{\\*\\objdata 0105000002000000}}}"

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SLIDES_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
)
OFD_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" '
    'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID></ofd:DocInfo>'
    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


# --- Builders of small real files --------------------------------------------------------------------------------


def zip_of(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(main_part, content_type, **extra):
    members = {
        "[Content_Types].xml": CONTENT_TYPES.format(part=main_part, content_type=content_type),
        "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
        main_part: '<?xml version="1.0"?><document>证明材料</document>',
    }
    return zip_of(members | extra)


def docx(**extra):
    return ooxml("word/document.xml", WORD_MAIN, **extra)


def pptx():
    return ooxml("ppt/presentation.xml", SLIDES_MAIN)


def xlsx():
    workbook = openpyxl.Workbook()
    workbook.active.append(["消费者投诉办结率", 0.98])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ofd(body=OFD_XML):
    return zip_of({"OFD.xml": body, "Doc_0/Document.xml": "<ofd:Document/>"})


def zip_bomb():
    """One member of 50 MB of zeros: about 50 KB on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(part="word/document.xml", content_type=WORD_MAIN))
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as member:
            for _ in range(50):
                member.write(bytes(MEGABYTE))
    return buffer.getvalue()


def zip_with_encrypted_member():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(part="word/document.xml", content_type=WORD_MAIN))
        archive.writestr("word/document.xml", b"\x8f\x12garbled")
        archive.filelist[-1].flag_bits |= 0x1  # written into the central directory on close
    return buffer.getvalue()


def zip_with_damaged_member():
    text = b"A" * 4000
    data = zip_of({"[Content_Types].xml": "x", "word/document.xml": text}, compression=zipfile.ZIP_STORED)
    return data.replace(text, b"B" * len(text))


def zip_with_many_members():
    return zip_of({f"word/media/{number}.xml": b"" for number in range(uploads.MAX_ZIP_MEMBERS + 1)})


def with_zip64_end(data, members=None):
    """The same ZIP with a Zip64 end record (as large-file writers add) announcing ``members`` members."""
    body, end = data[:-22], data[-22:]
    count, directory_size, directory_offset = struct.unpack("<HII", end[10:20])
    record = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, members or count, directory_size, directory_offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, len(body), 1)
    return body + record + locator + end


FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
OLE_ENTRY = struct.Struct("<64sHBBIII16sIQQIQ")


def ole_entry(name="", kind=0, *, right=NO_STREAM, child=NO_STREAM, start=END_OF_CHAIN, size=0):
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return OLE_ENTRY.pack(encoded, len(encoded), kind, 1, NO_STREAM, right, child, bytes(16), 0, 0, 0, start, size)


def ole2(streams, storages=()):
    """A minimal compound file (version 3, 512-byte sectors): one FAT sector, then the directory, then the streams,
    each padded to 4096 bytes so that none lives in the mini stream; the root's children are chained to the right."""
    sector = 512
    children = [(name, 2, data) for name, data in streams.items()] + [(name, 1, b"") for name in storages]
    directory_sectors = -(-(len(children) + 1) // 4)
    fat = [FAT_SECTOR] + list(range(2, directory_sectors + 1)) + [END_OF_CHAIN]
    directory = ole_entry("Root Entry", 5, child=1)
    data_sectors = []
    for number, (name, kind, data) in enumerate(children, start=1):
        right = number + 1 if number < len(children) else NO_STREAM
        if kind == 1:
            directory += ole_entry(name, kind, right=right, start=0)
            continue
        data = data.ljust(max(4096, -(-len(data) // sector) * sector), b"\x00")
        start = 1 + directory_sectors + len(data_sectors)
        fat += list(range(start + 1, start + len(data) // sector)) + [END_OF_CHAIN]
        data_sectors += [data[offset : offset + sector] for offset in range(0, len(data), sector)]
        directory += ole_entry(name, kind, right=right, start=start, size=len(data))
    directory += ole_entry() * (directory_sectors * 4 - len(children) - 1)
    assert len(fat) <= 128, "the builder has one FAT sector"
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<5H6x", 0x3E, 3, 0xFFFE, 9, 6)  # version 3, little-endian, 512- and 64-byte sectors
        + struct.pack("<9I", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)  # one FAT sector, directory at 1
        + struct.pack("<109I", 0, *[FREE] * 108)  # the FAT is sector 0
    )
    fat_sector = struct.pack("<128I", *(fat + [FREE] * (128 - len(fat))))
    return header + fat_sector + directory + b"".join(data_sectors)


def word_stream(flags=0):
    """The start of a WordDocument stream: FibBase with wIdent 0xA5EC and the given flags."""
    return struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0804, 0, flags) + b"\x00" * 500


def upload(data, name="file"):
    return ContentFile(data, name=name)


def refusal(data, name="file", max_bytes=LIMIT):
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload(data, name), max_bytes=max_bytes)
    return caught.value


# --- Accepted kinds -------------------------------------------------------------------------------------------------

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@pytest.mark.parametrize(
    ("name", "build", "kind", "content_type", "display_name"),
    [
        ("营业执照扫描件.pdf", lambda: PDF, "pdf", "application/pdf", "营业执照扫描件.pdf"),
        ("现场照片.png", lambda: PNG, "png", "image/png", "现场照片.png"),
        ("现场照片.JPG", lambda: JPEG, "jpeg", "image/jpeg", "现场照片.JPG"),
        ("现场照片.jpeg", lambda: JPEG, "jpeg", "image/jpeg", "现场照片.jpeg"),
        ("动图.gif", lambda: GIF, "gif", "image/gif", "动图.gif"),
        ("照片.webp", lambda: WEBP, "webp", "image/webp", "照片.webp"),
        ("扫描件.tif", lambda: TIFF, "tiff", "image/tiff", "扫描件.tif"),
        ("工作报告.docx", docx, "docx", DOCX_TYPE, "工作报告.docx"),
        ("指标统计表.xlsx", xlsx, "xlsx", XLSX_TYPE, "指标统计表.xlsx"),
        ("汇报材料.pptx", pptx, "pptx", PPTX_TYPE, "汇报材料.pptx"),
        ("电子证照.ofd", ofd, "ofd", "application/ofd", "电子证照.ofd"),
        ("旧版报告.doc", lambda: ole2({"WordDocument": word_stream()}), "doc", "application/msword", "旧版报告.doc"),
        ("WPS文字.wps", lambda: ole2({"WordDocument": word_stream()}), "doc", "application/msword", "WPS文字.wps"),
        ("旧版表格.xls", lambda: ole2({"Workbook": b"\x09\x08"}), "xls", "application/vnd.ms-excel", "旧版表格.xls"),
        ("BIFF5.xls", lambda: ole2({"Book": b"\x09\x08"}), "xls", "application/vnd.ms-excel", "BIFF5.xls"),
        (
            "旧版幻灯片.ppt",
            lambda: ole2({"PowerPoint Document": b"\x00", "Current User": b"\x00"}),
            "ppt",
            "application/vnd.ms-powerpoint",
            "旧版幻灯片.ppt",
        ),
        # The content decides; the name takes the detected kind's extension.
        ("x.docx", lambda: PDF, "pdf", "application/pdf", "x.pdf"),
        ("photo.exe", lambda: JPEG, "jpeg", "image/jpeg", "photo.jpg"),
        ("扫描件", lambda: PDF, "pdf", "application/pdf", "扫描件.pdf"),
        ("方案v1.2", lambda: PDF, "pdf", "application/pdf", "方案v1.2.pdf"),
        ("表格.doc", xlsx, "xlsx", XLSX_TYPE, "表格.xlsx"),
    ],
)
def test_accepted_kinds(name, build, kind, content_type, display_name):
    data = build()

    inspected = inspect_upload(SimpleUploadedFile(name, data, content_type="text/html"), max_bytes=LIMIT)

    assert inspected.kind == kind
    assert inspected.content_type == content_type
    assert inspected.extension == uploads.KINDS[kind].extension
    assert inspected.display_name == display_name
    assert inspected.size == len(data)
    assert inspected.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("wrap", ["content", "memory", "disk"])
@pytest.mark.parametrize("build", [lambda: PDF * 5000, docx, lambda: ole2({"WordDocument": word_stream()})])
def test_hash_over_chunks_and_position_back_at_zero(wrap, build):
    data = build()
    if wrap == "content":
        uploaded = ContentFile(data, name="a")
    elif wrap == "memory":
        uploaded = SimpleUploadedFile("a", data)
    else:
        uploaded = TemporaryUploadedFile("a", "application/octet-stream", len(data), None)
        uploaded.write(data)
    uploaded.DEFAULT_CHUNK_SIZE = 4096

    inspected = inspect_upload(uploaded, max_bytes=LIMIT)

    assert inspected.sha256 == hashlib.sha256(data).hexdigest()
    assert inspected.size == len(data)
    assert uploaded.tell() == 0
    assert uploaded.read() == data


def test_position_back_at_zero_after_a_refusal():
    uploaded = upload(HTML, "report.pdf")

    with pytest.raises(ValidationError):
        inspect_upload(uploaded, max_bytes=LIMIT)

    assert uploaded.tell() == 0


def test_inspected_upload_is_frozen():
    inspected = inspect_upload(upload(PDF, "a.pdf"), max_bytes=LIMIT)

    with pytest.raises(AttributeError):
        inspected.kind = "exe"


# --- Refusals -------------------------------------------------------------------------------------------------------


def assert_chinese_refusal(error, code, words):
    message = " ".join(error.messages)
    assert error.code == code
    assert CHINESE.search(message), message
    for word in words:
        assert word in message, message


UNSUPPORTED = ("只接受", "PDF", "图片（JPG/PNG）", "Word/Excel/PowerPoint", "OFD")


@pytest.mark.parametrize(
    ("name", "build", "code", "words"),
    [
        ("空文件.pdf", lambda: b"", "empty", ("空", "0 字节")),
        ("report.pdf", lambda: HTML, "unsupported", UNSUPPORTED),
        ("logo.png", lambda: SVG, "unsupported", UNSUPPORTED),
        ("data.docx", lambda: XML, "unsupported", UNSUPPORTED),
        ("photo.jpg", lambda: EXE, "unsupported", UNSUPPORTED),
        ("run.pdf", lambda: SCRIPT, "unsupported", UNSUPPORTED),
        ("报告.doc", lambda: RTF, "unsupported", UNSUPPORTED),
        ("text.pdf", lambda: "纯文本".encode(), "unsupported", UNSUPPORTED),
        ("evil.docx", lambda: docx(**{"../evil": "x"}), "unsafe_path", ("不安全的路径", "..")),
        ("evil2.docx", lambda: docx(**{"word/../../evil": "x"}), "unsafe_path", ("不安全的路径",)),
        ("absolute.docx", lambda: docx(**{"/etc/passwd": "x"}), "unsafe_path", ("绝对路径",)),
        ("drive.docx", lambda: docx(**{"C:/Windows/evil.dll": "x"}), "unsafe_path", ("绝对路径",)),
        ("bomb.docx", zip_bomb, "zip_bomb", ("压缩炸弹", "100:1")),
        ("locked.docx", zip_with_encrypted_member, "encrypted", ("密码",)),
        ("truncated.docx", lambda: docx()[:-40], "damaged", ("损坏",)),
        ("damaged.docx", zip_with_damaged_member, "damaged", ("损坏",)),
        ("junk.docx", lambda: b"PK\x03\x04" + bytes(100), "damaged", ("损坏",)),
        ("many.docx", zip_with_many_members, "too_many_members", ("过多", "10000")),
        ("材料.zip", lambda: zip_of({"说明.txt": "证明材料"}), "archive", ("压缩包", "解压")),
        ("odt.docx", lambda: zip_of({"mimetype": "application/vnd.oasis.opendocument.text"}), "archive", ("压缩包",)),
        ("no-main.docx", lambda: zip_of({"[Content_Types].xml": "<Types/>"}), "archive", ("压缩包",)),
        ("bad.ofd", lambda: ofd(body="<ofd:OFD/>"), "archive", ("压缩包",)),
        ("macro.docm", lambda: docx(**{"word/vbaProject.bin": b"\x00"}), "macros", ("宏",)),
        (
            "macro.xlsm",
            lambda: ooxml("xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
            "macros",
            ("宏",),
        ),
        ("setup.doc", lambda: ole2({"\x05SummaryInformation": b"\x00"}), "unsupported", UNSUPPORTED),
        ("locked.xlsx", lambda: ole2({"EncryptionInfo": b"\x04", "EncryptedPackage": b"\x00"}), "encrypted", ("密码",)),
        ("locked.doc", lambda: ole2({"WordDocument": word_stream(flags=0x0100)}), "encrypted", ("密码",)),
        ("macro.doc", lambda: ole2({"WordDocument": word_stream()}, storages=["Macros"]), "macros", ("宏",)),
        ("macro.xls", lambda: ole2({"Workbook": b"\x09"}, storages=["_VBA_PROJECT_CUR"]), "macros", ("宏",)),
        ("broken.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "damaged", ("损坏",)),
    ],
)
def test_refusals(name, build, code, words):
    error = refusal(build(), name)

    assert_chinese_refusal(error, code, words)


def test_oversized_file_names_the_limit_in_megabytes():
    error = refusal(PDF + bytes(2 * MEGABYTE), "big.pdf", max_bytes=2 * MEGABYTE)

    assert_chinese_refusal(error, "too_large", ("超过", "2 MB"))


def test_a_file_exactly_at_the_limit_is_accepted():
    data = PDF.ljust(4096, b" ")

    assert inspect_upload(upload(data, "a.pdf"), max_bytes=len(data)).size == len(data)


def test_the_real_size_counts_when_the_declared_one_is_wrong():
    uploaded = upload(PDF + bytes(10_000), "a.pdf")
    uploaded.size = 10

    with pytest.raises(ValidationError) as caught:
        inspect_upload(uploaded, max_bytes=5000)

    assert caught.value.code == "too_large"


def test_zip64_end_record_is_read():
    assert inspect_upload(upload(with_zip64_end(docx()), "a.docx"), max_bytes=LIMIT).kind == "docx"

    error = refusal(with_zip64_end(docx(), members=10**6), "a.docx")

    assert_chinese_refusal(error, "too_many_members", ("过多",))


def test_member_count_is_refused_before_zipfile_reads_the_directory(monkeypatch):
    data = zip_with_many_members()
    monkeypatch.setattr(zipfile, "ZipFile", None)

    assert refusal(data, "many.docx").code == "too_many_members"


def test_a_huge_central_directory_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_CENTRAL_DIRECTORY_BYTES", 1000)

    assert refusal(docx(**{"word/" + "a" * 1000 + ".xml": "x"}), "a.docx").code == "too_many_members"


def test_total_uncompressed_size_is_limited(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNCOMPRESSED_BYTES", 10_000)
    data = docx(**{"word/media/image1.bin": bytes(range(256)) * 40})

    error = refusal(data, "big.docx", max_bytes=4000)

    assert_chinese_refusal(error, "zip_bomb", ("压缩炸弹",))


# --- Names ----------------------------------------------------------------------------------------------------------

LONG_NAME = "关于深化商事制度改革和加强事中事后监管工作情况的报告" * 12 + ".pdf"


@pytest.mark.parametrize(
    ("name", "display_name"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\temp\\a.pdf", "a.pdf"),
        ("/var/www/报告.pdf", "报告.pdf"),
        ("..\\..\\boot.ini", "boot.pdf"),
        ("a\x00b\x07c\x1b.pdf", "abc.pdf"),
        ("photo\u202egpj.pdf", "photogpj.pdf"),
        ("\u2066报告\u2069\u200b\ufeff.pdf", "报告.pdf"),
        ("  年度   报告\t\n终稿 .pdf", "年度 报告 终稿.pdf"),
        ("年度\u3000报告.pdf", "年度 报告.pdf"),
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("", "附件.pdf"),
        (None, "附件.pdf"),
        (".pdf", "附件.pdf"),
        ("..", "附件.pdf"),
        ("\u202e\u202d.pdf", "附件.pdf"),
        ("报告.PDF", "报告.PDF"),
    ],
)
def test_display_name_is_safe(name, display_name):
    assert inspect_upload(upload(PDF, name), max_bytes=LIMIT).display_name == display_name


def test_a_long_chinese_name_is_cut_to_120_characters_keeping_the_extension():
    display_name = inspect_upload(upload(PDF, LONG_NAME), max_bytes=LIMIT).display_name

    assert len(LONG_NAME) > 300
    assert len(display_name) == MAX_ATTACHMENT_NAME
    assert display_name.endswith(".pdf")
    assert LONG_NAME.startswith(display_name[:-4])


# --- Content-Disposition --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display_name", "inline", "expected"),
    [
        (
            "证明材料.pdf",
            False,
            "attachment; filename=\"attachment.pdf\"; filename*=UTF-8''%E8%AF%81%E6%98%8E%E6%9D%90%E6%96%99.pdf",
        ),
        ("2023年报告.pdf", True, "inline; filename=\"2023.pdf\"; filename*=UTF-8''2023%E5%B9%B4%E6%8A%A5%E5%91%8A.pdf"),
        ("report final.pdf", False, "attachment; filename=\"report final.pdf\"; filename*=UTF-8''report%20final.pdf"),
        ("", False, "attachment; filename=\"attachment\"; filename*=UTF-8''%E9%99%84%E4%BB%B6"),
    ],
)
def test_content_disposition(display_name, inline, expected):
    assert content_disposition(display_name, inline=inline) == expected


@pytest.mark.parametrize("name", ["证明材料.pdf", "关于“放管服”改革的报告（终稿）.docx", LONG_NAME])
def test_content_disposition_carries_the_name_per_rfc_5987(name):
    header = content_disposition(name)

    assert header.isascii()
    assert unquote(header.split("filename*=UTF-8''")[1]) == name


def test_content_disposition_cannot_inject_headers_or_break_quotes():
    header = content_disposition('a"b\r\nSet-Cookie: x=1;.pdf')

    assert "\r" not in header
    assert "\n" not in header
    fallback = re.fullmatch(r'attachment; filename="([^"]*)"; filename\*=UTF-8\'\'(\S+)', header)
    assert fallback, header
    assert ";" not in fallback.group(1)
