"""Links in the email (unsubscribe, snooze, done) and the buttons on the pages."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reminders import tokens
from reminders.models import Reminder
from reminders.selectors import DASHBOARD_LIMIT
from tests.factories import InterviewFactory, ReminderFactory

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status


def unsubscribe_url(user, kind="thank_you"):
    token = tokens.make_unsubscribe_token(user_id=user.pk, kind=kind)
    return reverse("reminders:unsubscribe", kwargs={"token": token})


def action_url(reminder, action):
    token = tokens.make_action_token(
        reminder_id=reminder.pk, action=action, due_at=reminder.due_at
    )
    return reverse("reminders:email_action", kwargs={"token": token})


@pytest.fixture
def csrf_client():
    """A mail client's one-click POST: no cookies, no CSRF token, no login."""
    return Client(enforce_csrf_checks=True)


def test_get_only_asks_and_never_unsubscribes(csrf_client, alice):
    reminder = ReminderFactory(owner=alice)
    response = csrf_client.get(unsubscribe_url(alice))
    assert response.status_code == 200
    assert b"Stop thank-you note reminders?" in response.content
    alice.refresh_from_db()
    assert alice.remind_thank_you is True
    assert Reminder.objects.get(pk=reminder.pk).status == Status.SCHEDULED


def test_one_click_post_unsubscribes_from_that_kind_only(csrf_client, alice):
    note = ReminderFactory(owner=alice)
    review = ReminderFactory(owner=alice, interview=note.interview, kind=Kind.REVIEW)
    response = csrf_client.post(
        unsubscribe_url(alice), {"List-Unsubscribe": "One-Click"}, HTTP_HOST="testserver"
    )
    assert response.status_code == 200
    assert b"We will not send thank-you note reminders" in response.content
    alice.refresh_from_db()
    assert (alice.remind_thank_you, alice.remind_review) == (False, True)
    assert Reminder.objects.get(pk=note.pk).status == Status.CANCELLED
    assert Reminder.objects.get(pk=review.pk).status == Status.SCHEDULED

    # A replay changes nothing and says so.
    alice.remind_thank_you = False
    again = csrf_client.post(unsubscribe_url(alice))
    assert b"already off" in again.content


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # tampered sig
        lambda token: signing.dumps(
            {"u": 1, "k": "thank_you"}, key="not-our-secret", salt=tokens.UNSUBSCRIBE_SALT
        ),  # forged
        lambda token: signing.dumps(
            {"u": 1, "k": "thank_you"}, salt="reminders.action"
        ),  # wrong use
        lambda token: "nonsense",
    ],
)
def test_a_tampered_or_forged_unsubscribe_token_is_refused(csrf_client, alice, mangle):
    token = tokens.make_unsubscribe_token(user_id=alice.pk, kind="thank_you")
    url = reverse("reminders:unsubscribe", kwargs={"token": mangle(token)})
    response = csrf_client.post(url)
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.remind_thank_you is True


def test_an_unsubscribe_token_for_bob_cannot_be_bent_to_alice(csrf_client, alice, bob):
    token = tokens.make_unsubscribe_token(user_id=bob.pk, kind="review")
    _payload, rest = token.split(":", 1)
    forged = signing.dumps({"u": alice.pk, "k": "review"}, salt="x").split(":", 1)[0]
    response = csrf_client.post(
        reverse("reminders:unsubscribe", kwargs={"token": f"{forged}:{rest}"})
    )
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.remind_review is True


def test_snooze_from_the_email_needs_the_post_and_works_once(client, alice):
    reminder = ReminderFactory(owner=alice, status=Status.SENT)
    url = action_url(reminder, "snooze")

    page = client.get(url)  # what a mail scanner does
    assert page.status_code == 200
    assert b"Snooze a day" in page.content
    assert Reminder.objects.get(pk=reminder.pk).status == Status.SENT

    client.post(url)
    snoozed = Reminder.objects.get(pk=reminder.pk)
    assert snoozed.status == Status.SCHEDULED
    assert snoozed.due_at > timezone.now() + timedelta(hours=23)

    replay = client.post(url)
    assert b"already moved on" in replay.content
    assert Reminder.objects.get(pk=reminder.pk).due_at == snoozed.due_at


