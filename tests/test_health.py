"""The health endpoint: database, broker, cache, and when beat's sweep last completed."""

import socket
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders.models import Heartbeat
from reminders.tasks import send_due_reminders
from reminders.tests.conftest import celery_broker
from tests.test_compose import SERVICES

# The checks run in threads of their own, with their own database connections.
pytestmark = pytest.mark.django_db(transaction=True)


def health(client, name="health"):
    response = client.get(reverse(name), headers={"accept": "application/json"})
    return response.status_code, response.json()


@pytest.mark.slow
def test_healthy_when_everything_answers_and_a_sweep_completed_recently(client):
    send_due_reminders.apply(kwargs={"scheduled": True})  # what beat runs every minute

    status, checks = health(client)

    assert status == 200, checks
    assert len(checks) == 4 and set(checks.values()) == {"OK"}


@pytest.mark.slow
def test_a_dead_beat_shows(client):
    status, checks = health(client)
    assert status == 503
    assert "No reminder sweep has completed yet" in checks["LastSweep()"]

    Heartbeat.objects.create(name="sweep", at=timezone.now() - timedelta(minutes=20))
    status, checks = health(client)
    assert status == 503
    assert "The last reminder sweep completed 20 minutes ago" in checks["LastSweep()"]
    # The web containers' own check leaves the sweep out: restarting web would not help.
    assert health(client, "health_web")[0] == 200


def test_a_nudged_sweep_does_not_count_as_beat(client):
    send_due_reminders.apply()  # asked for by a save, not by beat
    assert Heartbeat.last("sweep") is None


@pytest.mark.slow
def test_a_broker_that_refuses_shows(client):
    Heartbeat.beat("sweep")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with celery_broker(f"redis://127.0.0.1:{port}/0"):
        status, checks = health(client, "health_web")
    assert status == 503
    assert "The broker is unreachable" in checks["Broker()"]


def test_docker_compose_uses_it():
    assert "/health/web/" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert SERVICES["beat"]["healthcheck"]["test"][-3:] == ["health_check", "health", "--no-http"]


def test_the_html_page_runs_under_the_content_security_policy(client):
    """Browsers refuse inline styles and scripts under our policy: the page has none."""
    response = client.get(reverse("health"), HTTP_ACCEPT="text/html")

    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "<style" not in html and " style=" not in html
    assert "<script" not in html and " on" not in html.replace(" one", "")
    assert "/static/css/health.css" in html
