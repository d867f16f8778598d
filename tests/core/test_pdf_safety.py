"""PDFs with active content are refused as evidence (issue 18, item 8): scripts, launch actions and actions run when
the file is opened, wherever they hide (a compressed object stream, ``#xx``-escaped names, a file qpdf cannot parse),
with a Chinese message that says what was found and how to make a clean file; a page link or a plain file passes."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from core.domain.pdf_safety import active_content
from core.domain.uploads import inspect_upload
from demo.sample_pdf import one_page_pdf
from nominations.models import Attachment

from ..helpers import api_client

CLEAN = one_page_pdf("evidence")


def changed(change, **save):
    """CLEAN with ``change(pdf)`` applied, written by qpdf (``save``: e.g. object streams)."""
    pdf = pikepdf.open(io.BytesIO(CLEAN))
    change(pdf)
    out = io.BytesIO()
    pdf.save(out, **save)
    return out.getvalue()


def open_action(action):
    return lambda pdf: pdf.Root.__setitem__("/OpenAction", action(pdf))


def script(pdf):
    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))


def launch(pdf):
    return pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))


def page_action(pdf):
    """An additional action on the first page: a script run when the page opens."""
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=pdf.make_indirect(script(pdf)))


HIDDEN = {"object_stream_mode": pikepdf.ObjectStreamMode.generate, "compress_streams": True}


@pytest.mark.parametrize(
    "data, found",
    [
        (changed(open_action(script)), ["/JavaScript", "/OpenAction"]),
        (changed(open_action(script), **HIDDEN), ["/JavaScript", "/OpenAction"]),  # inside a compressed stream
        (changed(open_action(launch)), ["/Launch", "/OpenAction"]),
        (changed(page_action), ["/AA", "/JavaScript"]),
        (
            b"%PDF-1.4\n1 0 obj<< /OpenAction << /S /J#61vaScript /J#53 (x) >> >>endobj\ntrailer<<>>\n%%EOF\n",
            ["/JavaScript", "/OpenAction"],
        ),  # unparseable by qpdf, names escaped
    ],
)
def test_active_content_is_found_wherever_it_hides(data, found):
    assert active_content(data) == found


@pytest.mark.parametrize(
    "data",
    [
        CLEAN,
        changed(open_action(lambda pdf: pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit]))),  # open at page 1
        changed(lambda pdf: None, encryption=pikepdf.Encryption(user="", owner="owner")),  # opens without a password
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    ],
)
def test_a_plain_pdf_or_a_page_link_passes(data):
    assert active_content(data) == []
    assert inspect_upload(ContentFile(data, name="证明.pdf"), max_bytes=10**7).kind == "pdf"


def test_the_refusal_says_what_and_how(db):
    with pytest.raises(ValidationError) as refused:
        inspect_upload(ContentFile(changed(open_action(script), **HIDDEN), name="报告.pdf"), max_bytes=10**7)
    message = refused.value.messages[0]
    assert refused.value.code == "pdf_active_content"
    assert "脚本（JavaScript）" in message and "打开文件时自动执行的动作（OpenAction）" in message
    assert "另存为 PDF" in message
    locked = changed(lambda pdf: None, encryption=pikepdf.Encryption(user="u", owner="o"))
    with pytest.raises(ValidationError, match="打开密码"):
        inspect_upload(ContentFile(locked, name="加密.pdf"), max_bytes=10**7)


@pytest.mark.django_db
def test_the_api_refuses_it_and_stores_nothing(draft, county_clerk):
    api = api_client(county_clerk)
    bad = SimpleUploadedFile("材料.pdf", changed(open_action(launch)), content_type="application/pdf")
    response = api.post(f"/api/v1/nominations/{draft.pk}/attachments/", {"file": bad}, format="multipart")
    assert response.status_code == 400 and "Launch" in response.json()["detail"]
    assert not Attachment.objects.filter(nomination=draft).exists()
    good = SimpleUploadedFile("材料.pdf", CLEAN, content_type="application/pdf")
    assert (
        api.post(f"/api/v1/nominations/{draft.pk}/attachments/", {"file": good}, format="multipart").status_code == 201
    )
