import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O/1/I/L: codes are read off paper and typed by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("下次登录时须先修改密码（管理员设置的初始密码）。")
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name()


class ActivationCodeQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class ActivationCode(models.Model):
    """A one-time, expiring code with which a provisioned user sets a first password.

    Provisioning thousands of accounts would otherwise mean thousands of slow
    password hashes; the code is random (60 bits) so a keyed SHA-256 is enough to
    store it, and the user's own password is hashed once, when it is chosen.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activation_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    objects = ActivationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("激活码")
        verbose_name_plural = _("激活码")
        indexes = [models.Index(fields=["user", "used_at"])]

    def __str__(self):
        return f"{self.user} · {self.expires_at:%Y-%m-%d}"

    @staticmethod
    def generate():
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))

    @staticmethod
    def digest(user_pk, code):
        normalized = code.replace("-", "").replace(" ", "").upper()
        message = f"{user_pk}:{normalized}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()

    def matches(self, code):
        return hmac.compare_digest(self.code_hash, self.digest(self.user_id, code))
