"""A person's reminders in a real browser: the email's snooze link, the dashboard's due list,
"mark done" on the page, and the one-click unsubscribe page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import PASSWORD
from reminders.models import Reminder
from reminders.sweep import reminders_send_due
from reminders.tests.utils import log_interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_snooze_from_the_email_then_finish_on_the_page(page, alice, live_server, settings):
    settings.SITE_URL = live_server.url
    interview = log_interview(alice, timezone.now() - timedelta(days=2))
    reminders_send_due()
    note_email = next(m for m in mail.outbox if m.subject.startswith("Thank"))
    snooze_link, _done_link = re.findall(
        rf"{live_server.url}/reminders/email/\S+/", note_email.body
    )
    unsubscribe_link = re.search(r"<(.+)>", note_email.extra_headers["List-Unsubscribe"]).group(1)

    # The snooze link opens a page; only its button snoozes.
    page.goto(snooze_link)
    assert Reminder.objects.get(interview=interview, kind="thank_you").status == "sent"
    page.get_by_role("button", name="Snooze a day").click()
    page.get_by_text("Snoozed. We will remind you again").wait_for()

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    due = page.get_by_role("region", name="Due and overdue follow-ups")
    due.get_by_text("Self-review: Platform Engineer at Acme Robotics").wait_for()
    assert "Thank-you note" not in due.inner_text()  # snoozed to tomorrow

    # The dashboard's list keeps snooze and done under "More".
    due.locator("summary", has_text=re.compile("self-review", re.IGNORECASE)).click()
    due.get_by_role("button", name=re.compile(r"Mark done\W+Self-review")).click()
    page.get_by_text("Self-review: marked done.").wait_for()
    plan = page.get_by_role("region", name="Follow-up plan")
    assert "Done" in plan.inner_text()
    assert "(snoozed)" in plan.inner_text()

    page.goto(unsubscribe_link)
    page.get_by_text("Stop thank-you note reminders?").wait_for()
    alice.refresh_from_db()
    assert alice.remind_thank_you
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_text("We will not send thank-you note reminders").wait_for()
    alice.refresh_from_db()
    assert not alice.remind_thank_you
