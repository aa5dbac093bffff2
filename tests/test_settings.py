"""Settings come from the environment; production refuses a missing or weak secret."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

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
