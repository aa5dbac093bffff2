"""A render can never stall the site: short time limits, failures remembered like successes,
one render at a time per person, and a fit check that never waits long."""

import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from notes import documents, pdf
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def note(alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(owner=alice, interviewers=[grace])
    return ThankYouNoteFactory(interview=interview, recipient=grace, body="Thank you, Grace.")


@pytest.fixture
def warm_worker():
    pdf.render_pdf("<p>.</p>")  # a started worker: what a time limit then stops is the render
    yield
    pdf.render_pdf("<p>.</p>")  # leave one started for the next test


def test_a_timed_out_render_is_remembered_and_not_run_again(note, settings, warm_worker):
    html = documents.note_html(note, "card")
    settings.NOTES_PDF_TIMEOUT_SECONDS = 0.001
    with pytest.raises(pdf.PdfTimeout, match="took longer than"):
        documents.pdf_for_html(html)
    assert pdf.worker._worker._process is None  # the overrunning render was stopped

    settings.NOTES_PDF_TIMEOUT_SECONDS = 20
    started = time.perf_counter()
    with pytest.raises(pdf.PdfTimeout, match="took longer than"):
        documents.pdf_for_html(html)
    assert time.perf_counter() - started < 0.1
    assert pdf.worker._worker._process is None  # answered from the cache: nothing rendered


def test_a_failed_card_is_answered_from_the_cache_on_the_next_view(
    alice_client, note, settings, warm_worker
):
    url = reverse("notes:card_pdf", kwargs={"note_pk": note.pk})
    settings.NOTES_PDF_TIMEOUT_SECONDS = 0.001
    assert alice_client.get(url).status_code == 422
    settings.NOTES_PDF_TIMEOUT_SECONDS = 20
    response = alice_client.get(url)
    assert response.status_code == 422 and "took longer than" in response.content.decode()

    note.body = "Thank you, Grace, for the tour."  # new content is rendered afresh
    note.save()
    assert alice_client.get(url).status_code == 200


def test_one_person_makes_one_pdf_at_a_time(alice_client, note, alice, bob):
    cache.add(f"notes:rendering:{alice.pk}", 1, 30)  # a render of alice's is under way
    response = alice_client.get(reverse("notes:card_pdf", kwargs={"note_pk": note.pk}))
    assert response.status_code == 503 and response["Retry-After"]
    assert "being made" in response.content.decode()

    grace = ContactFactory(owner=bob)
    other = ThankYouNoteFactory(
        interview=InterviewFactory(owner=bob, interviewers=[grace]), recipient=grace
    )
    bob_client = Client()
    bob_client.force_login(bob)
    url = reverse("notes:card_pdf", kwargs={"note_pk": other.pk})
    assert bob_client.get(url).status_code == 200


def test_the_fit_check_never_waits_for_a_renderer_that_is_starting(note, settings):
    settings.NOTES_FIT_TIMEOUT_SECONDS = 0.3
    pdf.worker._worker.stop()
    started = time.perf_counter()
    with pytest.raises(pdf.PdfBusy):
        documents.note_fit(note)
    assert time.perf_counter() - started < 1.0

    pdf.render_pdf("<p>.</p>")  # a PDF waits for the start; afterwards the fit is measured
    settings.NOTES_FIT_TIMEOUT_SECONDS = 5
    assert documents.note_fit(note).fits
