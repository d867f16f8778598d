"""First password through a one-time activation code, and re-issuing codes."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ActivationCode, User


class ActivationError(Exception):
    pass


@transaction.atomic
def activate(username, code, password):
    """Set the first password of ``username`` if ``code`` is one of its usable codes.

    The same message answers an unknown user, a wrong code and a used or expired
    one, so the form discloses nothing about which accounts exist.
    """
    refusal = _("用户名或激活码不正确，或激活码已使用、已过期。请核对通知单，或联系管理员重新发放。")
    user = User.objects.select_for_update().filter(username=username, is_active=True).first()
    if user is None:
        raise ActivationError(refusal)
    match = next((c for c in ActivationCode.objects.usable().filter(user=user) if c.matches(code)), None)
    if match is None:
        raise ActivationError(refusal)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    ActivationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    return user


@transaction.atomic
def issue_code(user):
    """Invalidate the user's open codes and return a fresh one (the admin's password reset)."""
    now = timezone.now()
    ActivationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    code = ActivationCode.generate()
    ActivationCode.objects.create(
        user=user,
        code_hash=ActivationCode.digest(user.pk, code),
        expires_at=now + timedelta(days=settings.ACTIVATION_CODE_DAYS),
    )
    return code
