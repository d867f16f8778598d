"""The password policy (docs/security.md): Django's validators plus what China's MLPS level 2 (GB/T 22239-2019,
8.1.4.1 a: 口令应有复杂度要求) and this project's own documents ask for.

- ``CharacterClassesValidator``: at least three of lower case, upper case, digits and other characters;
- ``IdentityValidator``: not built from the account's own user name or full name (``Wuhan-2026`` for ``wuhan``);
- ``PublishedPasswordValidator``: none of the passwords this project publishes (the demo's, printed in the README).

``PUBLISHED_PASSWORDS`` is also refused at sign-in outside the embedded demo (``accounts.backends``), so that a
demo account that reached a real database cannot be entered with the password everyone can read.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The demo's shared password (``demo.accounts``, README): public, so never valid outside the demo.
DEMO_PASSWORD = "Demo-2026-portal"
# Every password the project's documents print (tests/accounts/test_passwords.py reads them): the demo's, and the
# examples of weak passwords in docs/security.md, which anyone may read and try.
PUBLISHED_PASSWORDS = frozenset({DEMO_PASSWORD, "Wuhan-2026", "wuhan12345"})


def _folded(text):
    """Lower case, full-width folded (NFKC), letters and digits only: what a look-alike variation keeps."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text or "").casefold())


def is_published(password):
    return _folded(password) in {_folded(p) for p in PUBLISHED_PASSWORDS}


def demo_passwords_allowed():
    """Only the embedded demo (``config.settings.dev``, ``DEMO_DATA_ALLOWED``) signs in with a published password."""
    return getattr(settings, "DEMO_DATA_ALLOWED", False)


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password):
        return sum(
            (
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )

    def validate(self, password, user=None):
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字和符号中的至少%(n)s类。") % {"n": self.min_classes}


class IdentityValidator:
    """Not containing the user name or the full name (3 characters or more), whatever the case, width or
    punctuation; Django's similarity validator misses ``Wuhan-2026`` for ``wuhan`` (a ratio of 0.67)."""

    MIN_PART = 3

    def validate(self, password, user=None):
        if user is None:
            return
        folded = _folded(password)
        for value in (getattr(user, "username", ""), getattr(user, "full_name", "")):
            part = _folded(value)
            if len(part) >= self.MIN_PART and part in folded:
                raise ValidationError(
                    _("密码不能包含用户名或姓名（%(part)s），请另选。") % {"part": value}, code="password_has_identity"
                )

    def get_help_text(self):
        return _("不能包含用户名或姓名。")


class PublishedPasswordValidator:
    """None of the passwords this project's documents print."""

    def validate(self, password, user=None):
        if is_published(password):
            raise ValidationError(
                _("该密码已在本平台的公开文档中出现（演示密码），请另选。"), code="password_published"
            )

    def get_help_text(self):
        return _("不能使用公开文档中出现过的密码（如演示密码）。")
