"""Settings of the benchmark's web server, Celery worker and data generator: production, plus what a loopback run
needs.

Everything that ``config.settings.production`` reads from the environment (``SECRET_KEY``, ``DATABASE_URL``,
``CELERY_BROKER_URL``, ``ALLOWED_HOSTS``, ``SECURE_SSL_REDIRECT``, ``MEDIA_ROOT``, ``STATIC_ROOT``) is set by
``bench/run``. The only additions: the baseline URL and a middleware that reports each request's SQL query count in a
response header. There is no TLS proxy on loopback; the runner sets ``SECURE_SSL_REDIRECT=false`` and the load
clients send the session cookie themselves, so the production cookie settings stay as they are.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# First, so that the session, authentication and every other middleware's queries are counted too.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
