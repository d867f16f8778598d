"""What the registers record and who hears of it (see ``nominations.events``)."""

from django.utils.translation import gettext_lazy as _

from core.domain.audit import name_actions
from core.domain.notifications import APPLICANT, PROVINCE, notify_of

name_actions(
    {
        "sanction.start": _("开始资格限制"),
        "sanction.end": _("资格限制期满"),
        "sanction.lift": _("解除资格限制"),
    }
)

notify_of(
    {
        "sanction.start": (_("资格限制开始"), [(APPLICANT + PROVINCE, "division")]),
        "sanction.end": (_("资格限制期满"), [(APPLICANT + PROVINCE, "division")]),
        "sanction.lift": (_("资格限制已解除"), [(APPLICANT + PROVINCE, "division")]),
    }
)
