"""Success stories of awarded localities (art. 12: 加大宣传报道和政策解读力度，推动形成可复制、可推广的经验)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Story(models.Model):
    """One published account of what an awarded locality did; shown publicly while published and the award
    stands (a revoked award takes its stories off the public page)."""

    award = models.ForeignKey("awards.Award", verbose_name=_("激励"), on_delete=models.PROTECT, related_name="stories")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("典型经验")
        verbose_name_plural = _("典型经验")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.published_at is not None
