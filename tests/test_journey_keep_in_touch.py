"""The long game in a real browser: two rounds with one company, a rejection, a
keep-in-touch note planned for one interviewer, its reminder email when due (time travel),
the note written and printed, and the person's page showing it."""

import io
import os
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from interviews.services import interview_create
from notes.models import ThankYouNote
from reminders.models import Reminder
from reminders.sweep import reminders_send_due
from reviews.models import Review
from tests.test_journey_notes import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("AFTERVIEW_SCREENSHOTS")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"kit-{name}.png"), full_page=True)


def test_two_rounds_a_no_and_a_note_months_later(page, live_server, alice, settings):
    settings.SITE_URL = live_server.url
    now = timezone.now()
    first = interview_create(
        owner=alice,
        company_name="Acme Robotics",
        role="Platform Engineer",
        starts_at=now - timedelta(days=10),
        round="Phone screen",
        new_interviewers=[
            {"name": "Grace Hopper", "title": "VP Engineering", "email": "grace@acme.example"},
            {"name": "Alan Turing", "title": "Staff Engineer", "email": "alan@acme.example"},
        ],
    )
    grace = first.interviewers.get(name="Grace Hopper")
    second = interview_create(
        owner=alice,
        company_name="Acme Robotics",
        role="Platform Engineer",
        starts_at=now - timedelta(days=3),
        round="Final panel",
        interviewers=[grace],
    )
    Review.objects.create(interview=first, rapport=5)
    login(page, live_server, alice)

    # One application, two rounds on one timeline.
    page.goto(reverse("interviews:applications"))
    page.get_by_role("link", name="Platform Engineer").click()
    timeline = page.locator("#application-timeline")
    assert "Phone screen" in timeline.inner_text() and "Final panel" in timeline.inner_text()

    # The "no", recorded once for the application.
    outcome = page.get_by_role("region", name="Outcome")
    outcome.get_by_label("Outcome").select_option("rejected")
    outcome.get_by_role("button", name="Record outcome").click()
    page.get_by_text("Outcome set to “Rejected”.").wait_for()
    assert first.application.rounds.count() == 2

    # Keep in touch with Grace only: both were rated well, Alan is unticked.
    page.get_by_role("link", name="Plan keep-in-touch notes").click()
    page.get_by_label(re.compile("Grace Hopper")).wait_for()
    assert page.get_by_label(re.compile("Grace Hopper")).is_checked()
    page.get_by_label(re.compile("Alan Turing")).uncheck()
    shot(page, "plan")
    page.get_by_role("button", name="Plan the notes").click()
    page.get_by_text("Planned: 2 keep-in-touch notes to 1 person.").wait_for()
    panel = page.get_by_role("region", name="Keep in touch")
    assert "Note to Grace Hopper" in panel.inner_text()
    assert "Alan" not in panel.inner_text()
    planned = list(Reminder.objects.filter(contact=grace).order_by("sequence"))
    assert [r.sequence for r in planned] == [1, 2]

    # Months later the reminder comes due: its email arrives, once.
    mail.outbox.clear()
    with time_machine.travel(planned[0].due_at + timedelta(minutes=1)):
        reminders_send_due()
        reminders_send_due()
    (email,) = [m for m in mail.outbox if m.subject.startswith("Keep in touch")]
    assert email.subject == "Keep in touch with Grace Hopper at Acme Robotics"
    write_link = re.search(rf"{re.escape(live_server.url)}/applications/\S+", email.body).group(0)

    # The link leads to the plan; the note opens in the composer, built for the long game.
    page.goto(write_link)
    page.get_by_role("button", name=re.compile(r"Write the note\W+to Grace Hopper")).first.click()
    page.get_by_role("heading", name="Keep-in-touch note to Grace Hopper").wait_for()
    body = page.get_by_label("Your note")
    # The wording varies with the record (panels never share a sentence); the long game is there.
    assert re.search(r"future openings|a role opens up", body.input_value())
    assert "Grace" not in body.input_value()
    shot(page, "compose")
    body.fill(
        "It has been a few months since we spoke about the platform team.\n\n"
        "Congratulations on the new hire. I would be glad to hear about future openings."
    )
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("Saved.").wait_for()

    # Print it: the card carries the words.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download card").click()
    reader = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    assert "future openings" in reader.pages[0].extract_text()
    page.get_by_role("combobox", name="How").select_option("mailed")
    page.get_by_role("button", name="Mark as sent").click()
    page.get_by_text("Marked as sent to Grace Hopper.").wait_for()
    note = ThankYouNote.objects.get(kind="keep_in_touch", recipient=grace)
    assert note.status == "sent" and note.interview == second
    assert Reminder.objects.get(pk=planned[0].pk).status == "done"

    # Grace's page shows it, and so do the application's timeline and the round's page.
    page.goto(reverse("interviews:person", kwargs={"contact_pk": grace.pk}))
    notes = page.locator('section[aria-labelledby="person-notes-heading"]')
    notes.get_by_role("link", name=re.compile("Keep-in-touch note")).wait_for()
    assert "Sent" in notes.inner_text()
    shot(page, "person")
    page.goto(first.application.get_absolute_url())
    assert "Sent" in page.get_by_role("region", name="Keep in touch").inner_text()
    page.goto(second.get_absolute_url())
    page.get_by_text("Keep-in-touch notes").wait_for()
