"""The final list as published (最终名单), one version per publication; a correction is a new version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def no_changes():
    return {"added": [], "removed": [], "moved": []}


class PublishedList(models.Model):
    """A frozen copy of a national list's entries when it was published, with what changed since the version before.

    ``entries``: ``[{position, nomination, division, division_name, province_name, level}]`` in order.
    ``changes``: ``{added: [entry], removed: [entry], moved: [{nomination, division_name, from, to}]}``.
    """

    national_list = models.ForeignKey(
        "national.NationalList", verbose_name=_("名单"), on_delete=models.PROTECT, related_name="published_versions"
    )
    version = models.PositiveIntegerField(_("版本"))
    entries = models.JSONField(_("名单内容"), default=list)
    changes = models.JSONField(_("与上一版相比的变化"), default=no_changes)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True, help_text=_("更正的原因。"))

    class Meta:
        verbose_name = _("已发布名单")
        verbose_name_plural = _("已发布名单")
        ordering = ["national_list", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["national_list", "version"], name="one_published_version_number")
        ]

    def __str__(self):
        return _("%(list)s · 第 %(version)s 版") % {"list": self.national_list, "version": self.version}

    @property
    def has_changes(self):
        return any(self.changes.get(key) for key in ("added", "removed", "moved"))
