"""The password check of sign-in (pages, re-authentication, API token), after django-axes' lockout check."""

from django.contrib.auth.backends import ModelBackend

from .passwords import demo_passwords_allowed, is_published
from .security import address_refused


class PortalModelBackend(ModelBackend):
    """Django's ``ModelBackend``, refusing a published password (the demo's) outside the embedded demo: a demo
    account that reached a real database, or a user who chose it, cannot be entered with what everyone can read. The
    refusal looks like any wrong password (it counts towards the lockout and tells nothing)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if address_refused("signin", request):
            # Too many failures from this address, across accounts (spraying): django-axes' middleware answers 429.
            request.axes_locked_out, request.address_refused = True, "signin"
            return None
        if password is not None and is_published(password) and not demo_passwords_allowed():
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
