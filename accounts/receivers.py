"""API tokens follow the account (issue 18, item 4): every token of a user is revoked when its password changes
(by the user, an administrator or an activation), when the account is deactivated, and when django-axes locks its
name out; a token is never an older, easier way in than the password."""

from axes.signals import user_locked_out
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from knox.models import AuthToken

from .models import User


@receiver(pre_save, sender=User)
def _note_what_changes(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    instance._revoke_tokens = before is not None and (
        before["password"] != instance.password or (before["is_active"] and not instance.is_active)
    )


@receiver(post_save, sender=User)
def _revoke_when_the_password_or_the_account_changes(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_revoke_tokens", False):
        AuthToken.objects.filter(user=instance).delete()
        instance._revoke_tokens = False


@receiver(user_locked_out)
def _revoke_when_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    if username:
        AuthToken.objects.filter(user__username=username).delete()
