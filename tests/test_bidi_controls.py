"""A bidi override (U+202E and the other embeddings, overrides and isolates) typed into a
name or a note cannot reorder what is printed: not on a card, not on a page."""

import subprocess

import pytest
from django.urls import reverse

from common.text import BIDI_CONTROLS, strip_bidi_controls
from notes import documents
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = pytest.mark.django_db

RLO, PDF_, RLI = "\u202e", "\u202c", "\u2067"


def test_every_bidi_embedding_override_and_isolate_is_stripped():
    typed = "".join(f"a{char}" for char in BIDI_CONTROLS) + "\u200fb"
    assert strip_bidi_controls(typed) == "a" * len(BIDI_CONTROLS) + "\u200fb"  # a mark stays


def _pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_an_override_in_a_note_cannot_reverse_the_printed_card(alice):
    grace = ContactFactory(owner=alice, name=f"Grace {RLO}Hopper")
    note = ThankYouNoteFactory(
        interview=InterviewFactory(owner=alice, interviewers=[grace]),
        recipient=grace,
        salutation=f"Dear {RLI}Grace,",
        body=f"My number is {RLO}0123 456 789 and I look forward to it.",
    )

    html = documents.note_html(note, "card")
    assert not set(BIDI_CONTROLS) & set(html)
    text = _pdf_text(documents.pdf_for_html(html))

    assert "0123 456 789 and I look forward" in " ".join(text.split())
    assert "987 654" not in text


def test_an_override_in_a_name_cannot_reorder_a_page(alice_client, alice):
    grace = ContactFactory(owner=alice, name=f"Grace {RLO}reppoH{PDF_}")
    interview = InterviewFactory(owner=alice, interviewers=[grace], role=f"Platform {RLO}Engineer")

    for url in (
        interview.get_absolute_url(),
        reverse("interviews:dashboard"),
        reverse("interviews:person", kwargs={"contact_pk": grace.pk}),
    ):
        html = alice_client.get(url).content.decode()
        assert not set(BIDI_CONTROLS) & set(html), url
    assert "Platform Engineer" in html or "Grace reppoH" in html
