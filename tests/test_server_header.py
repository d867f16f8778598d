"""The `Server` header names no software or version (issue 18, item 9): gunicorn as the deployments start it, with
the production settings, in a process of its own."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_does_not_say_what_it_is(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "s" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        headers = None
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5) as response:
                    headers = response.headers
            except urllib.error.HTTPError as error:  # a 503 from an unhealthy check still carries the headers
                headers = error.headers
            except OSError:
                time.sleep(0.1)
                continue
            break
        assert headers is not None, server.stderr.read1().decode() if server.poll() is not None else "no answer"
        assert headers["Server"] == "portal"
    finally:
        server.terminate()
        server.wait(timeout=10)
