"""docker-compose.yml cannot run here; read it against what the settings and CI expect."""

import importlib
from pathlib import Path

import pytest
import yaml
from django.conf import settings

COMPOSE = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "beat", "smtp"]


def test_it_has_the_production_shape():
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(SERVICES)
    beats = [name for name, s in SERVICES.items() if "beat" in " ".join(s.get("command", []))]
    assert beats == ["beat"], "exactly one beat"
    assert SERVICES["beat"]["deploy"]["replicas"] == 1


def test_the_inbox_receiver_runs_behind_the_mx():
    smtp = SERVICES["smtp"]
    assert smtp["command"][:3] == ["python", "manage.py", "inbox_smtpd"]
    assert "--port=2525" in smtp["command"] and "25:2525" in smtp["ports"]
    assert "INBOX_DOMAIN" in smtp["environment"]
    from django.core.management import load_command_class

    load_command_class("inbox", "inbox_smtpd")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_get_the_settings_production_needs(name):
    env = SERVICES[name]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    importlib.import_module("config.settings.base")  # the module the production one extends
    for key in ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DATABASE_URL", "REDIS_URL"]:
        assert key in env, f"{name} lacks {key}"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["DATABASE_URL"].split("@")[1].startswith("postgres:5432/")
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert env["EMAIL_URL"].endswith("mailpit:1025}")


def test_services_wait_for_healthy_dependencies():
    for name in ["postgres", "redis", "web", "mailpit"]:
        assert "healthcheck" in SERVICES[name], name
    for name in ["web", "worker", "beat"]:
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_commands_point_at_modules_that_exist():
    web = " ".join(SERVICES["web"]["command"])
    assert "config.wsgi:application" in web
    importlib.import_module("config.wsgi")
    # gunicorn's own settings (the redacting access log), as the Dockerfile's CMD has them.
    assert "--config=python:config.gunicorn" in web
    importlib.import_module("config.gunicorn")
    for name in ["worker", "beat"]:
        assert SERVICES[name]["command"][:3] == ["celery", "-A", "config"]


def test_postgres_major_version_matches_what_ci_tests():
    # CI runs the suite against the machine's PostgreSQL 15.
    assert SERVICES["postgres"]["image"] == "postgres:15"
