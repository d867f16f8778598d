"""Settings for the test suite: the same stack as configured by the environment.

With nothing set this is SQLite and eager tasks; ``.ci/run`` points DATABASE_URL
and CELERY_BROKER_URL at the local PostgreSQL and Redis.
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded and generated files of a test run go to a throw-away folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
STORAGES["private"] = {**STORAGES["private"], "OPTIONS": {"location": MEDIA_ROOT / "private", "base_url": None}}

# The sign-in protections are exercised by their own tests (tests/accounts/test_security.py) and the browser
# tests, which switch them on; elsewhere the tests sign in with force_login() or force_authenticate() and act.
TWO_FACTOR_REQUIRED = False
DEMO_DATA_ALLOWED = True
REAUTHENTICATION_MINUTES = 0
AXES_ENABLED = False

# Each process's memory whatever CACHE_URL says: every test starts with it empty (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
