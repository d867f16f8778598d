"""Demo accounts for the embedded default, at real bureaus (DIGEST §3).

One named account per role (and per DIGEST locality), a reviewer and a head for every provincial bureau, and one
applicant account per generated locality (its username is the division code). All share ``DEMO_PASSWORD``, hashed
once: a few hundred slow password hashes would take minutes, and the password is public anyway.
"""

from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts import passwords
from accounts.models import User
from provinces.domain.divisions import national_bureau
from provinces.enums import Level, Role
from provinces.models import Bureau, Division, Membership

# Published in the README; refused at sign-in outside the demo and as anyone's chosen password (accounts.passwords).
DEMO_PASSWORD = passwords.DEMO_PASSWORD

# (username, name, role, division code or None for SAMR)
DEMO_ACCOUNTS = [
    ("maonan", "茂南区市场监管局 申报员", Role.APPLICANT, "440902"),
    ("maoming", "茂名市市场监管局 申报员", Role.APPLICANT, "440900"),
    ("huizhou", "惠州市市场监管局 申报员", Role.APPLICANT, "441300"),
    ("haidong", "海东市市场监管局 申报员", Role.APPLICANT, "630200"),
    ("harbin", "哈尔滨市市场监管局 申报员", Role.APPLICANT, "230100"),
    ("yueyang", "岳阳市市场监管局 申报员", Role.APPLICANT, "430600"),
    ("changde", "常德市市场监管局 申报员", Role.APPLICANT, "430700"),
    ("wuhan", "武汉市市场监管局 申报员", Role.APPLICANT, "420100"),
    ("gd_reviewer", "广东省市场监管局 审核员", Role.PROVINCE_REVIEWER, "440000"),
    ("gd_approver", "广东省市场监管局 负责人", Role.PROVINCE_APPROVER, "440000"),
    ("qh_reviewer", "青海省市场监管局 审核员", Role.PROVINCE_REVIEWER, "630000"),
    ("expert", "质量工作专家", Role.EXPERT, None),
    ("expert_reform", "商事制度改革专家", Role.EXPERT, None),
    ("dept", "相关部门联络员", Role.EXPERT, None),
    ("samr_reviewer", "总局信用监管司 审核员", Role.SAMR_REVIEWER, None),
    ("samr_approver", "总局 负责人", Role.SAMR_APPROVER, None),
    ("admin", "系统管理员", Role.ADMIN, None),
]

# The provinces' two-letter codes (GB/T 2260, ISO 3166-2:CN; bt for the Corps), prefixes of their accounts.
PROVINCE_PREFIXES = {
    "110000": "bj",
    "120000": "tj",
    "130000": "he",
    "140000": "sx",
    "150000": "nm",
    "210000": "ln",
    "220000": "jl",
    "230000": "hl",
    "310000": "sh",
    "320000": "js",
    "330000": "zj",
    "340000": "ah",
    "350000": "fj",
    "360000": "jx",
    "370000": "sd",
    "410000": "ha",
    "420000": "hb",
    "430000": "hn",
    "440000": "gd",
    "450000": "gx",
    "460000": "hi",
    "500000": "cq",
    "510000": "sc",
    "520000": "gz",
    "530000": "yn",
    "540000": "xz",
    "610000": "sn",
    "620000": "gs",
    "630000": "qh",
    "640000": "nx",
    "650000": "xj",
    "660000": "bt",
}


@cache
def _hashed(password):
    return make_password(password)


def province_usernames(province_code):
    """The reviewer's and the head's usernames of a provincial bureau."""
    prefix = PROVINCE_PREFIXES[province_code]
    return f"{prefix}_reviewer", f"{prefix}_approver"


def _ensure(specs, password):
    """Create or reset the accounts ``[(username, name, role, bureau)]``; memberships are added, never removed."""
    hashed = _hashed(password)
    existing = {u.username: u for u in User.objects.filter(username__in=[s[0] for s in specs])}
    new = [
        User(username=username, full_name=name, password=hashed)
        for username, name, _role, _bureau in specs
        if username not in existing
    ]
    User.objects.bulk_create(new)
    changed = []
    names = {spec[0]: spec[1] for spec in specs}
    for user in existing.values():
        user.full_name = names[user.username]
        user.password = hashed
        user.must_change_password = False
        user.is_active = True
        changed.append(user)
    User.objects.bulk_update(changed, ["full_name", "password", "must_change_password", "is_active"])
    users = {u.username: u for u in User.objects.filter(username__in=[s[0] for s in specs])}
    Membership.objects.bulk_create(
        [Membership(user=users[username], bureau=bureau, role=role) for username, _name, role, bureau in specs],
        ignore_conflicts=True,
    )
    return users


@transaction.atomic
def ensure_demo_accounts(password=DEMO_PASSWORD):
    """Create (or reset) the named demo accounts and the provincial bureaus' accounts.

    Returns the named ones as ``[(username, role, bureau name)]``.
    """
    samr = national_bureau()
    bureaus = {b.division.code: b for b in Bureau.objects.filter(division__isnull=False).select_related("division")}
    named = [(u, n, r, samr if code is None else bureaus[code]) for u, n, r, code in DEMO_ACCOUNTS]
    taken = {spec[0] for spec in named}
    provincial = []
    for province in Division.objects.filter(level=Level.PROVINCE, code__in=PROVINCE_PREFIXES).order_by("code"):
        bureau = bureaus[province.code]
        reviewer, approver = province_usernames(province.code)
        for username, role, title in (
            (reviewer, Role.PROVINCE_REVIEWER, "审核员"),
            (approver, Role.PROVINCE_APPROVER, "负责人"),
        ):
            if username not in taken:
                provincial.append((username, f"{province.name}市场监管局 {title}", role, bureau))
    users = _ensure(named + provincial, password)
    for username, _name, role, _bureau in named:
        User.objects.filter(pk=users[username].pk).update(is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    return [(username, role, bureau.name) for username, _name, role, bureau in named]


@transaction.atomic
def ensure_applicant_accounts(divisions, password=DEMO_PASSWORD):
    """One applicant account per division (username: the division code) for the generated applications."""
    bureaus = {b.division_id: b for b in Bureau.objects.filter(division__in=divisions)}
    specs = [(d.code, f"{bureaus[d.pk].name} 申报员", Role.APPLICANT, bureaus[d.pk]) for d in divisions]
    return _ensure(specs, password)
