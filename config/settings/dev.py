"""The embedded default: SQLite, eager tasks, console e-mail, files on local disk."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405

# The demo (make demo) signs in its printed accounts with their password only; a real deployment keeps two-factor
# on (config.settings.production). TWO_FACTOR_REQUIRED=true turns it on here too.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)
# seed_demo and the demo accounts' published password work here only (and in the tests).
DEMO_DATA_ALLOWED = True
