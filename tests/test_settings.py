"""Production settings: loud failure without a real secret, clean deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k" * 20 + "9Xq2-Lw8_Zr4pV7mN3bT6yH1cJ5fD0sG"


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECRET_KEY", "DEBUG", "PYTEST"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = manage("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    result = manage("check", SECRET_KEY="dev-only-insecure-key-do-not-use-in-production-xxxxxxxx")
    assert result.returncode != 0


def test_production_passes_the_deploy_check_with_no_warnings(tmp_path):
    # The settings alone, on a database of their own: the database role's check is tested on PostgreSQL with the
    # roles it judges (tests/integration/test_database_roles.py).
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="portal.example.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_malformed_setting_fails_at_start_up_naming_the_variable():
    result = manage("check", SECRET_KEY=REAL_KEY, DATABASE_URL="nonsense://")
    assert result.returncode != 0


@pytest.mark.django_db
def test_defaults_are_chinese_and_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]


def test_no_broker_means_eager_tasks():
    from config.celery import ping

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;django.setup();from django.conf import settings;print(settings.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"},
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "True"
    assert ping.name == "portal.ping"


def test_the_embedded_default_runs_a_task_without_a_broker_warning():
    """Issue 19: every task of the embedded default made kombu warn "No hostname was supplied" (Celery's eager path
    builds a producer on the configured connection, which had no host); it now uses an in-memory transport."""
    script = (
        "import django;django.setup();"
        "from config.celery import app, ping;"
        "print(app.conf.broker_url, ping.delay().get())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")},
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["memory://localhost/", "pong"], result.stderr
    assert "hostname" not in result.stderr, result.stderr


def test_a_log_line_prints_once_in_development():
    """Issue 19: with DEBUG on, Django's own console handler on "django" printed its lines a second time."""
    script = "import django,logging;django.setup();logging.getLogger('django.request').warning('一次')"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stderr.count("一次") == 1, result.stderr
