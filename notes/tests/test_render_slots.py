"""PDF renders are bounded for the whole machine, whoever asks: every render in every web
process takes one of NOTES_PDF_RENDERS_AT_ONCE slots, waits briefly for one, and is told to
try again (503) past that, so pages are never starved by other people's renders."""

import threading
import time

import pytest
from django.urls import reverse

from notes import pdf
from notes.pdf.slots import render_slot
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_slot(settings, tmp_path):
    settings.NOTES_PDF_RENDERS_AT_ONCE = 1
    settings.NOTES_PDF_SLOTS_DIR = str(tmp_path / "slots")
    pdf.worker._worker.render("<p>.</p>", want_pdf=False, timeout=60)  # started and ready


class Holder(threading.Thread):
    """Holds a render slot (as a render in another web process would) until released."""

    def __init__(self, *, waiting_too: bool = False):
        super().__init__(daemon=True)
        self.taken, self.done = threading.Event(), threading.Event()
        self.waiting_too = waiting_too

    def run(self):
        with render_slot(wait=0):
            if self.waiting_too:  # and the one place in the waiting room
                from notes.pdf import slots

                place = slots._take_one(slots.slots_dir(), "waiting", 1)
                assert place is not None
            self.taken.set()
            self.done.wait(30)

    def __enter__(self):
        self.start()
        assert self.taken.wait(10)
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.join(10)


@pytest.mark.slow
def test_a_render_waits_briefly_for_a_slot_then_is_told_to_try_again():
    with Holder():
        started = time.perf_counter()
        with pytest.raises(pdf.PdfBusy, match="Many PDFs are being made"):
            pdf.render_pdf("<p>.</p>")
        waited = time.perf_counter() - started
    assert 1.5 < waited < 5  # TURN_WAIT_SECONDS, not the render's 20 s time limit
    assert pdf.render_pdf("<p>.</p>").pdf.startswith(b"%PDF")  # the slot is free again


def test_a_render_takes_the_slot_as_soon_as_it_is_free():
    holder = Holder().__enter__()
    threading.Timer(0.3, holder.__exit__, args=(None, None, None)).start()

    assert pdf.render_pdf("<p>.</p>").pdf.startswith(b"%PDF")


def test_with_the_waiting_room_full_too_a_render_is_refused_at_once():
    with Holder(waiting_too=True):
        started = time.perf_counter()
        with pytest.raises(pdf.PdfBusy):
            pdf.measure("<p>.</p>", timeout=5)
        assert time.perf_counter() - started < 1.0


@pytest.mark.slow
def test_another_persons_renders_never_starve_bobs_pages(client, alice, bob):
    grace = ContactFactory(owner=bob, name="Grace Hopper")
    note = ThankYouNoteFactory(
        interview=InterviewFactory(owner=bob, interviewers=[grace]), recipient=grace
    )
    client.force_login(bob)

    with Holder():  # alice's render, in another web process
        response = client.get(reverse("notes:envelope_pdf", kwargs={"note_pk": note.pk}))
        assert response.status_code == 503 and response["Retry-After"]
        assert "Many PDFs are being made" in response.content.decode()
        # Nothing about the note was remembered: and bob's pages are served meanwhile.
        assert client.get(reverse("interviews:dashboard")).status_code == 200

    again = client.get(reverse("notes:envelope_pdf", kwargs={"note_pk": note.pk}))
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
