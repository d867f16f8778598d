"""Chinese first, English complete: every UI string has an English translation."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = [*settings.PROJECT_APPS, "config", "templates"]
MAKEMESSAGES_OPTIONS = {"locale": ["en"], "symlinks": True, "no_location": True, "verbosity": 0}

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="需要 gettext（msgfmt）：apt-get install gettext"
)


def untranslated(catalogue):
    result = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(catalogue)], capture_output=True, text=True, check=True
    )
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue)], capture_output=True, text=True
    )
    blocks = (result.stdout + "\n\n" + fuzzy.stdout).split("\n\n")
    return [block.strip() for block in blocks if "msgid" in block and "Project-Id-Version" not in block]


def test_every_string_in_the_code_has_an_english_translation(tmp_path, settings, monkeypatch):
    """Extract the strings afresh into a copy of the catalogue: nothing new may be left untranslated.

    The extraction runs in a scratch folder that links to the source, so the
    project's own catalogue is never touched by the test.
    """
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    for name in SOURCE_DIRS:
        (tmp_path / name).symlink_to(ROOT / name)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", **MAKEMESSAGES_OPTIONS)
    missing = untranslated(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert missing == [], "untranslated or fuzzy (run make messages-en and translate):\n\n" + "\n\n".join(missing[:20])


def test_pages_show_dates_in_the_format_of_the_active_language():
    """Chinese dates (2026年11月24日) in Chinese, English ones in English: the templates name a locale format
    (DATE_FORMAT, DATETIME_FORMAT…) instead of spelling one out."""
    spelled_out = re.compile(r'\|date:"(?![A-Z_]+_FORMAT")[^"]*"')
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in spelled_out.finditer(path.read_text())
    ]
    assert offenders == []
