"""The optional writing assistant, against a small local HTTP server standing in for an
OpenAI-compatible endpoint (real HTTP; nothing of ours is mocked)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from interviews.services import listening_hooks_set
from notes.models import ThankYouNote
from notes.services import notes_start_for_interview
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

WORDING = "It was good to hear how the hybrid week works, two days together in the office."


class Endpoint(ThreadingHTTPServer):
    """Answers POST /v1/chat/completions like an OpenAI-compatible server; remembers what
    it was sent. ``delay`` makes it slow, ``answer`` replaces the reply."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[dict] = []
        self.delay = 0.0
        self.answer: object = {"choices": [{"message": {"role": "assistant", "content": WORDING}}]}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class Handler(BaseHTTPRequestHandler):
    server: Endpoint

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.server.received.append(
            {"path": self.path, "body": json.loads(self.rfile.read(length))}
        )
        time.sleep(self.server.delay)
        data = json.dumps(self.server.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint(settings):
    server = Endpoint()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTES_ASSISTANT_URL = server.url
    settings.NOTES_ASSISTANT_MODEL = "tiny"
    settings.NOTES_ASSISTANT_TIMEOUT_SECONDS = 1.0
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def note(alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(owner=alice, interviewers=[ada, grace], learned="Hybrid team.")
    listening_hooks_set(
        interview=interview, contact=ada, texts=["hybrid: 2 days a week in office"]
    )
    listening_hooks_set(interview=interview, contact=grace, texts=["a secret of Grace's"])
    notes = {n.recipient.name: n for n in notes_start_for_interview(interview=interview)}
    return notes["Ada Lovelace"]


def post(client, note, **fields):
    data = {
        "salutation": note.salutation,
        "body": note.body,
        "closing": note.closing,
        "signature": note.signature,
        "card_format": note.card_format,
        "typeface": note.typeface,
        **fields,
    }
    return client.post(reverse("notes:compose", kwargs={"note_pk": note.pk}), data)


@pytest.mark.slow
def test_off_by_default_it_is_not_offered(alice_client, note, settings):
    settings.NOTES_ASSISTANT_URL = ""
    html = alice_client.get(note.get_absolute_url()).content.decode()
    assert "Suggest wording" not in html
    settings_page = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "nothing you write is sent anywhere else" in settings_page


@pytest.mark.slow
def test_a_gap_gets_a_suggestion_to_accept_or_edit(alice_client, note, endpoint):
    html = alice_client.get(note.get_absolute_url()).content.decode()
    assert "Suggest wording" in html

    shown = post(alice_client, note, suggest="paragraph", suggest_paragraph="0")
    assert shown.status_code == 200
    assert WORDING in shown.content.decode()
    note.refresh_from_db()
    assert "[Write one sentence to Ada" in note.body and not note.assisted  # nothing yet

    (sent,) = endpoint.received
    assert sent["path"] == "/v1/chat/completions" and sent["body"]["model"] == "tiny"
    content = json.dumps(sent["body"])
    assert "hybrid: 2 days a week in office" in content  # this note's jottings and draft
    assert "secret of Grace" not in content  # never another interviewer's

    gap = "[Write one sentence to Ada about: “hybrid: 2 days a week in office”]"
    edited = WORDING.replace("good", "great")
    post(
        alice_client,
        note,
        accept_suggestion="1",
        suggestion_target=gap,
        suggestion_wording=edited,
    )
    note.refresh_from_db()
    assert edited in note.body and gap not in note.body
    assert note.assisted


@pytest.mark.slow
def test_a_timeout_changes_nothing(alice_client, note, endpoint):
    endpoint.delay = 2.0
    before = note.body
    response = post(alice_client, note, suggest="paragraph", suggest_paragraph="0")
    assert response.status_code == 302
    page = alice_client.get(response["Location"]).content.decode()
    assert "did not answer just now" in page
    note.refresh_from_db()
    assert note.body == before and not note.assisted


@pytest.mark.slow
def test_an_outage_or_a_strange_answer_changes_nothing(alice_client, note, endpoint, settings):
    endpoint.answer = {"unexpected": True}
    assert post(alice_client, note, suggest="paragraph", suggest_paragraph="0").status_code == 302
    settings.NOTES_ASSISTANT_URL = "http://127.0.0.1:9/v1"  # nothing listens there
    assert post(alice_client, note, suggest="paragraph", suggest_paragraph="0").status_code == 302
    note.refresh_from_db()
    assert "[Write one sentence to Ada" in note.body and not note.assisted
    assert ThankYouNote.objects.filter(assisted=True).count() == 0


@pytest.mark.slow
def test_the_settings_page_says_what_is_sent_where(alice_client, endpoint):
    page = alice_client.get(reverse("accounts:profile")).content.decode()
    assert endpoint.url + "/chat/completions" in page
    assert "that note's jottings" in page
