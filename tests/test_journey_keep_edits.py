"""In a real browser: type, then press every other action on the page. What was typed is
saved by that action, or the page asks before it is left (a dismissed question keeps it)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from notes.models import BODY_MAX_CHARS, ThankYouNote
from tests.factories import ContactFactory, InterviewFactory
from tests.test_journey_notes import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_at_end(locator, text):
    """Types as a person does (keys, not a paste), at the end of the field."""
    locator.focus()
    locator.press("End" if locator.evaluate("e => e.tagName") == "INPUT" else "Control+End")
    locator.press_sequentially(text)


def asks_before_leaving(page, click) -> bool:
    """Whether ``click`` makes the page ask before it is left; the question is dismissed,
    so the page stays."""
    asked = []

    def on_dialog(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    click()
    page.wait_for_timeout(500)
    page.remove_listener("dialog", on_dialog)
    return asked == ["beforeunload"]


@pytest.fixture
def notes(alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace", postal_address="1 Main St\nLondon")
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(owner=alice, interviewers=[ada, grace])
    made = [
        ThankYouNote.objects.create(
            interview=interview, recipient=person, salutation="Dear you,", body="Thank you."
        )
        for person in (ada, grace)
    ]
    return interview, made


def test_every_composer_action_keeps_what_was_typed(page, live_server, alice, notes):
    _, (note, other) = notes
    login(page, live_server, alice)
    # The first page lays the note out to measure its fit: the renderer may be starting.
    page.goto(live_server.url + note.get_absolute_url(), timeout=60_000)
    body = page.get_by_label("Your note")

    def saved_after(action, marker, *, download=False):
        type_at_end(body, f" {marker}")
        if download:
            with page.expect_download():
                page.get_by_role("button", name=action).click()
        else:
            page.get_by_role("button", name=action).click()
            page.wait_for_load_state("load")
        note.refresh_from_db()
        assert marker in note.body, action

    saved_after("Download card", "Downloaded.", download=True)
    saved_after("Envelope", "Enveloped.", download=True)
    saved_after("Copy sheet (large type)", "Copied.", download=True)
    saved_after("Mark ready to send", "Readied.")
    expect(page.get_by_text("Saved and marked as ready to send.")).to_be_visible()

    # Too long to save, then "Back to draft": it moves, and the typed text stays.
    body = page.get_by_label("Your note")
    body.fill("y" * (BODY_MAX_CHARS + 1))
    type_at_end(body, " Still here.")
    page.get_by_role("button", name="Back to draft").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Moved back to draft.")).to_be_visible()
    assert page.get_by_label("Your note").input_value().endswith(" Still here.")
    note.refresh_from_db()
    assert note.status == ThankYouNote.Status.DRAFT and "Still here" not in note.body

    # Leaving by a link (the next note of the panel) asks first.
    page.get_by_label("Your note").fill("Thank you. Not saved yet.")
    type_at_end(page.get_by_label("Your note"), " Typed.")
    link = page.get_by_role("navigation", name="Notes for this interview").get_by_role(
        "link", name=other.recipient.name
    )
    assert asks_before_leaving(page, lambda: link.click(no_wait_after=True))
    assert page.get_by_label("Your note").input_value().endswith(" Typed.")

    saved_after("Print all notes of this interview", "Printed.")
    assert "print" in page.url


def test_the_hooks_form_saves_or_asks(page, live_server, alice, notes):
    interview, _ = notes
    ThankYouNote.objects.filter(interview=interview).delete()
    login(page, live_server, alice)
    page.goto(live_server.url + interview.get_absolute_url())
    page.wait_for_load_state("load")
    line = page.get_by_label("Ada Lovelace: 1", exact=True)
    type_at_end(line, "you're hiring for the platform team")
    shown = page.get_by_text("In the note: “It was interesting to learn that you're")
    expect(shown).to_be_visible()

    other = page.get_by_role("button", name="Write thank-you notes")
    assert asks_before_leaving(page, lambda: other.click(no_wait_after=True))
    assert line.input_value() == "you're hiring for the platform team"

    page.get_by_role("button", name="Save and write the notes").click(timeout=60_000)
    page.wait_for_load_state("load")
    assert (
        "you're hiring for the platform team."
        in ThankYouNote.objects.get(recipient__name="Ada Lovelace").body
    )


def test_the_interview_and_review_forms_ask_before_leaving(page, live_server, alice, notes):
    interview, _ = notes
    login(page, live_server, alice)

    page.goto(live_server.url + reverse("interviews:edit", kwargs={"interview_pk": interview.pk}))
    page.wait_for_load_state("load")
    learned = page.get_by_label("What I learned")
    type_at_end(learned, " They pair on everything.")
    cancel = page.get_by_role("link", name="Cancel")
    assert asks_before_leaving(page, lambda: cancel.click(no_wait_after=True))
    assert learned.input_value().endswith(" They pair on everything.")

    page.goto(live_server.url + reverse("reviews:edit", kwargs={"interview_pk": interview.pk}))
    page.wait_for_load_state("load")
    what = page.get_by_label("What actually happened")
    type_at_end(what, "We spent most of the hour on the design exercise.")
    back = page.get_by_role("link", name="Back", exact=True)
    assert asks_before_leaving(page, lambda: back.click(no_wait_after=True))
    assert what.input_value().endswith("the design exercise.")


def test_the_settings_and_inbox_forms_ask_before_leaving(page, live_server, alice, notes):
    login(page, live_server, alice)

    page.goto(live_server.url + reverse("accounts:profile"))
    page.wait_for_load_state("load")
    address = page.get_by_label("Return address")
    type_at_end(address, "\nFlat 2")
    away = page.get_by_role("link", name="Interviews", exact=True).first
    assert asks_before_leaving(page, lambda: away.click(no_wait_after=True))
    assert address.input_value().endswith("Flat 2")

    page.goto(live_server.url + reverse("inbox:inbox"))
    page.wait_for_load_state("load")
    source = page.get_by_label("…or paste the message source")
    type_at_end(source, "From: ada@example.com")
    away = page.get_by_role("link", name="Interviews", exact=True).first
    assert asks_before_leaving(page, lambda: away.click(no_wait_after=True))
    assert source.input_value().endswith("ada@example.com")
