"""Every asset is served from the portal itself: the production manifest storage collects them all, and the
templates name only files that exist."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_the_production_storage_collects_every_asset(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}

    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = (tmp_path / "staticfiles.json").read_text()
    for name in ("vendor/htmx-2.0.11/htmx.min.js", "vendor/chartjs-4.6.1/chart.umd.min.js", "js/charts.js"):
        assert f'"{name}"' in manifest
        assert (tmp_path / name).with_suffix(".js.gz").exists()  # compressed for WhiteNoise


def test_templates_name_only_local_assets_that_exist():
    named = set()
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        named.update(re.findall(r"""\{% static ['"]([^'"]+)['"] %\}""", text))
        # No CDN, no other host: a page's scripts, styles and images come from this server.
        assert not re.search(r"""(src|href)=["']https?://""", text), path
    assert "vendor/htmx-2.0.11/htmx.min.js" in named
    assert [name for name in sorted(named) if finders.find(name) is None] == []


def test_template_comments_stay_comments():
    """``{# … #}`` must open and close on one line, or the page shows it (use ``{% comment %}`` for more)."""
    broken = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line
    ]
    assert broken == []
