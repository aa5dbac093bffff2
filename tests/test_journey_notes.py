"""In a real browser: write a note → preview it → download the PDF → mark it sent."""

import io
import os

import pytest
from django.urls import reverse
from pypdf import PdfReader

from interviews.models import Interview
from notes.models import ThankYouNote
from tests.factories import ContactFactory, InterviewFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("AFTERVIEW_SCREENSHOTS")


def login(page, live_server, user):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_write_preview_download_and_send(page, live_server, alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper", title="VP Engineering")
    interview = InterviewFactory(owner=alice, company__name="Acme Robotics", interviewers=[grace])
    login(page, live_server, alice)

    page.goto(reverse("interviews:detail", kwargs={"interview_pk": interview.pk}))
    page.get_by_role("button", name="Write thank-you notes").click()

    # The draft is addressed and started from the interview record.
    page.get_by_role("heading", name="Thank-you note to Grace Hopper").wait_for()
    # The heading shows before notes.js (at the end of the page) has run; typing before
    # then updates no preview, which made this test fail on a busy machine.
    page.wait_for_load_state("load")
    assert page.get_by_label("Salutation").input_value() == "Dear Grace,"
    body = page.get_by_label("Your note")
    assert "rebuilding its data platform" in body.input_value()
    shot(page, "compose")

    # Write: the live preview follows the text, and the fit is measured as one types.
    body.fill(
        "Thank you for the conversation about the platform team.\n\nI hope we stay in touch."
    )
    preview = page.locator("[data-preview]")
    assert "I hope we stay in touch." in preview.inner_text()
    fit = page.locator("[data-fit-status]")
    fit.filter(has_text="Fits the Folded A2 card").wait_for()
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("Saved.").wait_for()

    # Preview: the PDF opens inline; download: the card arrives as a file.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download card").click()
    reader = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    assert len(reader.pages) == 1
    assert "I hope we stay in touch." in reader.pages[0].extract_text()
    card = reverse("notes:card_pdf", kwargs={"note_pk": interview.thank_you_notes.get().pk})
    response = page.request.get(card)
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")

    # Mark it sent: the interview now counts its notes as done.
    page.get_by_role("combobox", name="How").select_option("handwritten")
    page.get_by_role("button", name="Mark as sent").click()
    page.get_by_text("Marked as sent to Grace Hopper.").wait_for()
    shot(page, "sent")
    note = ThankYouNote.objects.get(interview=interview)
    assert note.status == ThankYouNote.Status.SENT
    assert note.sent_how == "handwritten"
    assert Interview.objects.get(pk=interview.pk).notes_done_at is not None

    page.goto(reverse("interviews:detail", kwargs={"interview_pk": interview.pk}))
    page.get_by_text("All sent").wait_for()
    shot(page, "interview")


def test_the_fit_is_shown_without_typing_once_a_starting_renderer_is_ready(
    page, live_server, alice, settings
):
    from playwright.sync_api import expect

    from notes import pdf

    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(owner=alice, interviewers=[grace])
    note = ThankYouNote.objects.create(
        interview=interview, recipient=grace, salutation="Dear Grace,", body="Thank you."
    )
    settings.NOTES_FIT_TIMEOUT_SECONDS = 0.3
    pdf.worker._worker.stop()  # as right after a deploy: the renderer is starting
    login(page, live_server, alice)
    page.goto(live_server.url + note.get_absolute_url())
    status = page.locator("[data-fit-status]")
    expect(status).to_contain_text("The PDF renderer is getting ready")

    # Nobody types: the page asks again by itself until the renderer answers.
    expect(status).to_contain_text("Fits the", timeout=40_000)
