"""Every field that reaches a PDF is bounded in length and lines: by the form (with a clear
error that keeps what was typed), by the model, and by the database where it is cheap."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import ADDRESS_MAX_CHARS, ADDRESS_MAX_LINES, User
from interviews.models import Contact, ListeningHook
from notes.models import BODY_MAX_LINES, ThankYouNote
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = pytest.mark.django_db

TOO_MANY_LINES = "\n".join(f"Line {n}" for n in range(ADDRESS_MAX_LINES + 1))


@pytest.fixture
def note(alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    return ThankYouNoteFactory(interview=InterviewFactory(owner=alice, interviewers=[grace]))


def note_data(note, **overrides):
    data = {
        "salutation": note.salutation,
        "body": note.body,
        "closing": note.closing,
        "signature": note.signature,
        "card_format": note.card_format,
        "typeface": note.typeface,
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("salutation", "Dear\nGrace,", "Keep this on one line."),
        ("salutation", "D" * 121, "at most 120 characters"),
        ("closing", "Thanks" * 20, "at most 60 characters"),
        ("signature", "Alice\nExample", "Keep this on one line."),
        ("body", "\n".join(["Hi."] * (BODY_MAX_LINES + 1)), f"{BODY_MAX_LINES} lines or fewer"),
    ],
)
def test_note_fields_are_bounded_and_what_was_typed_stays(alice_client, note, field, value, error):
    url = reverse("notes:compose", kwargs={"note_pk": note.pk})

    response = alice_client.post(url, note_data(note, **{field: value}))

    html = response.content.decode()
    assert response.status_code == 200 and error in html
    assert value.split("\n")[0] in html  # what was typed is on the page again
    before = note.body
    note.refresh_from_db()
    assert note.body == before


def test_the_live_fit_check_names_the_limit_too(alice_client, note):
    response = alice_client.post(
        reverse("notes:fit", kwargs={"note_pk": note.pk}),
        note_data(note, salutation="Dear\nGrace,"),
    )
    assert response.status_code == 400 and "one line" in response.json()["message"]


def test_contact_address_and_name_are_bounded(alice_client, alice):
    contact = ContactFactory(owner=alice)
    url = reverse("interviews:contact_edit", kwargs={"contact_pk": contact.pk})
    data = {"name": contact.name, "greet_as": "", "title": "", "email": ""}

    too_long = alice_client.post(url, {**data, "postal_address": "x" * (ADDRESS_MAX_CHARS + 1)})
    too_tall = alice_client.post(url, {**data, "postal_address": TOO_MANY_LINES})
    two_line_name = alice_client.post(url, {**data, "name": "Grace\nHopper"})

    assert f"at most {ADDRESS_MAX_CHARS} characters" in too_long.content.decode()
    assert f"{ADDRESS_MAX_LINES} lines or fewer" in too_tall.content.decode()
    assert "Line 3" in too_tall.content.decode()
    assert "Keep this on one line." in two_line_name.content.decode()


def test_profile_return_address_and_signature_are_bounded(alice_client, alice):
    data = {
        "full_name": "Alice Example",
        "signature": "Alice",
        "time_zone": "Europe/Berlin",
        "return_address": TOO_MANY_LINES,
        "reminder_hour": "9",
    }
    response = alice_client.post(reverse("accounts:profile"), data)

    assert f"{ADDRESS_MAX_LINES} lines or fewer" in response.content.decode()
    alice.refresh_from_db()
    assert alice.return_address != TOO_MANY_LINES


def test_new_interviewers_on_the_interview_form_are_bounded(alice_client):
    response = alice_client.post(
        reverse("interviews:create"),
        {
            "company_name": "Acme",
            "role": "Engineer",
            "starts_at": "2026-03-02T10:00",
            "duration_minutes": "60",
            "format": "video",
            "outcome": "awaiting",
            "new-TOTAL_FORMS": "1",
            "new-INITIAL_FORMS": "0",
            "new-0-name": "Ada Lovelace",
            "new-0-postal_address": "x" * (ADDRESS_MAX_CHARS + 1),
        },
    )
    assert f"at most {ADDRESS_MAX_CHARS} characters" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_hook_stays_on_one_line(alice_client, alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    interview = InterviewFactory(owner=alice, interviewers=[ada])
    response = alice_client.post(
        reverse("interviews:hooks", kwargs={"interview_pk": interview.pk}),
        {f"hooks-{ada.pk}-hook_1": "design\ndocs"},
    )
    assert response.status_code == 400 and "Keep this on one line." in response.content.decode()
    assert not ListeningHook.objects.exists()


def test_the_models_refuse_what_the_forms_refuse(alice):
    alice.return_address = "x" * (ADDRESS_MAX_CHARS + 1)
    with pytest.raises(ValidationError, match="return_address"):
        alice.full_clean()
    contact = Contact(owner=alice, name="Ada\nLovelace")
    with pytest.raises(ValidationError, match="name"):
        contact.full_clean()


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (User, "return_address", "x" * (ADDRESS_MAX_CHARS + 1)),
        (Contact, "postal_address", "x" * (ADDRESS_MAX_CHARS + 1)),
        (ThankYouNote, "body", "x" * 20_001),
    ],
)
def test_the_database_refuses_unbounded_text_written_around_the_model(note, model, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**{field: value})
