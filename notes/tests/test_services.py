import pytest

from notes.models import ThankYouNote
from notes.services import note_set_status, notes_start_for_interview
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(alice):
    people = [ContactFactory(owner=alice, name=n) for n in ("Grace Hopper", "Alan Turing")]
    return InterviewFactory(owner=alice, interviewers=people)


def test_one_addressed_draft_per_interviewer_and_never_two(panel, alice):
    alice.signature = "Alice E."
    alice.save()
    notes = notes_start_for_interview(interview=panel)
    again = notes_start_for_interview(interview=panel)

    assert [n.pk for n in notes] == [n.pk for n in again]
    assert sorted(n.salutation for n in notes) == ["Dear Alan,", "Dear Grace,"]
    assert all(n.status == "draft" and n.signature == "Alice E." and n.body for n in notes)


def test_interview_is_done_only_when_every_interviewer_has_a_sent_note(panel):
    first, second = notes_start_for_interview(interview=panel)

    note_set_status(note=first, status="sent", sent_on=panel.starts_at.date(), sent_how="email")
    panel.refresh_from_db()
    assert panel.notes_done_at is None

    note_set_status(note=second, status="ready")
    note_set_status(note=second, status="sent", sent_on=panel.starts_at.date(), sent_how="mailed")
    panel.refresh_from_db()
    assert panel.notes_done_at is not None

    note_set_status(note=second, status="draft")
    panel.refresh_from_db()
    assert panel.notes_done_at is None
    second.refresh_from_db()
    assert second.sent_on is None and second.sent_how == ""


def test_a_new_interviewer_without_a_note_reopens_the_interview(panel, alice):
    for note in notes_start_for_interview(interview=panel):
        note_set_status(note=note, status="sent", sent_on=panel.starts_at.date())
    panel.refresh_from_db()
    assert panel.notes_done_at is not None

    panel.interviewers.add(ContactFactory(owner=alice, name="Ada Lovelace"))
    notes_start_for_interview(interview=panel)
    panel.refresh_from_db()
    assert panel.notes_done_at is None
    assert ThankYouNote.objects.filter(interview=panel).count() == 3


def test_sent_needs_a_date(panel):
    note = notes_start_for_interview(interview=panel)[0]
    with pytest.raises(ValueError):
        note_set_status(note=note, status="sent")


def test_a_very_long_name_starts_a_draft_that_fits_its_fields(alice):
    """The longest name and full name a person can save still start a draft; on PostgreSQL
    an over-long greeting or signature would be a database error, not a note."""
    alice.full_name = "Alexandria " * 13 + "Ex"
    alice.signature = ""
    alice.save()
    longest = ContactFactory(owner=alice, name="Name" * 37)
    interview = InterviewFactory(owner=alice, interviewers=[longest])

    (note,) = notes_start_for_interview(interview=interview)

    note.full_clean()
    assert note.salutation.startswith("Dear NameName")
    assert note.salutation.endswith("…")
    assert note.signature.startswith("Alexandria")
