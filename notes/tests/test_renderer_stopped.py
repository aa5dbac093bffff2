"""A renderer that dies is a temporary failure, never the note's: the person is told to try
again (503 with Retry-After), nothing is remembered, and the next try prints. Stopping the
web server's process group (Ctrl-C, a service manager) does not kill a render under way."""

import os
import signal
import threading
import time

import pytest
from django.urls import reverse

from notes import pdf
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _kill_later(process, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, os.kill, args=(process.pid, signal.SIGKILL))
    timer.start()
    return timer


def test_a_renderer_that_dies_while_starting_is_a_temporary_failure():
    worker = pdf.RenderWorker()
    worker._start()
    timer = _kill_later(worker._process, 0.3)
    try:
        with pytest.raises(pdf.PdfRendererStopped) as raised:
            worker.render("<p>.</p>", want_pdf=False, timeout=10)
        assert isinstance(raised.value, pdf.PdfBusy)  # never remembered, answered with 503
        assert "try again" in str(raised.value)
        # The next render starts a new renderer.
        assert worker.render("<p>.</p>", want_pdf=False, timeout=60).pages == 1
    finally:
        timer.cancel()
        worker.stop()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_renderer_outlives_a_signal_to_its_web_servers_process_group(stop):
    worker = pdf.RenderWorker()
    try:
        assert worker.render("<p>.</p>", want_pdf=False, timeout=60).pages == 1
        process = worker._process
        assert process is not None
        os.kill(process.pid, stop)
        time.sleep(0.3)

        assert process.is_alive()
        assert worker.render("<p>.</p>", want_pdf=True, timeout=20).pdf.startswith(b"%PDF")
        assert worker._process is process
    finally:
        worker.stop()


def test_a_render_whose_renderer_dies_answers_503_and_is_not_remembered(alice_client, alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper", postal_address="1 Main St")
    note = ThankYouNoteFactory(
        interview=InterviewFactory(owner=alice, interviewers=[grace]), recipient=grace
    )
    url = reverse("notes:envelope_pdf", kwargs={"note_pk": note.pk})
    renderer = pdf.worker._worker
    renderer.render("<p>.</p>", want_pdf=False, timeout=60)  # started and ready
    assert renderer._process is not None
    # Frozen, then killed once the request is waiting for its envelope (it holds the
    # renderer's lock from just before it sends the job until the answer).
    process = renderer._process
    os.kill(process.pid, signal.SIGSTOP)

    def kill_while_waiting():
        deadline = time.monotonic() + 60
        while not renderer._lock.locked() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        os.kill(process.pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_while_waiting, daemon=True)
    killer.start()
    response = alice_client.get(url)
    killer.join(10)

    assert response.status_code == 503 and response["Retry-After"]
    assert "stopped unexpectedly" in response.content.decode()

    renderer.render("<p>.</p>", want_pdf=False, timeout=60)  # the renderer is back
    again = alice_client.get(url)
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
