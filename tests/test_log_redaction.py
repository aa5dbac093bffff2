"""No log line holds a secret from a URL (config/logs.py).

The calendar feed's token and the links in emails carry a secret in their path, and web
servers print paths. These tests run the real servers (gunicorn with the production
image's settings, and runserver as ``make run`` starts it) in their own processes, fetch
a real feed, a wrong token and enough wrong ones for a 429, and read every line they wrote.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse

from config.logs import REDACTED, redact
from tests.test_ownership import CHOICE_KEYWORDS, walk

pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)
SENTINEL = "S3cretS3ntinel_0123456789abcdefghijklmnopq"  # 43 characters, like a feed token

MAKE_A_FEED = """
from accounts.models import User
from reminders.feed import calendar_feed_replace, feed_urls

user = User.objects.create_user("logs@example.com", "a long passphrase")
print(feed_urls(calendar_feed_replace(user=user))["https"].split("://", 1)[1].split("/", 1)[1])
"""


def test_every_url_with_a_secret_in_its_path_has_it_redacted():
    checked = []
    for name, pattern in walk(get_resolver().url_patterns):
        keywords = {
            k
            for k in pattern.pattern.converters
            if not k.endswith("_pk") and k not in CHOICE_KEYWORDS
        }
        if name.startswith("admin:") or not keywords:
            continue
        assert keywords <= {"token", "key", "uidb64"}, (
            f"{name} takes {keywords}: name a secret `token` or `key` and teach config/logs.py "
            "its shape"
        )
        kwargs = {k: "MQ" if k == "uidb64" else SENTINEL for k in keywords}
        path = reverse(name, kwargs=kwargs)
        line = f'"GET {path} HTTP/1.1" 404 179 "https://example.com{path}"'
        assert SENTINEL not in redact(line), name
        assert redact(line).count(REDACTED) == 2, name
        checked.append(name)
    assert "reminders:calendar_feed" in checked


def test_a_password_reset_key_is_redacted_and_its_set_password_page_is_not():
    path = f"/accounts/password/reset/key/1a-{SENTINEL}/"
    line = f'"GET {path} HTTP/1.1" 302 0 "https://example.com{path}"'

    assert SENTINEL not in redact(line) and redact(line).count(REDACTED) == 2
    done = "/accounts/password/reset/key/1a-set-password/"
    assert redact(f"GET {done}") == f"GET {done}"


def test_paths_without_secrets_are_left_alone():
    for path in (
        "/reminders/calendar/settings/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/done/",
        "/reminders/3/done/",
    ):
        assert redact(f"GET {path}") == f"GET {path}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, **headers) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def site():
    """A migrated SQLite file with one person's calendar feed, and the environment for
    servers to run on it."""
    folder = Path(tempfile.mkdtemp(prefix="afterview-logs-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "AFTERVIEW_VAR_DIR": str(folder),
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "INFO",
        }
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    made = subprocess.run(
        [*manage, "shell", "-c", MAKE_A_FEED], env=env, check=True, capture_output=True, text=True
    )
    feed_path = "/" + made.stdout.strip().splitlines()[-1]
    return env, folder, feed_path


def _serve_and_fetch(command, env, log_file: Path, port: int, feed_path: str) -> str:
    """Starts ``command``, fetches the feed, a wrong token and 21 more wrong ones (past the
    limit: 429), stops it, and returns everything it wrote."""
    base = f"http://127.0.0.1:{port}"
    token = re.search(r"/calendar/([^/]+)\.ics", feed_path).group(1)
    with log_file.open("w") as out:
        server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            for _ in range(600):
                try:
                    _get(f"{base}/health/web/")
                    break
                except OSError:
                    time.sleep(0.1)
            assert _get(base + feed_path, Referer=base + feed_path) == 200
            assert _get(f"{base}/reminders/calendar/{'W' * 43}.ics") == 404
            misses = [
                _get(f"{base}/reminders/calendar/{str(n).zfill(43)}.ics")
                for n in range(settings.REMINDERS_FEED_MISSES_PER_HOUR + 1)
            ]
            assert misses[-1] == 429
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log_file.read_text()
    assert token not in text, "the feed's token is in the log"
    assert "W" * 43 not in text and "0" * 42 not in text, "a wrong token is in the log"
    return text


def test_gunicorn_and_django_log_no_token(site):
    env, folder, feed_path = site
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn),
        "--config=python:config.gunicorn",
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
    ]
    text = _serve_and_fetch(
        command, {**env, "DEBUG": "false"}, folder / "gunicorn.log", port, feed_path
    )

    # The lines are there, redacted: the access log (with the referrer), and Django's.
    access = [line for line in text.splitlines() if "GET /reminders/calendar/" in line]
    assert len(access) == 2 + settings.REMINDERS_FEED_MISSES_PER_HOUR + 1
    assert f'"GET /reminders/calendar/{REDACTED}.ics HTTP/1.1" 200' in text
    assert f'/reminders/calendar/{REDACTED}.ics" "Python-urllib' in text  # the referrer
    assert f"Not Found: /reminders/calendar/{REDACTED}.ics" in text
    assert f"Too Many Requests: /reminders/calendar/{REDACTED}.ics" in text


def test_runserver_logs_no_token(site):
    env, folder, feed_path = site
    port = _free_port()
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "runserver",
        f"127.0.0.1:{port}",
        "--noreload",
        "--skip-checks",
    ]
    text = _serve_and_fetch(
        command, {**env, "DEBUG": "true"}, folder / "runserver.log", port, feed_path
    )

    assert f'"GET /reminders/calendar/{REDACTED}.ics HTTP/1.1" 200' in text
    assert f"Not Found: /reminders/calendar/{REDACTED}.ics" in text
