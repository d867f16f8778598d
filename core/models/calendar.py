from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import DayKind


class CalendarOverride(models.Model):
    """One day of the State Council's holiday notice, entered by an admin.

    For a year the chinesecalendar package does not know yet, or to correct a day it has wrong.
    """

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=50, help_text=_("节日名称，如“春节”。"))
    note = models.TextField(_("备注"), blank=True, help_text=_("依据，如国务院办公厅通知的文号。"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"


class CalendarYear(models.Model):
    """An admin's word that every holiday and adjusted working day of ``year`` has been entered.

    Without it a year the package does not know stays unknown: no override must not be read as no holiday.
    """

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    complete = models.BooleanField(
        _("已录入完整"),
        default=False,
        help_text=_(
            "内置日历尚未包含的年度：将国务院办公厅当年的放假安排全部录入为节假日调整后勾选，即可计算该年的公示期。"
        ),
    )
    note = models.TextField(_("备注"), blank=True, help_text=_("依据，如国务院办公厅通知的文号。"))

    class Meta:
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def clean(self):
        # Every year has its Spring Festival: a complete year without a single holiday is a data-entry slip.
        if (
            self.complete
            and self.year
            and not CalendarOverride.objects.filter(date__year=self.year, kind=DayKind.HOLIDAY).exists()
        ):
            raise ValidationError(
                {"complete": _("%(year)s年尚未录入任何休息日，请先录入当年的节假日调整。") % {"year": self.year}}
            )
