"""What the registers record and who hears of it (see ``nominations.events``)."""

from django.utils.translation import gettext_lazy as _

from core.domain.notifications import APPLICANT, PROVINCE, notify_of

notify_of(
    {
        "sanction.end": (_("资格限制期满"), [(APPLICANT + PROVINCE, "division")]),
    }
)
