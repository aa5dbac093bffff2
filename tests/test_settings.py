"""Settings come from the environment; production refuses a missing or weak secret."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

STRONG = "k3Y-" + "".join(chr(65 + (i * 7) % 26) + str(i % 10) for i in range(40))


def run_production(extra_env, *args):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="example.com")
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "secret", ["", "short", "django-insecure-" + "x" * 60, "a" * 80], ids=repr
)
def test_production_refuses_a_missing_or_weak_secret(secret):
    result = run_production({"SECRET_KEY": secret}, "check")

    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random value" in result.stderr


def test_production_with_a_strong_secret_passes_the_deploy_checks():
    result = run_production({"SECRET_KEY": STRONG}, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_broker_and_database_follow_the_environment():
    if os.environ.get("REDIS_URL"):
        assert settings.CELERY_BROKER_URL == os.environ["REDIS_URL"]
    else:
        assert settings.CELERY_BROKER_URL.startswith("sqla+sqlite:///")
        assert settings.CELERY_BROKER_URL.endswith("celery-broker.sqlite3")
    if not os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_a_plain_http_test_deployment_can_be_configured_from_the_environment():
    result = run_production(
        {
            "SECRET_KEY": STRONG,
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_SSL_REDIRECT": "false",
            "REMINDERS_SENDING_GRACE_SECONDS": "900",
        },
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.REMINDERS_SENDING_GRACE_SECONDS)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["False", "False", "False", "900"]


def test_make_run_on_another_port_sends_links_to_that_port():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8101"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    commands = [
        line for line in result.stdout.splitlines() if "celery" in line or "runserver" in line
    ]
    assert any("runserver 127.0.0.1:8101" in line for line in commands), result.stdout
    worker = next(line for line in commands if "celery -A config worker" in line)
    server = next(line for line in commands if "runserver" in line)
    assert "SITE_URL=http://127.0.0.1:8101" in worker
    assert "SITE_URL=http://127.0.0.1:8101" in server
