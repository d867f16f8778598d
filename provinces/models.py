from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import ROLE_BUREAU_LEVELS, BureauLevel, Kind, Level, Region, Role


class DivisionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def under(self, division):
        """The division itself and every division below it in the tree."""
        if division.level == Level.PROVINCE:
            return self.filter(province=division)
        if division.level == Level.PREFECTURE:
            return self.filter(prefecture=division)
        return self.filter(pk=division.pk)


class Division(models.Model):
    """A province-, prefecture- or county-level unit of the administrative tree.

    ``province`` and ``prefecture`` point at the ancestors (a province's
    ``province`` is itself, a prefecture's ``prefecture`` is itself) so that
    "everything under X" is one indexed condition, whatever the depth.
    """

    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    initials = models.CharField(
        _("拼音首字母"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("由名称生成，用于搜索，例如：茂南区 mnq。"),
    )
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self", verbose_name=_("所属省级"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prefecture = models.ForeignKey(
        "self", verbose_name=_("所属地级"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("区域"), max_length=16, choices=Region.choices, db_index=True)
    underdeveloped = models.BooleanField(
        _("欠发达地区"), default=False, help_text=_("第八条：适当向欠发达地区倾斜。由管理员维护或从 CSV 导入。")
    )
    is_standard = models.BooleanField(
        _("国标代码"), default=True, help_text=_("否：代码不在 GB/T 2260 中的单位（新疆生产建设兵团及其未设市的师）。")
    )
    active = models.BooleanField(_("有效"), default=True)

    objects = DivisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def clean(self):
        if self.underdeveloped and self.level == Level.PROVINCE:
            raise ValidationError({"underdeveloped": _("欠发达标记只用于地级和县级单位，不能标在省级单位上。")})

    @property
    def full_name(self):
        """Name with its ancestors, e.g. 广东省茂名市茂南区."""
        parts = [self.name]
        ancestor = self.parent
        while ancestor is not None:
            parts.insert(0, ancestor.name)
            ancestor = ancestor.parent
        return "".join(parts)


class Bureau(models.Model):
    """The market-regulation department of a division, or SAMR itself (no division)."""

    division = models.OneToOneField(
        Division, verbose_name=_("行政区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="bureau"
    )
    name = models.CharField(_("机构名称"), max_length=128)
    level = models.CharField(_("层级"), max_length=16, choices=BureauLevel.choices, db_index=True)

    class Meta:
        verbose_name = _("市场监管部门")
        verbose_name_plural = _("市场监管部门")
        ordering = ["division__code"]
        constraints = [
            models.UniqueConstraint(fields=["level"], condition=Q(division__isnull=True), name="one_national_bureau"),
            models.CheckConstraint(
                condition=Q(level="national", division__isnull=True)
                | (~Q(level="national") & Q(division__isnull=False)),
                name="bureau_division_matches_level",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_national(self):
        return self.level == BureauLevel.NATIONAL


class Membership(models.Model):
    """A user working at a bureau in a role (DESIGN §2)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    bureau = models.ForeignKey(Bureau, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [models.UniqueConstraint(fields=["user", "bureau", "role"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} · {self.bureau} · {self.get_role_display()}"

    def clean(self):
        if self.bureau_id and self.role and self.bureau.level not in ROLE_BUREAU_LEVELS[self.role]:
            raise ValidationError({"role": role_level_error(self.role, self.bureau)})


def role_level_error(role, bureau):
    allowed = "、".join(str(BureauLevel(level).label) for level in sorted(ROLE_BUREAU_LEVELS[Role(role)]))
    return _("“%(role)s”只能设在%(allowed)s市场监管部门，%(bureau)s不符合。") % {
        "role": Role(role).label,
        "allowed": allowed,
        "bureau": bureau.name,
    }
