"""Hostile names in what leaves the page: reminder emails (one-line subjects, no injected
headers, HTML that shows the text), the note's mailto: link and PDF file names."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse

from notes.services import notes_start_for_interview
from notes.views import _mailto
from reminders.emails import reminder_message
from reminders.models import Reminder
from tests.factories import ContactFactory, InterviewFactory, ReminderFactory

pytestmark = pytest.mark.django_db

INJECTION = "Acme\r\nBcc: victim@attacker.example\r\n\r\n<b>x</b>\u2028X-Evil: 1\x85"
MARKUP = '<script>alert(1)</script><a href="https://attacker.example">click</a>'


@pytest.mark.parametrize("kind", Reminder.Kind.values)
def test_hostile_names_cannot_add_headers_or_markup(alice, kind):
    interview = InterviewFactory(
        owner=alice,
        company__name=INJECTION,
        role=f"Engineer\nReply-To: attacker@attacker.example {MARKUP}",
        interviewers=[
            ContactFactory(owner=alice, name=f"Grace\r\nCc: x@attacker.example{MARKUP}")
        ],
    )
    reminder = ReminderFactory(owner=alice, interview=interview, kind=kind)

    message = reminder_message(reminder)
    raw = message.message()  # refuses to build if a header still held a line break

    assert "\n" not in message.subject and "\r" not in message.subject
    assert "\u2028" not in message.subject and "\x85" not in message.subject
    for header in ("Bcc", "Cc", "Reply-To", "X-Evil"):
        assert raw[header] is None, header
    assert message.to == [alice.email]
    assert message.bcc == message.cc == []
    html = message.alternatives[0][0]
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert 'href="https://attacker.example"' not in html


def test_mailto_link_and_pdf_filename_carry_hostile_text_inertly(alice_client, alice):
    contact = ContactFactory(
        owner=alice,
        name='Evil"; filename="run.exe',
        email="boss?cc=spy@attacker.example",
    )
    interview = InterviewFactory(
        owner=alice, role="Engineer&bcc=spy@attacker.example", interviewers=[contact]
    )
    note = notes_start_for_interview(interview=interview)[0]

    link = urlsplit(_mailto(note))
    assert unquote(link.path) == "boss?cc=spy@attacker.example"
    assert set(parse_qs(link.query)) == {"subject", "body"}
    assert "spy@attacker.example" in parse_qs(link.query)["subject"][0]

    response = alice_client.get(
        reverse("notes:card_pdf", kwargs={"note_pk": note.pk}), {"download": "1"}
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="thank-you-evil-filenamerunexe-card.pdf"'
    )
