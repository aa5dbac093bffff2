"""In a real browser: drop a saved email on the inbox page, see it read into a suggestion,
confirm it in one click and land on the interview it made, which links back to the email.
Then the same email again changes nothing."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from inbox.models import InboxMessage
from inbox.services import inbox_read
from inbox.tests.helpers import email_bytes
from interviews.models import Interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = email_bytes(
    sender="Nadia Brooks <nadia.brooks@cobaltline.example>",
    subject="Onsite interview confirmed - Platform Engineer",
    body=(
        "Hi Alice,\n\nYour onsite interview for the Platform Engineer role at Cobaltline "
        "Systems is confirmed for Monday, March 8, 2027 at 9:30 AM Mountain Time (Denver "
        "office). You will meet with Priscilla Huang and Omar Haddad.\n\nBest,\nNadia Brooks\n"
        "Recruiting Coordinator, Cobaltline Systems"
    ),
    message_id="<journey-1@cobaltline.example>",
)


def test_upload_an_email_and_confirm_its_suggestion(page, alice, tmp_path):
    saved = tmp_path / "onsite.eml"
    saved.write_bytes(EMAIL)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")

    page.get_by_role("link", name="Inbox").first.click()
    page.get_by_label("Saved email (.eml)").set_input_files(str(saved))
    page.get_by_role("button", name="Add to inbox").click()
    expect(page.get_by_text("It is being read")).to_be_visible()

    # The worker's part, in this process: read what the page queued.
    message = InboxMessage.objects.get(owner=alice)
    assert message.status == "queued" and message.via == "upload"
    inbox_read(message_pk=message.pk)
    page.reload()
    suggestion = page.locator(f"#message-{message.pk}")
    expect(suggestion).to_contain_text(
        "New interview at Cobaltline Systems (Platform Engineer), Mon 8 Mar, 17:30 with "
        "Priscilla Huang and Omar Haddad"
    )
    assert not Interview.objects.exists(), "nothing changes before the click"
    suggestion.get_by_role("button", name="Confirm").click()

    interview = Interview.objects.get(owner=alice)
    page.wait_for_url(f"**{interview.get_absolute_url()}")
    expect(page.get_by_text("Logged Platform Engineer at Cobaltline Systems")).to_be_visible()
    assert interview.company.name == "Cobaltline Systems"

    # The message links to what it changed; the same email again changes nothing.
    page.goto(message.get_absolute_url())
    expect(page.get_by_role("link", name="Open the interview")).to_be_visible()
    page.goto("/inbox/")
    page.get_by_label("Saved email (.eml)").set_input_files(str(saved))
    page.get_by_role("button", name="Add to inbox").click()
    expect(page.get_by_text("in your inbox already; nothing changed")).to_be_visible()
    assert InboxMessage.objects.count() == 1 and Interview.objects.count() == 1
