"""Every field that reaches a PDF is bounded in length and lines: by the form (with a clear
error that keeps what was typed), by the model, and by the database where it is cheap."""

import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

from accounts.models import ADDRESS_MAX_CHARS, ADDRESS_MAX_LINES, User
from common.limits import LONG_TEXT_MAX_CHARS
from interviews.models import Contact, ListeningHook
from notes.models import BODY_MAX_LINES, ThankYouNote
from reviews.models import PLAN_MAX_ITEMS
from reviews.services import plan_item_add
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory
from tests.html_forms import form_data
from tests.world import build_world

OUR_APPS = {"accounts", "interviews", "notes", "reviews", "reminders", "inbox"}

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


@pytest.mark.slow
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


@pytest.mark.slow
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


# Every text field a person types into: bounded in the form (a 2 MB paste is refused with
# the message and comes back whole), in the model and in the database.

TWO_MB_PASTE = "x" * (2 * 1024 * 1024 - 20) + " END-OF-THE-PASTE"


def _interview_page(alice):
    return reverse("interviews:create")


def _contact_page(alice):
    contact = ContactFactory(owner=alice)
    return reverse("interviews:contact_edit", kwargs={"contact_pk": contact.pk})


def _review_page(alice):
    interview = InterviewFactory(owner=alice)
    return reverse("reviews:edit", kwargs={"interview_pk": interview.pk})


def _plan_page(alice):
    interview = InterviewFactory(owner=alice)
    return reverse("reviews:plan", kwargs={"interview_pk": interview.pk})


def _story_page(alice):
    return reverse("reviews:story_create")


def _note_page(alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    note = ThankYouNoteFactory(interview=InterviewFactory(owner=alice, interviewers=[grace]))
    return reverse("notes:compose", kwargs={"note_pk": note.pk})


def _profile_page(alice):
    return reverse("accounts:profile")


# What a page needs besides the pasted field to be saved; the rest comes from the page.
NEEDS = {
    _interview_page: {"company_name": "Acme", "role": "Engineer", "starts_at": "2026-03-02T10:00"},
    _story_page: {"title": "The volunteer fair"},
}

LONG_FIELDS = [
    (_interview_page, "learned"),
    (_contact_page, "notes"),
    (_review_page, "what_happened"),
    (_review_page, "went_well"),
    (_review_page, "struggles"),
    (_review_page, "strategy"),
    (_review_page, "overlooked_experience"),
    (_review_page, "culture_notes"),
    (_review_page, "deal_breakers"),
    (_review_page, "takeaways"),
    (_review_page, "questions-0-text"),
    (_review_page, "questions-0-next_time"),
    (_plan_page, "text"),
    (_story_page, "situation"),
    (_story_page, "task"),
    (_story_page, "action"),
    (_story_page, "result"),
    (_note_page, "body"),
    (_profile_page, "return_address"),
]


def _stored_anywhere(marker: str) -> list[str]:
    """Every text column of ours that holds ``marker``."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            is_text = isinstance(field, models.CharField | models.TextField)
            if is_text and model._default_manager.filter(**{f"{field.name}__contains": marker}):
                found.append(f"{model._meta.label}.{field.name}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "field"), LONG_FIELDS, ids=[f"{p.__name__[1:-5]}-{f}" for p, f in LONG_FIELDS]
)
def test_a_2_mb_paste_is_refused_with_the_message_and_kept(alice_client, alice, page, field):
    url = page(alice)
    data = {**form_data(alice_client.get(url).content.decode()), **NEEDS.get(page, {})}
    data[field] = TWO_MB_PASTE

    response = alice_client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"at most [\d,]+ characters|Keep an item to \d+ characters", html), (
        "no message saying what the limit is"
    )
    assert "END-OF-THE-PASTE" in html, "what was typed is not on the page again"
    assert _stored_anywhere("END-OF-THE-PASTE") == []


# Text a person does not type, or picks from a list a validator checks.
NOT_TYPED = {
    "accounts.User.password": "a hash",
    "accounts.User.time_zone": "picked from the zones we know (validate_time_zone)",
    "accounts.User.locale": "picked from the locales we know (validate_locale)",
    "reminders.Reminder.last_error": "written by the sweep, never typed",
    "reminders.Heartbeat.name": "our own names",
    "inbox.InboxMessage.provider": "our own names of the mail providers",
    "inbox.InboxMessage.message_id": "read from the mail's header, cut to 255 by the receiver",
    "inbox.InboxMessage.original_key": "a SHA-256 digest",
    "inbox.InboxMessage.envelope_sender": "read from the SMTP envelope, cut to 254",
    "inbox.InboxMessage.sender_domain": "read from the sender's address, cut to 253",
}


def typed_text_fields():
    """(model, field) for every text column of ours that a person types into."""
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            if (
                isinstance(field, models.CharField | models.TextField)
                and field.editable
                and not field.choices
                and label not in NOT_TYPED
            ):
                yield model, field


def model_limit(field) -> int | None:
    limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    return min(limits) if limits else None


def database_limit(model, field) -> int | None:
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        if (
            isinstance(condition, LessThanOrEqual)
            and isinstance(condition.lhs, Length)
            and condition.lhs.source_expressions[0].name == field.name
        ):
            return condition.rhs
    return None


def test_every_text_field_a_person_types_into_is_bounded_in_the_model_and_the_database():
    unbounded = [
        f"{model._meta.label}.{field.name} (model: {model_limit(field)}, "
        f"database: {database_limit(model, field)})"
        for model, field in typed_text_fields()
        if model_limit(field) is None
        or database_limit(model, field) is None
        or database_limit(model, field) < model_limit(field)
    ]
    assert unbounded == []


def test_the_database_refuses_text_over_the_limit_in_every_such_field(alice):
    build_world(alice)
    for model, field in typed_text_fields():
        row = model._default_manager.order_by("pk").first()
        assert row is not None, f"build_world makes no {model._meta.label}"
        too_long = "x" * ((database_limit(model, field) or 10**6) + 1)
        with pytest.raises(DatabaseError), transaction.atomic():
            model._default_manager.filter(pk=row.pk).update(**{field.name: too_long})


def test_a_plan_holds_a_bounded_number_of_items_so_its_intent_fits(alice_client, alice):
    interview = InterviewFactory(owner=alice)
    for n in range(PLAN_MAX_ITEMS):
        plan_item_add(interview=interview, kind="point", text=f"Point {n} " + "p" * 280)
    url = reverse("reviews:plan", kwargs={"interview_pk": interview.pk})

    response = alice_client.post(url, {"kind": "point", "text": "One more point"})

    assert f"A plan holds {PLAN_MAX_ITEMS} items" in response.content.decode()
    interview.refresh_from_db()
    assert interview.plan_items.count() == PLAN_MAX_ITEMS
    assert len(interview.intent) <= LONG_TEXT_MAX_CHARS and "One more" not in interview.intent
