"""A render can never stall the site: three accounts each asking for worst-case renders, one
after another, at once, against gunicorn as docker-compose runs it (its config file:
threaded workers; 3 workers, --timeout=60), while another person loads their dashboard.
Renders are bounded for the whole machine (NOTES_PDF_RENDERS_AT_ONCE, notes/pdf/slots.py).

The worst case is the envelope of a note whose sender saved the longest return address the
model allows (before field limits, 350,000 characters made every render run to its time
limit). Three accounts each ask for their three envelopes, one after another, twice over,
all at the same time; meanwhile bob's dashboard is loaded again and again. The figures:
bob's dashboard during the renders against the same page on an idle server (median and
slowest), how long the renders took, and the three asked for again.

gunicorn runs in a subprocess on 127.0.0.1 with its own SQLite file, and with Redis as the
cache when REDIS_URL is set (as in docker-compose; without it each worker has its own
memory cache, and the figures say so).
"""

import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.harness import SMOKE, Result

ROOT = Path(__file__).resolve().parent.parent
# The web service in docker-compose.yml.
GUNICORN_ARGS = ["--config=python:config.gunicorn", "--workers=3", "--timeout=60"]
ACCOUNTS = 3

SETUP = """
import json
import secrets
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import User
from interviews.models import Application, Company, Contact, Interview
from notes.models import ThankYouNote
from django.utils import timezone

def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

from accounts.models import ADDRESS_MAX_CHARS, ADDRESS_MAX_LINES

# The most the model and the database allow: every line, every character, no space to
# break at. A fresh token each run: a failed render is remembered by content (in Redis,
# across runs).
width = ADDRESS_MAX_CHARS // ADDRESS_MAX_LINES - 1
address = "\\n".join(
    [secrets.token_hex(8) + "x" * (width - 16)] + ["x" * width] * (ADDRESS_MAX_LINES - 1)
)
assert len(address) <= ADDRESS_MAX_CHARS
longest = len(address)
renderers = [
    User.objects.create_user(
        f"mallory{n}@example.com", "x" * 20, full_name="Mallory", return_address=address
    )
    for n in range(3)
]
bob = User.objects.create_user("bob@example.com", "x" * 20, full_name="Bob")
urls, warm = {who.pk: [] for who in renderers}, []
for who in (*renderers, bob):
    company = Company.objects.create(owner=who, name="Acme")
    for i in range(3):
        person = Contact.objects.create(owner=who, company=company, name=f"Person {i}")
        opening = Application.objects.create(owner=who, company=company, role="Engineer")
        interview = Interview.objects.create(
            owner=who, company=company, application=opening, role="Engineer",
            starts_at=timezone.now()
        )
        interview.interviewers.add(person)
        note = ThankYouNote.objects.create(interview=interview, recipient=person, body="Thanks.")
        (warm if who == bob else urls[who.pk]).append(f"/notes/{note.pk}/envelope.pdf")
# What a deployment does once: read the fonts' character maps (into VAR_DIR).
from notes.pdf import printable_codepoints
printable_codepoints()
print(json.dumps({"renderers": [[session_for(who), urls[who.pk]] for who in renderers],
                  "bob": session_for(bob), "warm": warm, "return_address_chars": longest}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str, session: str, timeout: float = 90) -> tuple[int, float]:
    request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={session}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - started


def run() -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="afterview-stall-"))
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "AFTERVIEW_VAR_DIR": str(folder),
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    world = json.loads(
        subprocess.run(
            [*manage, "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    gunicorn = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            *GUNICORN_ARGS,
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if _get(base, "/", world["bob"], timeout=2)[0] < 500:
                    break
            except OSError:
                time.sleep(0.1)
        # Every gunicorn worker has served the page, and most have started their renderer
        # (bob's own small envelopes, three at a time).
        for _ in range(6):
            _get(base, "/", world["bob"])
        for _ in range(3):
            warmers = [
                threading.Thread(target=_get, args=(base, url, world["bob"]))
                for url in world["warm"]
            ]
            for thread in warmers:
                thread.start()
            for thread in warmers:
                thread.join()
        idle = [_get(base, "/", world["bob"])[1] for _ in range(20)]

        results: list[tuple[int, float]] = []

        def renderer(session: str, paths: list[str]) -> None:
            for path in paths * (1 if SMOKE else 2):
                results.append(_get(base, path, session))

        threads = [
            threading.Thread(target=renderer, args=(session, paths))
            for session, paths in world["renderers"]
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        during: list[float] = []
        while any(thread.is_alive() for thread in threads) or len(during) < 5:
            during.append(_get(base, "/", world["bob"])[1])
        stall = time.perf_counter() - started
        session, paths = world["renderers"][0]
        again = [_get(base, url, session) for url in paths]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    cache = "redis" if os.environ.get("REDIS_URL") else "per-worker memory"
    idle_ms = statistics.median(idle) * 1000
    return [
        Result(
            "bob's dashboard while 3 accounts render worst cases (median)",
            statistics.median(during) * 1000,
            idle_ms,
            "idle dashboard",
            {"requests": len(during), "cache": cache},
        ),
        Result(
            "bob's dashboard while 3 accounts render worst cases (slowest)",
            max(during) * 1000,
            idle_ms,
            "idle dashboard",
        ),
        Result(
            "3 accounts x 6 worst-case envelopes, until the last answered",
            stall * 1000,
            extra={
                "statuses": {s: [r[0] for r in results].count(s) for s in {r[0] for r in results}},
                "slowest_render_ms": round(max(seconds for _, seconds in results) * 1000),
                "return_address_chars": world["return_address_chars"],
            },
        ),
        Result(
            "the same 3 asked for again (slowest)",
            max(seconds for _, seconds in again) * 1000,
            extra={"statuses": sorted(status for status, _ in again)},
        ),
    ]
