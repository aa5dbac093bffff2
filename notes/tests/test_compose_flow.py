"""Composing for a panel: drafts that fit, a panel check, and no card that runs over."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from interviews.services import listening_hooks_set
from notes import documents
from notes.models import ThankYouNote
from notes.services import notes_start_for_interview
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

HOOKS = {
    "Ada Lovelace": [
        "Ada cares a lot about written design docs",
        "her team is moving off a nightly Airflow DAG to Kafka + Flink",
        "asked how I would test a streaming pipeline end to end",
    ],
    "李小龙": ["asked how I handle on-call", "the plan to open an office in Taipei"],
    "نور الهدى": ["puts a lot of weight on mentoring juniors", "said the team ships weekly"],
}


@pytest.fixture
def panel_notes(alice):
    people = [ContactFactory(owner=alice, name=name) for name in HOOKS]
    interview = InterviewFactory(
        owner=alice,
        interviewers=people,
        company__name="Acme Robotics",
        role="Senior Platform Engineer",
        learned=(
            "The team is rebuilding its data platform around streaming; the manager values "
            "written design docs; they hire for curiosity over credentials."
        ),
        intent=(
            "Show how I led the billing migration across three teams\n"
            "My experience running Kafka in production\nAsk about on-call"
        ),
    )
    for person in people:
        listening_hooks_set(interview=interview, contact=person, texts=HOOKS[person.name])
    return {note.recipient.name: note for note in notes_start_for_interview(interview=interview)}


def compose_url(note):
    return reverse("notes:compose", kwargs={"note_pk": note.pk})


@pytest.mark.slow
def test_the_starting_drafts_fit_the_default_card(panel_notes):
    for note in panel_notes.values():
        fit = documents.note_fit(note)
        assert fit.fits and fit.pages == 1, (note.recipient.name, fit.message)
        assert note.card_format == ThankYouNote._meta.get_field("card_format").default


@pytest.mark.slow
def test_the_greeting_uses_the_greet_as_name(panel_notes):
    assert {name: note.salutation for name, note in panel_notes.items()} == {
        "Ada Lovelace": "Dear Ada,",
        "李小龙": "Dear 李小龙,",
        "نور الهدى": "Dear نور الهدى,",
    }


def test_a_draft_too_long_for_its_card_is_shortened_until_it_fits(alice):
    long = "a rather long listening hook that goes on about the {} for quite a few words indeed"
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    interview = InterviewFactory(
        owner=alice,
        interviewers=[ada],
        role="Principal Distributed Systems Reliability Engineer for Streaming Data Platforms",
        intent="Show " + "how I led a very long and complicated migration " * 4,
    )
    listening_hooks_set(
        interview=interview, contact=ada, texts=[long.format(x) for x in ("docs", "teams", "ops")]
    )
    (note,) = notes_start_for_interview(interview=interview)
    assert documents.note_fit(note).fits
    assert "docs" in note.body  # the first thing they said stays


@pytest.mark.slow
def test_the_compose_page_shows_starters_and_material_beside(alice_client, panel_notes):
    note = panel_notes["Ada Lovelace"]
    html = alice_client.get(compose_url(note)).content.decode()

    assert "I especially enjoyed hearing about …" in html
    assert "What Ada said" in html
    assert "Ada cares a lot about written design docs" in html  # as material, beside


@pytest.mark.slow
def test_a_starter_is_added_without_scripts_and_flagged_until_finished(alice_client, panel_notes):
    note = panel_notes["李小龙"]
    data = form_data(note, add_starter="learned:0")
    alice_client.post(compose_url(note), data)
    note.refresh_from_db()
    assert note.body.endswith("I especially enjoyed hearing about …")
    html = alice_client.get(compose_url(note)).content.decode()
    assert "Finish this sentence" in html


def form_data(note, **overrides):
    data = {
        "salutation": note.salutation,
        "body": note.body,
        "closing": note.closing,
        "signature": note.signature,
        "card_format": note.card_format,
        "typeface": note.typeface,
    }
    data.update(overrides)
    return data


@pytest.mark.slow
def test_the_panel_check_names_the_note_a_pasted_sentence_comes_from(alice_client, panel_notes):
    ada, li = panel_notes["Ada Lovelace"], panel_notes["李小龙"]
    assert "Also in another note" not in alice_client.get(compose_url(ada)).content.decode()

    pasted = li.body.split("\n\n")[1]
    alice_client.post(compose_url(ada), form_data(ada, body=ada.body + "\n\n" + pasted))

    html = alice_client.get(compose_url(ada)).content.decode()
    assert "Also in another note of this panel" in html
    assert "word for word in your note to 李小龙" in html
    # …and the live check says so while typing.
    fit = alice_client.post(
        reverse("notes:fit", kwargs={"note_pk": ada.pk}),
        form_data(ada, body=ada.body + "\n\n" + pasted.replace(".", "!")),
    ).json()
    assert {r["recipient"] for r in fit["repeats"]} == {"李小龙"}


LONG_BODY = "\n\n".join(["A paragraph of thanks that goes on for a while, again and again."] * 9)


@pytest.fixture
def overflowing(alice_client, panel_notes):
    note = panel_notes["Ada Lovelace"]
    alice_client.post(compose_url(note), form_data(note, body=LONG_BODY))
    note.refresh_from_db()
    fit = documents.note_fit(note)
    assert not fit.fits and fit.suggestion
    return note, fit


@pytest.mark.slow
def test_an_overflowing_note_is_not_marked_ready(alice_client, overflowing):
    note, fit = overflowing
    response = alice_client.post(
        reverse("notes:status", kwargs={"note_pk": note.pk}), {"status": "ready"}
    )

    assert response.status_code == 409
    note.refresh_from_db()
    assert note.status == ThankYouNote.Status.DRAFT
    html = response.content.decode()
    assert "Not marked ready" in html
    assert f"Switch to the {fit.suggestion_label} and mark ready" in html

    # One click: the next size that fits, and ready.
    alice_client.post(
        reverse("notes:switch_format", kwargs={"note_pk": note.pk}),
        {"card_format": fit.suggestion, "then": "ready"},
    )
    note.refresh_from_db()
    assert (note.card_format, note.status) == (fit.suggestion, ThankYouNote.Status.READY)


@pytest.mark.slow
def test_an_overflowing_card_is_not_downloaded(alice_client, overflowing):
    note, fit = overflowing
    url = reverse("notes:card_pdf", kwargs={"note_pk": note.pk})

    response = alice_client.get(url + "?download=1")

    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "runs over its card" in html
    assert f"Switch to the {fit.suggestion_label} and download" in html

    switched = alice_client.post(
        reverse("notes:switch_format", kwargs={"note_pk": note.pk}),
        {"card_format": fit.suggestion, "then": "download"},
    )
    assert switched.status_code == 302
    card = alice_client.get(switched["Location"])
    assert card.status_code == 200
    assert len(PdfReader(io.BytesIO(card.content)).pages) == 1


@pytest.mark.slow
def test_switching_format_from_the_compose_page_keeps_what_was_typed(alice_client, overflowing):
    note, fit = overflowing
    html = alice_client.get(compose_url(note)).content.decode()
    assert 'name="switch_format"' in html and f'value="{fit.suggestion}"' in html

    typed = LONG_BODY + "\n\nOne more line typed before switching."
    alice_client.post(compose_url(note), form_data(note, body=typed, switch_format=fit.suggestion))
    note.refresh_from_db()
    assert note.card_format == fit.suggestion and note.body == typed


def test_switch_format_refuses_an_unknown_size(alice_client, panel_notes):
    note = panel_notes["Ada Lovelace"]
    alice_client.post(
        reverse("notes:switch_format", kwargs={"note_pk": note.pk}), {"card_format": "poster"}
    )
    note.refresh_from_db()
    assert note.card_format == "folded_a2"
