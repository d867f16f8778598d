"""Bulk creation of bureau accounts (thousands in one run).

Rows are validated first, all of them, against the database in a constant number
of queries; a row with any problem creates nothing and is reported with its line
number; usernames that already exist are skipped. The valid rows are then created
together in one transaction. New users get an unusable password and a one-time
activation code, written to a credentials file for distribution.
"""

import csv
import io
import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from provinces.domain.divisions import national_bureau
from provinces.enums import ROLE_BUREAU_LEVELS, BureauLevel, Role
from provinces.models import Bureau, Membership, role_level_error

from ..models import ActivationCode, User

# Accepted header names (English or Chinese) for each column.
COLUMNS = {
    "username": {"username", "用户名", "账号"},
    "role": {"role", "角色"},
    "division": {"division", "division code", "division_code", "区划代码", "区划"},
    "name": {"name", "full_name", "姓名"},
    "email": {"email", "e-mail", "电子邮箱", "邮箱"},
}
REQUIRED = ("username", "role", "division", "name")
ROLE_BY_WORD = {**{r.value: r for r in Role}, **{str(r.label): r for r in Role}}
NATIONAL_DIVISION_WORDS = {"", "000000", "samr", "总局", "市场监管总局", "国家市场监督管理总局"}


class ProvisioningError(Exception):
    """The file as a whole cannot be read (missing columns, unknown format)."""


@dataclass
class Row:
    line: int
    username: str
    role: str
    division: str
    name: str
    email: str = ""


@dataclass
class Created:
    user: User
    membership: Membership
    code: str
    expires_at: object


@dataclass
class Result:
    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (line, username)
    errors: list = field(default_factory=list)  # (line, message)


