"""Demo accounts for the embedded default: one per role, at real bureaus (DIGEST §3)."""

from django.db import transaction

from provinces.domain.divisions import national_bureau
from provinces.enums import Role
from provinces.models import Bureau, Membership

from ..models import User

DEMO_PASSWORD = "Demo-2026-portal"

# (username, name, role, division code or None for SAMR)
DEMO_ACCOUNTS = [
    ("maonan", "茂南区市场监管局 申报员", Role.APPLICANT, "440902"),
    ("maoming", "茂名市市场监管局 申报员", Role.APPLICANT, "440900"),
    ("haidong", "海东市市场监管局 申报员", Role.APPLICANT, "630200"),
    ("gd_reviewer", "广东省市场监管局 审核员", Role.PROVINCE_REVIEWER, "440000"),
    ("gd_approver", "广东省市场监管局 负责人", Role.PROVINCE_APPROVER, "440000"),
    ("qh_reviewer", "青海省市场监管局 审核员", Role.PROVINCE_REVIEWER, "630000"),
    ("expert", "质量工作专家", Role.EXPERT, None),
    ("samr_reviewer", "总局信用监管司 审核员", Role.SAMR_REVIEWER, None),
    ("samr_approver", "总局 负责人", Role.SAMR_APPROVER, None),
    ("admin", "系统管理员", Role.ADMIN, None),
]


@transaction.atomic
def ensure_demo_accounts(password=DEMO_PASSWORD):
    """Create (or reset) the demo accounts; returns [(username, role, bureau name)]."""
    samr = national_bureau()
    bureaus = {
        b.division.code: b
        for b in Bureau.objects.filter(division__code__in=[a[3] for a in DEMO_ACCOUNTS if a[3]]).select_related(
            "division"
        )
    }
    rows = []
    for username, name, role, code in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(username=username, defaults={"full_name": name})
        user.full_name = name
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.must_change_password = False
        user.set_password(password)
        user.save()
        bureau = samr if code is None else bureaus[code]
        Membership.objects.get_or_create(user=user, bureau=bureau, role=role)
        rows.append((username, role, bureau.name))
    return rows
