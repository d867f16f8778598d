"""Shared fixtures: the real administrative tree and the personas of STYLE.md.

The divisions are loaded once per test session (``load_divisions`` on the test
database), so every test sees the real tree: 茂南区 440902 under 茂名市 440900
under 广东省 440000, and so on.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import translation

from provinces.domain.divisions import load_divisions
from provinces.enums import Role

from .factories import PASSWORD, member

MAONAN = "440902"  # 茂南区, 茂名市, 广东省
MAOMING = "440900"  # 茂名市
GUANGDONG = "440000"
LEDU = "630202"  # 乐都区, 海东市, 青海省
QINGHAI = "630000"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connections

    with django_db_blocker.unblock():
        load_divisions()
        # Tests with serialized_rollback restore this snapshot after a flush: it must hold the divisions too.
        for connection in connections.all():
            if hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (local memory in the test settings): SQLite reuses the ids of a
    rolled-back test, and no test may find a page kept under another test's ids, nor another test's throttle counts."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language: a request in English leaves English active in the thread (the
    locale middleware activates it), and a later test would read English labels and messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _warm_content_types(request, _django_db_marker):
    """Django and django-guardian keep content types in per-process caches, as a server process has them after its
    first requests. Fill them at the start of each database test, so that a query count measures the view and not
    whether an earlier test emptied the caches (a transactional test's flush does, through post_migrate)."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db", "live_server"}:
        return
    transactional = (
        "transactional_db" in names
        or "live_server" in names
        or (marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from guardian.shortcuts import _get_ct_cached  # the cache policy.visible's grants go through

    from accounts import policy

    ContentType.objects.get_for_models(*apps.get_models())
    for model in policy._SCOPES:
        _get_ct_cached(model._meta.app_label, f"view_{model._meta.model_name}")


@pytest.fixture
def password():
    return PASSWORD


# name: (role, division code or None for SAMR, extra user fields)
PERSONA_SPECS = {
    "county_clerk": (Role.APPLICANT, MAONAN, {}),
    "other_county_clerk": (Role.APPLICANT, LEDU, {}),
    "city_clerk": (Role.APPLICANT, MAOMING, {}),
    "province_reviewer": (Role.PROVINCE_REVIEWER, GUANGDONG, {}),
    "other_province_reviewer": (Role.PROVINCE_REVIEWER, QINGHAI, {}),
    "province_approver": (Role.PROVINCE_APPROVER, GUANGDONG, {}),
    "expert": (Role.EXPERT, None, {}),
    "samr_reviewer": (Role.SAMR_REVIEWER, None, {}),
    "samr_approver": (Role.SAMR_APPROVER, None, {}),
    "admin_user": (Role.ADMIN, None, {"is_staff": True, "is_superuser": True}),
}


def _persona_fixture(name, role, division_code, extra):
    @pytest.fixture(name=name)
    def persona_fixture(db):
        return member(role, division_code, username=name, **extra)

    return persona_fixture


for _name, _spec in PERSONA_SPECS.items():
    globals()[_name] = _persona_fixture(_name, *_spec)


@pytest.fixture
def anonymous():
    return AnonymousUser()


PERSONAS = [*PERSONA_SPECS, "anonymous"]


@pytest.fixture
def persona(request):
    """Indirect fixture: ``@pytest.mark.parametrize("persona", PERSONAS, indirect=True)``."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def eager_tasks(monkeypatch):
    """Run Celery tasks in-process for this test, whatever broker the suite was started with."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    return app
