"""What the audit trail records of the apps below it, which cannot import it: they announce, ``core`` records."""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from provinces.domain.divisions import divisions_changed

from .domain.audit import name_actions, record

name_actions(
    {
        "division.underdeveloped": _("调整欠发达地区标记"),
        "division.region": _("调整所属区域"),
    }
)


@receiver(divisions_changed)
def record_division_change(sender, *, user, divisions, field, value, request=None, **signal):
    """art. 8's weighting reads the region and the underdeveloped flag: each change is on record, who and when."""
    for division in divisions:
        record(user, f"division.{field}", division, request=request, value=value)
