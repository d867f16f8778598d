"""Settings shared by every environment, read from the environment.

Every value that differs between a laptop and a server comes from an environment
variable (or a ``.env`` file beside ``manage.py``); a malformed value stops the
start-up with django-environ's error naming the variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The project's apps, lowest layer first: each imports only from those before it (docs/architecture.md; the order is
# checked by tests/test_architecture.py).
PROJECT_APPS = [
    "provinces",
    "accounts",
    "core",
    "criteria",
    "nominations",
    "national",
    "awards",
    "publicity",
    "documents",
    "portal",
    "demo",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",  # its table only: DRF's tokens never expired and no longer authenticate (knox)
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.ForcePasswordChangeMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in (see accounts.security).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.memberships",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Runtime files of the embedded default (SQLite database, media, credentials sheets).
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache (docs/operations.md): Redis when CACHE_URL is set, shared by every process; otherwise each process's
# own memory. What is kept there is keyed by everything it was computed from, so both are correct; Redis computes
# each page or suggestion once for all the web processes and lets the public API's throttles count across them.
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("CACHE_URL must be a Redis URL (redis://host:6379/1, rediss://…, unix://…) or empty.")
CACHES = {
    "default": {
        "BACKEND": "core.cache.ForgivingRedisCache",
        "LOCATION": CACHE_URL,
        # A stalled Redis costs a request a second at most (a read and a write), then reads as an empty cache.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out user before the password is checked
    "accounts.backends.PortalModelBackend",  # Django's, refusing the published (demo) password outside the demo
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # MLPS level 2 (GB/T 22239-2019 8.1.4.1 a): complexity; not the account's own names; not a published password.
    {"NAME": "accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.passwords.IdentityValidator"},
    {"NAME": "accounts.passwords.PublishedPasswordValidator"},
]
# The demo (seed_demo, its accounts and their published password) runs only where this is true: the embedded default
# (config.settings.dev) and the tests; never under config.settings.production, whatever the flags.
DEMO_DATA_ALLOWED = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# One-time activation codes written by ``provision_accounts`` expire after this many days.
ACTIVATION_CODE_DAYS = env.int("ACTIVATION_CODE_DAYS", default=30)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in protection (accounts/security.py, docs/security.md).
# Two-factor (TOTP) for SAMR staff and leadership, provincial heads and administrators.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
# The irreversible actions ask for the password again after this many minutes (0: never).
REAUTHENTICATION_MINUTES = env.int("REAUTHENTICATION_MINUTES", default=15)
# Reverse proxies in front of gunicorn that append the client's address to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# django-axes: 5 failed sign-ins of one user name from one address lock that pair out for 30 minutes.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failures from one address, whatever the accounts, within AXES_COOLOFF_TIME before it is refused (spraying;
# accounts.security.address_refused): sign-ins, and activations with a wrong code.
ADDRESS_FAILURE_LIMITS = {
    "signin": env.int("ADDRESS_SIGNIN_FAILURE_LIMIT", default=20),
    "activation": env.int("ADDRESS_ACTIVATION_FAILURE_LIMIT", default=10),
    # The public's lookup of an objection (publicity:objection_status): a receipt number and a contact that match.
    "objection_status": env.int("ADDRESS_OBJECTION_STATUS_FAILURE_LIMIT", default=10),
}
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "激励推荐认定平台"

# Content-Security-Policy (django-csp): everything from this server, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Chinese first: zh-hans is the default; English is available through the header switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence, notices and generated documents: never under a URL (base_url None);
    # files leave the server only through permission-checked views.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "private", "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="激励推荐认定平台 <noreply@localhost>")

# Celery: no broker configured means tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Exports on a queue of their own (docs/operations.md): a worker started with `-Q exports --concurrency 1` and a memory
# limit per child renders them one at a time (a national dossier bundle takes minutes and a WeasyPrint process some
# 400 MB), while the mail and the periodic jobs go on in the `celery` queue. A worker without -Q consumes both.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue("celery", routing_key="celery"), Queue("exports", routing_key="exports"))
CELERY_TASK_ROUTES = {"documents.run_export": {"queue": "exports"}}
# The periodic jobs only perform side effects, idempotently: whether a window is open or a ban in force is read
# from the clock, so a late, missed or repeated run changes nothing more (DESIGN §4). `manage.py run_periodic`
# runs them once, in-process, for the embedded default.
CELERY_BEAT_SCHEDULE = {
    "publicity-close-ended-periods": {"task": "publicity.close_ended_periods", "schedule": 60.0},
    "nominations-close-province-stages": {"task": "nominations.close_province_stages", "schedule": 60.0},
    "nominations-expire-sanctions": {"task": "nominations.expire_sanctions", "schedule": crontab(hour=0, minute=30)},
    "core-send-reminders": {"task": "core.send_reminders", "schedule": crontab(hour=8, minute=0)},
    # Catching up after a broker outage: work recorded in the database whose message was never sent or was lost.
    "documents-requeue-exports": {"task": "documents.requeue_exports", "schedule": 60.0},
    "core-send-missed-notifications": {"task": "core.send_missed_notifications", "schedule": 300.0},
}
# Beat's scheduler writes its heartbeat (core.heartbeats); each worker writes its own every HEARTBEAT_SECONDS while
# it consumes; /healthz/ calls a process silent after HEARTBEAT_SILENT_SECONDS without one.
CELERY_BEAT_SCHEDULER = "core.heartbeats:BeatScheduler"
HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=30)
HEARTBEAT_SILENT_SECONDS = env.int("HEARTBEAT_SILENT_SECONDS", default=120)
# An export queued or running for longer than this many minutes is sent to a worker again (its message was lost
# or its worker died): `documents.requeue_exports`.
EXPORT_STALE_MINUTES = env.int("EXPORT_STALE_MINUTES", default=15)
# Days before a deadline when the bureaus that have not acted are reminded.
REMINDER_DAYS = env.int("REMINDER_DAYS", default=3)
# The public objection form (docs/publicity.md): objections per client address and hour, the evidence file's size.
PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = env.int("PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR", default=5)
PUBLICITY_EVIDENCE_MAX_MB = env.int("PUBLICITY_EVIDENCE_MAX_MB", default=10)
# SAMR's indicator data (docs/criteria.md): a declared figure further than this from SAMR's, in the criterion's unit
# (percentage points for a rate), is flagged for the reviewers. Per criterion: INDICATOR_TOLERANCE_BY_CRITERION=6.3=0.5
INDICATOR_TOLERANCE = env.str("INDICATOR_TOLERANCE", default="1.0")
INDICATOR_TOLERANCE_BY_CRITERION = env.dict("INDICATOR_TOLERANCE_BY_CRITERION", default={})

# API tokens (django-rest-knox, issue 18 item 4): one per device or client, stored as a digest, expiring after
# API_TOKEN_HOURS; revoked by the client (token/revoke/, token/revoke-all/), and all of a user's when the password
# changes, the account is deactivated or locked out (accounts.receivers).
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_HOURS", default=8)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": env.int("API_TOKENS_PER_USER", default=10),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api.permissions.IsActivatedUser"],
    # DRF's JSON parser with a bound on nesting (a deeply nested body is a 400, not a RecursionError).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "accounts.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "激励推荐认定平台 API",
    "DESCRIPTION": "市场监管工作真抓实干成效明显地方激励推荐认定平台 (国市监信〔2020〕19号).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "IncidentDomainEnum": "criteria.enums.IncidentDomain",
        "TaskKindEnum": "awards.models.award.TaskKind",
        "SanctionKindEnum": "criteria.enums.SanctionKind",
    },
}

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "core.logging.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # pikepdf (PDF checks of uploads) says at INFO that its C++ logger is bridged, once per process.
        "pikepdf": {"level": "WARNING"},
        # Django's own default gives "django" a console handler of its own while DEBUG is on: its lines then printed
        # twice, once there and once through the root's. Configured here, it keeps only the root's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
