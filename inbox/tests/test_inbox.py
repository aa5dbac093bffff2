"""The inbox from taking a message in to the change the person confirms."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD
from inbox.address import email_address, inbox_address_find, inbox_address_replace
from inbox.models import InboxMessage
from inbox.services import inbox_confirm, inbox_read, inbox_receive
from inbox.tests.helpers import email_bytes, invite_ics
from interviews.models import Interview, Outcome
from reminders.models import Reminder
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def take_in(user, raw: bytes, via="smtp") -> InboxMessage:
    received = inbox_receive(raw=raw, via=via, owner=user)
    assert received.status == "accepted", received.status
    assert received.message is not None
    inbox_read(message_pk=received.message.pk)
    received.message.refresh_from_db()
    return received.message


def next_week(hour=15) -> datetime:
    return (datetime.now(UTC) + timedelta(days=7)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


# --- The address -------------------------------------------------------------------------


def test_the_address_is_found_in_any_case_and_with_a_tag_and_stops_once_replaced(alice, bob):
    address = inbox_address_replace(user=alice)
    written = email_address(address)
    local, domain = written.split("@")
    assert len(local) == 52
    assert inbox_address_find(written).owner == alice
    assert inbox_address_find(f"{local.upper()}+greenhouse@{domain.upper()}").owner == alice
    assert inbox_address_find(f"{local}@elsewhere.example") is None
    other = "b" if local[-1] == "a" else "a"
    assert inbox_address_find(f"{local[:-1]}{other}@{domain}") is None
    inbox_address_replace(user=alice)
    assert inbox_address_find(written) is None
    # Only a digest is stored: the address itself is nowhere in the row.
    address.refresh_from_db()
    assert local not in (address.seed, address.token_digest)


def test_mail_to_an_unknown_address_is_refused_and_nothing_is_stored(alice):
    received = inbox_receive(
        raw=email_bytes(subject="Hi", body="Hi"), via="smtp", recipient="nobody@inbox.localhost"
    )
    assert received.status == "unknown"
    assert not InboxMessage.objects.exists()


def test_the_same_message_id_twice_is_one_message(alice):
    raw = email_bytes(subject="Interview", body="Hi", message_id="<same@acme.example>")
    assert inbox_receive(raw=raw, via="smtp", owner=alice).status == "accepted"
    assert inbox_receive(raw=raw, via="upload", owner=alice).status == "duplicate"
    assert InboxMessage.objects.count() == 1


def test_a_message_over_the_size_limit_is_refused(alice, settings):
    settings.INBOX_MAX_MESSAGE_BYTES = 1000
    raw = email_bytes(subject="Big", body="x" * 2000)
    assert inbox_receive(raw=raw, via="smtp", owner=alice).status == "too_large"


def test_a_flood_from_one_sender_is_limited(alice, settings):
    settings.INBOX_MESSAGES_PER_SENDER_PER_HOUR = 3
    statuses = [
        inbox_receive(raw=email_bytes(subject=f"{n}", body="x"), via="smtp", owner=alice).status
        for n in range(5)
    ]
    assert statuses == ["accepted"] * 3 + ["rate_limited"] * 2


# --- Reading and confirming ------------------------------------------------------------


def test_an_invite_becomes_a_suggestion_and_one_click_logs_the_interview(alice):
    start = next_week()
    message = take_in(
        alice,
        email_bytes(
            subject="Invitation: Acme Robotics – Technical interview",
            body="You have been invited.",
            calendar=invite_ics(start=start),
        ),
    )
    assert message.status == "suggested" and message.kind == "invite"
    assert not Interview.objects.exists(), "nothing changes before the click"
    done = inbox_confirm(message=message)
    interview = Interview.objects.get()
    assert done.status == "applied" and done.interview == interview
    assert interview.starts_at == start
    assert interview.company.name == "Acme Robotics"
    assert [c.name for c in interview.interviewers.all()] == ["Jordan Lee", "Priya Natarajan"]
    assert interview.invite_uid == "inbox-0001@acme-robotics.example"
    # A second click (another tab) changes nothing.
    inbox_confirm(message=message)
    assert Interview.objects.count() == 1


def test_an_interview_made_from_an_invite_keeps_its_digest_so_a_resend_changes_nothing(alice):
    from interviews.invites import read_invite

    start = next_week()
    first = take_in(
        alice, email_bytes(subject="Invitation", body=".", calendar=invite_ics(start=start))
    )
    inbox_confirm(message=first)
    interview = Interview.objects.get()
    location = interview.location
    # As the upload path stores it: the invite's own content digest.
    assert interview.invite_digest == read_invite(invite_ics(start=start)).content_digest
    # The same version again (same SEQUENCE, same content) is recognised as unchanged.
    again = take_in(
        alice,
        email_bytes(subject="Invitation", body="Again.", calendar=invite_ics(start=start)),
    )
    assert again.kind == "invite"
    interview.refresh_from_db()
    assert (interview.starts_at, interview.location) == (start, location)


def test_the_interview_page_links_back_to_the_messages_that_made_and_moved_it(alice, bob, client):
    start = next_week()
    first = take_in(
        alice,
        email_bytes(subject="Invitation: Acme", body=".", calendar=invite_ics(start=start)),
    )
    inbox_confirm(message=first)
    interview = Interview.objects.get()
    client.force_login(alice)
    url = interview.get_absolute_url()
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert first.get_absolute_url() in page
    moved = take_in(
        alice,
        email_bytes(
            subject="Updated invitation: Acme",
            body=".",
            calendar=invite_ics(start=start + timedelta(days=1), sequence=1),
        ),
    )
    assert moved.status == "applied"
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    assert first.get_absolute_url() in page and moved.get_absolute_url() in page
    for captured in (one, two):
        # The messages' own query (the round's query may ask whether there are any).
        inbox_queries = [
            q
            for q in captured.captured_queries
            if q["sql"].startswith('SELECT "inbox_inboxmessage"')
        ]
        assert len(inbox_queries) == 1, "one query for the links, however many"
    # A message not confirmed yet links nothing; another person sees a 404.
    client.force_login(bob)
    assert client.get(url).status_code == 404


def test_an_update_to_an_imported_invite_applies_by_itself_unless_switched_off(alice):
    start = next_week()
    first = take_in(
        alice, email_bytes(subject="Invitation", body=".", calendar=invite_ics(start=start))
    )
    inbox_confirm(message=first)
    moved = start + timedelta(days=1)
    update = take_in(
        alice,
        email_bytes(
            subject="Updated invitation: Acme Robotics – Technical interview",
            body="The time changed.",
            calendar=invite_ics(start=moved, sequence=1),
        ),
    )
    assert update.kind == "reschedule"
    assert update.status == "applied" and update.applied_automatically
    assert Interview.objects.get().starts_at == moved

    from inbox.services import inbox_set_auto_apply

    inbox_set_auto_apply(user=alice, enabled=False)
    later = take_in(
        alice,
        email_bytes(
            subject="Updated invitation",
            body=".",
            calendar=invite_ics(start=moved + timedelta(hours=2), sequence=2),
        ),
    )
    assert later.status == "suggested"
    assert Interview.objects.get().starts_at == moved, "switched off: waits for the click"


def test_an_update_with_the_same_sequence_but_another_time_is_an_update_too(alice):
    start = next_week()
    first = take_in(
        alice, email_bytes(subject="Invitation", body=".", calendar=invite_ics(start=start))
    )
    inbox_confirm(message=first)
    moved = start + timedelta(hours=3)
    # The organiser's calendar did not count SEQUENCE up.
    update = take_in(
        alice,
        email_bytes(subject="Invitation", body=".", calendar=invite_ics(start=moved)),
    )
    assert update.kind == "reschedule"
    assert update.status == "applied" and update.applied_automatically
    assert Interview.objects.get().starts_at == moved
    assert Interview.objects.count() == 1


def test_a_scheduling_email_in_words_becomes_an_interview_with_its_time_and_people(alice):
    message = take_in(
        alice,
        email_bytes(
            subject="Onsite interview confirmed - Platform Engineer",
            body=(
                "Hi Alice,\n\nYour onsite interview for the Platform Engineer role at Acme "
                "Robotics is confirmed for Monday, March 8, 2027 at 9:30 AM Mountain Time "
                "(Denver office). You will meet with Priscilla Huang and Omar Haddad.\n\nBest,\n"
                "Jordan Lee\nRecruiting Coordinator, Acme Robotics"
            ),
            sent=datetime(2027, 3, 1, 16, tzinfo=UTC),
        ),
    )
    s = message.suggestion
    assert message.status == "suggested" and message.kind == "invite"
    assert (s["company"], s["role"], s["time_zone"]) == (
        "Acme Robotics",
        "Platform Engineer",
        "America/Denver",
    )
    assert s["starts_at"] == "2027-03-08T16:30:00+00:00"
    inbox_confirm(message=message)
    interview = Interview.objects.get()
    assert sorted(c.name for c in interview.interviewers.all()) == [
        "Omar Haddad",
        "Priscilla Huang",
    ]


def test_a_rejection_closes_the_application_and_plans_the_keep_in_touch_note(alice):
    interview = InterviewFactory(owner=alice, company__name="Qualtrics", role="Data Analyst")
    person = interview.interviewers.first()
    message = take_in(
        alice,
        email_bytes(
            sender="Qualtrics Recruiting <recruiting@qualtrics.example>",
            subject="Your interview at Qualtrics",
            body="Thank you for your time. Unfortunately, we have chosen to move forward with "
            "other candidates.",
        ),
    )
    assert message.kind == "rejection" and message.status == "suggested"
    assert message.application == interview.application
    inbox_confirm(message=message, changes={"keep_in_touch": [person.pk]})
    interview.application.refresh_from_db()
    assert interview.application.outcome == Outcome.REJECTED
    assert Reminder.objects.filter(kind="keep_in_touch", contact=person).count() == 1


def test_the_application_page_links_back_to_the_outcome_messages(alice, bob, client):
    interview = InterviewFactory(owner=alice, company__name="Qualtrics", role="Data Analyst")
    application = interview.application
    sender = "Qualtrics Recruiting <recruiting@qualtrics.example>"
    onward = take_in(
        alice,
        email_bytes(
            sender=sender,
            subject="Next steps at Qualtrics",
            body="Great news: we would like to move you forward to the next round.",
        ),
    )
    waiting = take_in(
        alice,
        email_bytes(
            sender=sender,
            subject="Your interview at Qualtrics",
            body="Thank you for your time. Unfortunately, we have chosen to move forward with "
            "other candidates.",
        ),
    )
    assert (onward.application, waiting.application) == (application, application)
    inbox_confirm(message=onward, changes={"kind": "next_round"})
    client.force_login(alice)
    url = application.get_absolute_url()
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    # The confirmed one links back; the one still waiting in the inbox does not, yet.
    assert onward.get_absolute_url() in page and waiting.get_absolute_url() not in page
    inbox_queries = [q for q in captured.captured_queries if "inbox_inboxmessage" in q["sql"]]
    assert len(inbox_queries) == 1, "one query for the links, however many"
    inbox_confirm(message=waiting)
    page = client.get(url).content.decode()
    assert onward.get_absolute_url() in page and waiting.get_absolute_url() in page
    client.force_login(bob)
    assert client.get(url).status_code == 404


def test_forwarding_the_same_email_twice_changes_nothing_the_second_time(alice):
    body = (
        "FYI\n\n---------- Forwarded message ---------\nFrom: Qualtrics Recruiting "
        "<recruiting@qualtrics.example>\nDate: Thu, Mar 14, 2019 at 10:21 AM\nSubject: Your "
        "interview at Qualtrics\nTo: <alice@example.com>\n\nUnfortunately, we have chosen to "
        "move forward with other candidates.\n"
    )
    first = take_in(
        alice, email_bytes(sender="alice@example.com", subject="Fwd: Your interview", body=body)
    )
    second = take_in(
        alice, email_bytes(sender="alice@example.com", subject="Fwd: Your interview", body=body)
    )
    assert first.kind == "rejection"
    assert second.status == "duplicate"


# --- Pages -------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_inbox_page_pages_its_lists_with_a_pinned_query_count(alice_client, alice, settings):
    settings.INBOX_MESSAGES_PER_SENDER_PER_HOUR = 100
    taken = [
        take_in(
            alice,
            email_bytes(
                subject=f"Your interview at Qualtrics {n}",
                body="Unfortunately we will not be moving forward with your application.",
                message_id=f"<page-{n}@qualtrics.example>",
            ),
        )
        for n in range(24)
    ]
    InboxMessage.objects.filter(pk__in=[m.pk for m in taken[:4]]).update(
        status="applied", result="Closed the application"
    )
    url = reverse("inbox:inbox")
    for query, shown, older in [
        ("", range(23, 13, -1), True),  # the newest 10 waiting
        ("?page=2", range(13, 3, -1), False),
        ("?show=done", range(3, -1, -1), False),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = alice_client.get(url + query)
        assert response.status_code == 200
        html = response.content.decode()
        # Session, user, the address, one page of one list: however many messages.
        assert len(queries) == 4, [q["sql"] for q in queries]
        for n in range(24):
            assert bool(re.search(rf"Qualtrics {n}\b", html)) == (n in shown), (query, n)
        assert (">Older<" in html) == older
    # Each row's own buttons, and what a done one changed.
    assert f'action="/inbox/{taken[-1].pk}/dismiss/"' in alice_client.get(url).content.decode()
    assert "Closed the application" in html
    # Not a page number: the first page.
    assert alice_client.get(url + "?page=x").status_code == 200


def test_a_message_page_shows_text_only_never_the_html(alice_client, alice):
    message = take_in(
        alice,
        email_bytes(
            subject="Video interview invitation - Data Analyst",
            body="",
            html=(
                "<p>Hi</p><script>alert(1)</script><img src='https://track.example/p.gif'>"
                '<a href="javascript:alert(document.cookie)">Confirm</a>'
                "<a href='https://meet.example/j/1'>https://meet.example/j/1</a>"
            ),
        ),
    )
    html = alice_client.get(reverse("inbox:message", args=[message.pk])).content.decode()
    assert "<script>alert(1)" not in html and "track.example" not in html
    assert 'href="javascript:' not in html and "javascript:alert" not in html
    assert "https://meet.example/j/1" in html  # as text


def test_an_upload_is_taken_in_and_read(alice_client, alice, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    raw = email_bytes(
        subject="Your interview at Qualtrics", body="Unfortunately, we will not be moving forward."
    )
    response = alice_client.post(
        reverse("inbox:inbox"), {"file": SimpleUploadedFile("mail.eml", raw)}
    )
    assert response.status_code == 302
    message = InboxMessage.objects.get()
    assert message.via == "upload" and message.status == "queued"


def test_the_settings_page_shows_the_forwarding_address(alice_client, alice):
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    address = email_address(alice.inbox_address)
    assert address in html and "How to forward" in html
    # Replacing it asks the person to prove it is them first, then replaces it.
    asked = alice_client.post(reverse("inbox:address_replace"))
    alice.inbox_address.refresh_from_db()
    assert email_address(alice.inbox_address) == address
    alice_client.post(asked["Location"], {"password": PASSWORD})
    alice.inbox_address.refresh_from_db()
    assert email_address(alice.inbox_address) != address


def test_an_outlook_msg_file_is_refused_with_what_to_do_instead(alice_client, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    saved = (Path(__file__).parent / "data" / "outlook" / "simple-reply-with-cc.msg").read_bytes()
    # Refused by what it is, whatever it is called.
    for name in ("simple reply with CC.msg", "renamed.eml"):
        response = alice_client.post(
            reverse("inbox:inbox"), {"file": SimpleUploadedFile(name, saved)}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Outlook .msg file" in html and "save it as .eml" in html
    assert not InboxMessage.objects.exists()
