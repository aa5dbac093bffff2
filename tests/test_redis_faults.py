"""Redis refusing connections, or accepting them and never answering, as cache and broker.

The cache is an optimisation and the broker only carries hints: pages and saves work
without either. Security rate limits fail closed, with a message instead of a 500.
"""

import socket
import threading
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from config.settings.base import redis_cache, redis_transport_options
from interviews.models import Interview
from interviews.tests.test_views import interview_post_data
from reminders.feed import calendar_feed_replace, feed_urls
from reminders.models import Reminder
from reminders.tests.conftest import celery_broker
from tests.auth import log_in, sign_up, totp_code
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused_url():
    """A Redis URL on a port where nothing listens: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def hung_url():
    """A Redis URL whose server accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def note(alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(owner=alice, interviewers=[grace])
    return ThankYouNoteFactory(interview=interview, recipient=grace)


@pytest.mark.slow
@pytest.mark.parametrize("redis", ["refused_url", "hung_url"])
def test_composer_card_pdf_and_password_reset_work_without_the_cache(
    client, alice, note, redis, request
):
    url = request.getfixturevalue(redis)
    client.force_login(alice)
    with override_settings(CACHES={"default": redis_cache(url)}):
        compose = client.get(reverse("notes:compose", kwargs={"note_pk": note.pk}))
        card = client.get(reverse("notes:card_pdf", kwargs={"note_pk": note.pk}))
        client.logout()
        reset_page = client.get(reverse("account_reset_password"))
        reset = client.post(reverse("account_reset_password"), {"email": alice.email})

    assert compose.status_code == 200 and "Grace Hopper" in compose.content.decode()
    assert card.status_code == 200 and card["Content-Type"] == "application/pdf"
    assert reset_page.status_code == 200
    # The reset limit cannot be counted, so it fails closed: no email, and a clear message.
    assert reset.status_code == 503
    assert "Please try again in a few minutes" in reset.content.decode()
    assert mail.outbox == []


@pytest.mark.slow
def test_a_hung_cache_costs_one_short_timeout_then_is_left_alone(hung_url, settings):
    with override_settings(CACHES={"default": redis_cache(hung_url)}):
        from django.core.cache import cache

        started = time.monotonic()
        assert cache.get("anything", "missed") == "missed"
        first = time.monotonic() - started
        for _ in range(20):
            cache.set("key", "value")
            assert cache.get("key") is None
        rest = time.monotonic() - started - first

    assert first < settings.REDIS_SOCKET_TIMEOUT + 1
    assert rest < 0.5


def test_sign_up_fails_closed_without_the_cache(client, refused_url):
    with override_settings(CACHES={"default": redis_cache(refused_url)}):
        response = sign_up(client, "new@example.com")

    assert response.status_code == 503
    assert "Please try again in a few minutes" in response.content.decode()
    assert mail.outbox == []


def test_the_second_factor_step_fails_closed_without_the_cache(client, alice, refused_url):
    """A used TOTP code is remembered in the cache: without it, no code is taken at all."""
    TOTP.activate(alice, generate_totp_secret())
    log_in(client, alice.email)
    with override_settings(CACHES={"default": redis_cache(refused_url)}):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(alice)})

    assert response.status_code == 503
    assert client.get(reverse("interviews:dashboard")).status_code == 302


def test_a_calendar_feed_is_served_without_the_cache_and_a_wrong_token_is_a_plain_404(
    client, alice, refused_url
):
    url = feed_urls(calendar_feed_replace(user=alice))["https"].removeprefix(settings.SITE_URL)
    with override_settings(CACHES={**settings.CACHES, "default": redis_cache(refused_url)}):
        valid = client.get(url)
        wrong = client.get("/reminders/calendar/" + "W" * 43 + ".ics")

    assert valid.status_code == 200 and valid["Content-Type"].startswith("text/calendar")
    assert wrong.status_code == 404


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_hung_broker_and_cache_answer_a_save_fast_and_a_resubmit_adds_no_row(
    alice_client, alice, hung_url, settings
):
    page = alice_client.get(reverse("interviews:create")).content.decode()
    data = {
        **form_data(page),
        **interview_post_data(starts_at="2026-01-05T10:00"),  # long past: due at once
    }
    assert data["submission_key"]

    with (
        celery_broker(hung_url, transport_options=redis_transport_options()),
        override_settings(CACHES={"default": redis_cache(hung_url)}),
    ):
        started = time.monotonic()
        first = alice_client.post(reverse("interviews:create"), data)
        took = time.monotonic() - started
        # It felt slow, so the person pressed Save again (or the browser retried).
        second = alice_client.post(reverse("interviews:create"), data)
        # The next interview logged does not wait on the broker at all for a while.
        started = time.monotonic()
        other = alice_client.post(
            reverse("interviews:create"),
            interview_post_data(company_name="Other Co", starts_at="2026-01-06T10:00"),
        )
        took_next = time.monotonic() - started

    assert first.status_code == 302 and second.status_code == 302
    # At most one short timeout on the cache and one on the broker, then never again for a while.
    assert took < 2 * settings.REDIS_SOCKET_TIMEOUT + 2
    # Less than one socket timeout: it did not wait on the hung broker or cache at all (a loaded
    # machine can take a second for the save itself, so the bound is the timeout, not a guess).
    assert other.status_code == 302 and took_next < settings.REDIS_SOCKET_TIMEOUT
    interview = Interview.objects.get(owner=alice, company__name="Acme Robotics")
    assert Interview.objects.filter(owner=alice).count() == 2
    assert first["Location"] == second["Location"] == interview.get_absolute_url()
    # Nothing was queued, and nothing is lost: the rows wait, due, for the sweep.
    assert (
        Reminder.objects.filter(interview=interview, status=Reminder.Status.SCHEDULED).count() == 2
    )
