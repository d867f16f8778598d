"""Start-up checks of the publicity settings: a bad value stops ``manage.py check`` with a message."""

from django.conf import settings
from django.core.checks import Error, register

# name: default (a positive whole number)
SETTINGS = {
    # The objection form's limit per client address and hour, counted in the database (docs/publicity.md).
    "PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR": 5,
    # The largest evidence file the public may attach to an objection.
    "PUBLICITY_EVIDENCE_MAX_MB": 10,
}


def setting(name):
    return getattr(settings, name, SETTINGS[name])


@register()
def check_publicity_settings(app_configs, **kwargs):
    errors = []
    for name in SETTINGS:
        value = setting(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            errors.append(
                Error(f"{name} must be a whole number of at least 1, not {value!r}.", id="publicity.E001", obj=name)
            )
    return errors
