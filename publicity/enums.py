from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    INVESTIGATING = "investigating", _("核查中")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


# Objections SAMR has not decided yet: the list cannot be finalised while one is open (art. 7(4)).
OPEN_OBJECTION_STATUSES = (ObjectionStatus.RECEIVED, ObjectionStatus.INVESTIGATING)
