"""Arrange-only helpers for SAMR's indicator data: files in each format, stored values, applications with answers."""

import csv
import io
from decimal import Decimal

import openpyxl
from django.utils import timezone

from criteria.models import IndicatorImport, IndicatorValue
from nominations.enums import NominationState
from nominations.models import Answer, Nomination
from provinces.models import Division
from tests.nominations.factories import CampaignFactory

HEADER = ["区划代码", "指标", "数值", "来源", "年度"]


def csv_bytes(rows, *, header=HEADER, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, header=HEADER, above=(), percent_column=None):
    """A workbook whose first sheet holds ``above`` (title lines), the header, then ``rows``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in above:
        sheet.append(line)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
        if percent_column is not None and row:
            sheet.cell(row=sheet.max_row, column=percent_column + 1).number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def store_value(code, number, year, value, source="国家12315平台"):
    """An IndicatorValue as an applied import would leave it (with its own batch)."""
    batch = IndicatorImport.objects.create(file_name="arrange.csv", sha256="0" * 64, rows=1, created_count=1)
    return IndicatorValue.objects.create(
        division=Division.objects.get(code=code),
        criterion_number=number,
        year=year,
        value=Decimal(value),
        source=source,
        batch=batch,
        imported_at=timezone.now(),
    )


def campaign(year=2026):
    """A campaign of ``year`` using the 2020 sets; its reference date is 31 December of the year before."""
    return CampaignFactory(year=year, ready=True)


def application(campaign, code, user, *, state=NominationState.SUBMITTED, values=None, category="quality"):
    """An application of ``code`` stored in ``state``, with ``values`` ({number: declared}) as its metric answers."""
    criteria_set = campaign.criteria_sets.get(category=category)
    nomination = Nomination.objects.create(
        campaign=campaign,
        category=category,
        division=Division.objects.get(code=code),
        criteria_set=criteria_set,
        state=state,
        created_by=user,
    )
    for number, value in (values or {}).items():
        Answer.objects.create(
            nomination=nomination,
            criterion=criteria_set.criteria.get(number=number),
            met=True,
            value=None if value is None else Decimal(value),
        )
    return nomination