def test_done_from_the_email_settles_the_reminder_not_the_note(client, alice):
    reminder = ReminderFactory(owner=alice, status=Status.SENT)
    url = action_url(reminder, "done")
    client.post(url)
    assert Reminder.objects.get(pk=reminder.pk).status == Status.DONE
    reminder.interview.refresh_from_db()
    assert reminder.interview.notes_done_at is None
    assert b"already moved on" in client.post(url).content


def test_a_tampered_action_token_changes_nothing(client, alice):
    reminder = ReminderFactory(owner=alice)
    token = tokens.make_action_token(
        reminder_id=reminder.pk, action="done", due_at=reminder.due_at
    )
    tampered = token.replace(
        token.split(":")[0], signing.b64_encode(b'{"r":1,"a":"done"}').decode()
    )
    for bad in (tampered, token[:-3] + "xyz"):
        url = reverse("reminders:email_action", kwargs={"token": bad})
        assert client.post(url).status_code == 400
    assert Reminder.objects.get(pk=reminder.pk).status == Status.SCHEDULED


def test_buttons_on_the_interview_page(alice_client, alice):
    reminder = ReminderFactory(owner=alice)
    page = alice_client.get(reminder.interview.get_absolute_url()).content.decode()
    assert "Follow-up plan" in page
    assert reverse("reminders:snooze", kwargs={"reminder_pk": reminder.pk}) in page

    response = alice_client.post(reverse("reminders:snooze", kwargs={"reminder_pk": reminder.pk}))
    assert response.status_code == 302
    assert Reminder.objects.get(pk=reminder.pk).snoozed_until is not None
    alice_client.post(reverse("reminders:done", kwargs={"reminder_pk": reminder.pk}))
    assert Reminder.objects.get(pk=reminder.pk).status == Status.DONE


def test_the_buttons_are_post_only(alice_client, alice):
    reminder = ReminderFactory(owner=alice)
    for name in ("reminders:snooze", "reminders:done"):
        assert (
            alice_client.get(reverse(name, kwargs={"reminder_pk": reminder.pk})).status_code == 405
        )
    assert Reminder.objects.get(pk=reminder.pk).status == Status.SCHEDULED


def _due_reminders(user, n):
    for _ in range(n):
        ReminderFactory(
            owner=user,
            interview=InterviewFactory(owner=user),
            due_at=timezone.now() - timedelta(days=3),
            overdue_at=timezone.now() - timedelta(days=1),
        )


@pytest.mark.slow
def test_the_dashboard_panel_costs_the_same_at_any_size(alice_client, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 24):
        _due_reminders(alice, n)
        with CaptureQueriesContext(connection) as queries:
            page = alice_client.get(reverse("interviews:dashboard")).content.decode()
        counts.append(len(queries))
        assert "Due and overdue follow-ups" in page
        assert page.count('data-status="scheduled"') == min(
            Reminder.objects.count(), DASHBOARD_LIMIT
        )
        assert "Overdue" in page
        reminder_queries = [
            q for q in queries.captured_queries if "reminders_reminder" in q["sql"]
        ]
        assert len(reminder_queries) == 1
    assert counts[0] == counts[1]


@pytest.mark.parametrize("n", [1, 4])
def test_the_interview_panel_costs_one_query(alice_client, alice, n):
    interview = InterviewFactory(owner=alice)
    for kind in list(Kind.values)[:n]:
        ReminderFactory(owner=alice, interview=interview, kind=kind)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = alice_client.get(interview.get_absolute_url()).content.decode()
    assert page.count("reminder-") >= n
    reminder_queries = [q for q in queries.captured_queries if "reminders_reminder" in q["sql"]]
    assert len(reminder_queries) == 1
