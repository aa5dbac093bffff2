"""Local conventions: dates on letters in the person's locale, and the card sizes sold there."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from notes import documents, pdf
from notes.models import CardFormat
from notes.services import note_draft_for
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.slow
@pytest.mark.parametrize(
    ("locale", "card"),
    [
        ("en-US", CardFormat.FOLDED_A2),
        ("en-CA", CardFormat.FOLDED_A2),
        ("es-MX", CardFormat.FOLDED_A2),
        ("en-AU", CardFormat.A6),
        ("en-GB", CardFormat.A6),
        ("de-DE", CardFormat.A6),
    ],
)
def test_a_new_note_starts_on_the_card_sold_where_the_person_lives(locale, card):
    user = UserFactory(locale=locale)
    person = ContactFactory(owner=user)
    interview = InterviewFactory(owner=user, interviewers=[person])
    assert note_draft_for(interview=interview, recipient=person).card_format == card


@pytest.mark.slow
@time_machine.travel("2026-11-27 10:00Z", tick=False)
@pytest.mark.parametrize(
    ("locale", "date"),
    [
        ("en-US", "November 27, 2026"),
        ("en-AU", "27 November 2026"),
        ("de-DE", "27. November 2026"),
        ("ja-JP", "2026年11月27日"),
    ],
)
def test_the_letter_is_dated_as_the_persons_locale_writes_dates(locale, date):
    user = UserFactory(locale=locale, time_zone="Australia/Sydney")
    person = ContactFactory(owner=user)
    note = ThankYouNoteFactory(
        interview=InterviewFactory(owner=user, interviewers=[person]),
        recipient=person,
        card_format=CardFormat.A4,
    )
    assert documents.letter_date(user) == date
    data = pdf.render_pdf(documents.note_html(note, "card")).pdf
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "".join(date.split()) in "".join(text.split())


@time_machine.travel("2026-11-27 20:00Z", tick=False)
def test_the_date_is_today_where_the_person_lives():
    # 20:00 UTC on the 27th is already the 28th in Sydney.
    assert documents.letter_date(UserFactory(locale="en-AU", time_zone="Australia/Sydney")) == (
        "28 November 2026"
    )