def read_rows(path):
    """Rows of a CSV (UTF-8, with or without BOM, or GB18030) or XLSX file."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _rows_from_table(_xlsx_records(path))
    if path.suffix.lower() != ".csv":
        raise ProvisioningError(_("只支持 .csv 或 .xlsx 文件，收到的是“%(name)s”。") % {"name": path.name})
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ProvisioningError(_("无法识别文件编码，请另存为 UTF-8 编码的 CSV。"))
    return _rows_from_table(list(csv.reader(io.StringIO(text))))


def _xlsx_records(path):
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    records = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return records


def _rows_from_table(records):
    if not records:
        raise ProvisioningError(_("文件是空的。"))
    header = [h.strip().lower() for h in records[0]]
    index = {}
    for key, names in COLUMNS.items():
        for position, title in enumerate(header):
            if title in names:
                index[key] = position
    missing = [key for key in REQUIRED if key not in index]
    if missing:
        raise ProvisioningError(
            _("表头缺少这些列：%(columns)s。第一行应为：用户名,角色,区划代码,姓名,电子邮箱")
            % {"columns": "、".join(missing)}
        )
    rows = []
    for line, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        values = {key: (record[pos].strip() if pos < len(record) else "") for key, pos in index.items()}
        rows.append(Row(line=line, **{"email": "", **values}))
    return rows


def provision(rows):
    """Validate every row, then create the valid ones in one transaction."""
    result = Result()
    usernames = {row.username for row in rows}
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    codes = {row.division for row in rows}
    bureaus = {b.division.code: b for b in Bureau.objects.filter(division__code__in=codes).select_related("division")}
    samr = national_bureau()

    seen = {}
    valid = []
    for row in rows:
        if row.username in existing:
            result.skipped.append((row.line, row.username))
            continue
        problems, role, bureau = _check(row, bureaus, samr)
        if row.username in seen:
            problems.append(
                _("用户名“%(username)s”与第 %(line)s 行重复。") % {"username": row.username, "line": seen[row.username]}
            )
        seen.setdefault(row.username, row.line)
        if problems:
            result.errors.extend((row.line, problem) for problem in problems)
        else:
            valid.append((row, role, bureau))

    if valid:
        result.created = _create(valid)
    return result


def _check(row, bureaus, samr):
    problems = []
    try:
        User.username_validator(row.username)
        if not row.username or len(row.username) > 150:
            raise ValidationError("length")
    except ValidationError:
        problems.append(
            _("用户名“%(username)s”无效：只能用字母、数字和 @ . + - _，最多 150 个字符。") % {"username": row.username}
        )
    role = ROLE_BY_WORD.get(row.role.strip().lower()) or ROLE_BY_WORD.get(row.role.strip())
    if role is None:
        problems.append(
            _("角色“%(role)s”无效，应为以下之一：%(choices)s。")
            % {"role": row.role, "choices": "、".join(f"{r.value}（{r.label}）" for r in Role)}
        )
    bureau = None
    if row.division.lower() in NATIONAL_DIVISION_WORDS and (
        role is None or BureauLevel.NATIONAL in ROLE_BUREAU_LEVELS[role]
    ):
        bureau = samr
    elif not (len(row.division) == 6 and row.division.isdigit()):
        problems.append(_("区划代码“%(code)s”应为 6 位数字（GB/T 2260）。") % {"code": row.division})
    elif row.division not in bureaus:
        problems.append(_("区划代码“%(code)s”不存在，请核对。") % {"code": row.division})
    else:
        bureau = bureaus[row.division]
    if role is not None and bureau is not None and bureau.level not in ROLE_BUREAU_LEVELS[role]:
        problems.append(str(role_level_error(role, bureau)))
    if not row.name:
        problems.append(_("姓名不能为空。"))
    elif len(row.name) > 64:
        problems.append(_("姓名不能超过 64 个字符。"))
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            problems.append(_("电子邮箱“%(email)s”格式不正确。") % {"email": row.email})
    return problems, role, bureau


@transaction.atomic
def _create(valid):
    expires_at = timezone.now() + timedelta(days=settings.ACTIVATION_CODE_DAYS)
    users = []
    for row, role, _bureau in valid:
        user = User(
            username=row.username,
            full_name=row.name,
            email=row.email,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=1000)
    if any(user.pk is None for user in users):  # backends that cannot return ids
        ids = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
        for user in users:
            user.pk = ids[user.username]

    memberships = [
        Membership(user=user, bureau=bureau, role=role) for user, (_row, role, bureau) in zip(users, valid, strict=True)
    ]
    Membership.objects.bulk_create(memberships, batch_size=1000)
    plain_codes = [ActivationCode.generate() for _ in users]
    ActivationCode.objects.bulk_create(
        [
            ActivationCode(user=user, code_hash=ActivationCode.digest(user.pk, code), expires_at=expires_at)
            for user, code in zip(users, plain_codes, strict=True)
        ],
        batch_size=1000,
    )
    return [
        Created(user=user, membership=membership, code=code, expires_at=expires_at)
        for user, membership, code in zip(users, memberships, plain_codes, strict=True)
    ]


def bureau_rows(role, levels=None):
    """One row per bureau that may hold ``role`` (optionally only some levels)."""
    role = Role(role)
    allowed = ROLE_BUREAU_LEVELS[role] - {BureauLevel.NATIONAL}
    if levels:
        allowed &= set(levels)
    bureaus = Bureau.objects.filter(level__in=allowed, division__active=True).select_related("division")
    return [
        Row(
            line=0,
            username=f"{role.value}_{bureau.division.code}",
            role=role.value,
            division=bureau.division.code,
            name=f"{bureau.name}{role.label}",
        )
        for bureau in bureaus.order_by("division__code")
    ]


CREDENTIAL_HEADERS = ["用户名", "姓名", "角色", "机构", "区划代码", "激活码", "有效期至", "激活地址"]


def write_credentials(path, created, activation_url):
    """Write the credentials sheet (CSV or XLSX by extension), readable by its owner only."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    records = [
        [
            item.user.username,
            item.user.full_name,
            str(item.membership.get_role_display()),
            item.membership.bureau.name,
            item.membership.bureau.division.code if item.membership.bureau.division else "",
            item.code,
            timezone.localtime(item.expires_at).strftime("%Y-%m-%d %H:%M"),
            activation_url,
        ]
        for item in created
    ]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "账号"
        sheet.append(CREDENTIAL_HEADERS)
        for record in records:
            sheet.append(record)
        sheet.freeze_panes = "A2"
        for column, width in zip("ABCDEFGH", (24, 28, 14, 30, 10, 18, 18, 40), strict=True):
            sheet.column_dimensions[column].width = width
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CREDENTIAL_HEADERS)
            writer.writerows(records)
    os.chmod(path, 0o600)
    return path
