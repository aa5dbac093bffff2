"""The published schema as a client would take it: valid OpenAPI 3.1, and a client generated
from it by a standard generator (openapi-python-client, as a person would run it) driven
through a whole journey: log an interview with a panel, what each said, their notes, a plan,
the review, reminders done and snoozed, the card PDF, the export.

The client's httpx requests are handed, as they are, to Django's test client: the whole
stack answers them (middleware, authentication, problem details), in this process and
inside this test's transaction."""

import importlib
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from django.test import Client
from openapi_spec_validator import validate

from api.services import token_create
from interviews.models import Interview
from notes.models import ThankYouNote
from reminders.models import Reminder
from reviews.models import Review
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

PACKAGE = "afterview_client"
# The card's PDF is ``application/pdf``; the generator reads binary bodies it knows by that
# name only from this setting (its documented way), and leaves the route out without it.
GENERATOR_CONFIG = "content_type_overrides:\n  application/pdf: application/octet-stream\n"


def published_schema() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_31_with_unique_operation_ids():
    schema = published_schema()
    validate(schema)  # raises on anything that is not OpenAPI 3.1
    ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert "note_delete" in ids and "reminder_snooze" in ids
    # Each enum under its own name: the reminders' status filter lists reminder states.
    enums = {k: v["enum"] for k, v in schema["components"]["schemas"].items() if "enum" in v}
    assert enums["ReminderStatus"] == list(Reminder.Status.values)
    assert enums["NoteStatus"] == list(ThankYouNote.Status.values)
    status = next(
        p
        for p in schema["paths"]["/api/v1/reminders"]["get"]["parameters"]
        if p["name"] == "status"
    )
    assert status["schema"]["anyOf"][0]["$ref"].endswith("/ReminderStatus")


def generate_client(tmp_path: Path):
    (tmp_path / "schema.json").write_text(json.dumps(published_schema()))
    (tmp_path / "config.yml").write_text(GENERATOR_CONFIG)
    bin_dir = Path(sys.executable).parent
    done = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(tmp_path / "schema.json"),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(tmp_path / "config.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin"},  # its formatting step runs our ruff
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout, done.stdout  # every route and model generated
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    return importlib.import_module(PACKAGE)


def django_transport() -> httpx.MockTransport:
    """httpx requests answered by Django itself (headers, body and query as sent)."""
    django = Client()

    def answer(request: httpx.Request) -> httpx.Response:
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in ("host", "content-length", "content-type")
        }
        response = django.generic(
            request.method,
            request.url.raw_path.decode(),
            data=request.content,
            content_type=request.headers.get("content-type", ""),
            headers=headers,
        )
        return httpx.Response(
            response.status_code, headers=list(response.items()), content=response.content
        )

    return httpx.MockTransport(answer)


class Operations:
    """One tag's operations, each its generated module (``sync``, ``sync_detailed``…)."""

    def __init__(self, tag: str):
        self.tag = tag

    def __getattr__(self, name: str):
        return importlib.import_module(f"{PACKAGE}.api.{self.tag}.{name}")


@pytest.fixture
def generated(tmp_path):
    package = generate_client(tmp_path)
    yield package
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@pytest.mark.slow  # generates a client in a subprocess
def test_a_generated_client_runs_the_whole_journey(generated, alice, bob):
    token = token_create(owner=alice, name="generated client", scope="write")[1]
    client = generated.AuthenticatedClient(
        base_url="http://testserver",
        token=token,
        raise_on_unexpected_status=True,
        httpx_args={"transport": django_transport()},
    )
    m = importlib.import_module(f"{PACKAGE}.models")
    interviews, notes = Operations("interviews"), Operations("notes")
    reviews, reminders = Operations("reviews"), Operations("reminders")

    # Log yesterday's interview with a panel of two, safely retried.
    body = m.InterviewIn(
        company_name="Acme",
        role="Data engineer",
        starts_at=datetime.now(UTC) - timedelta(days=1),
        format_=m.InterviewFormat.VIDEO,
        new_interviewers=[
            m.NewInterviewer(name="Priya Raman", title="Head of Data"),
            m.NewInterviewer(name="Tom Okafor"),
        ],
    )
    first = interviews.interview_create.sync_detailed(
        client=client, body=body, idempotency_key="log-1"
    )
    assert first.status_code == 201
    interview = first.parsed
    again = interviews.interview_create.sync_detailed(
        client=client, body=body, idempotency_key="log-1"
    )
    assert again.parsed.id == interview.id and again.headers["Idempotent-Replayed"] == "true"
    assert Interview.objects.filter(owner=alice).count() == 1
    panel = interview.interviewer_ids
    assert len(panel) == 2

    # What each of them said.
    for contact_id, text in zip(panel, ["you're moving to streaming", "on-call"], strict=True):
        hooks = interviews.hooks_set.sync(
            interview.id,
            client=client,
            body=m.HooksIn(contact_id=contact_id, hooks=[m.HookLine(text=text)]),
        )
    assert len(hooks) == 2
    listed = interviews.interview_list.sync(
        client=client, outcome=m.InterviewOutcome.AWAITING, limit=10
    )
    assert [i.id for i in listed.items] == [interview.id]

    # A note to each, edited against the version read, one sent by hand.
    drafted = notes.notes_start.sync(interview.id, client=client)
    assert {n.recipient_id for n in drafted} == set(panel)
    note = drafted[0]
    read = notes.note_detail.sync_detailed(note.id, client=client)
    edited = notes.note_edit.sync(
        note.id, client=client, body=m.NotePatch(closing="Warmly,"), if_match=read.headers["ETag"]
    )
    assert edited.closing == "Warmly,"
    refused = notes.note_edit.sync(
        note.id, client=client, body=m.NotePatch(closing="Lost"), if_match=read.headers["ETag"]
    )
    assert isinstance(refused, m.Problem) and refused.status == 412  # read typed
    assert refused.type_.endswith("#problem-precondition-failed")
    invalid = notes.note_status.sync(
        note.id, client=client, body=m.NoteStatusIn(status=m.NoteStatus.SENT)
    )
    assert isinstance(invalid, m.Problem) and invalid.status == 422
    assert invalid.errors[0].pointer.startswith("/body/")
    pdf = notes.note_card_pdf.sync_detailed(note.id, client=client)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sent = notes.note_status.sync(
        note.id,
        client=client,
        body=m.NoteStatusIn(
            status=m.NoteStatus.SENT,
            sent_on=datetime.now(UTC).date(),
            sent_how=m.NoteSentHow.HANDWRITTEN,
        ),
    )
    assert sent.status == "sent"

    # The reminders: the review's marked done, the note's (one is still to write) snoozed.
    open_ = reminders.reminder_list.sync(client=client, status=m.ReminderStatus.SCHEDULED)
    due = {r.kind: r for r in open_.items}
    assert {"thank_you", "review"} <= set(due), [(r.kind, r.status) for r in open_.items]
    done = reminders.reminder_done.sync(due["review"].id, client=client)
    assert done.status == "done"
    snoozed = reminders.reminder_snooze.sync(due["thank_you"].id, client=client)
    assert snoozed.snoozed_until is not None and snoozed.status == "scheduled"

    # A plan, then the review that says how it went.
    item = reviews.plan_item_create.sync(
        interview.id,
        client=client,
        body=m.PlanItemIn(kind=m.PlanItemKind.POINT, text="Cut costs 30%"),
        idempotency_key="plan-1",
    )
    review = reviews.review_put.sync(
        interview.id,
        client=client,
        body=m.ReviewIn(
            what_happened="Two rounds of SQL, then the panel.",
            excitement_after=4,
            questions=[
                m.QuestionIn(
                    text="Tell me about a failure",
                    theme="Failure",
                    comfort=2,
                    next_time="Open with the outage story.",
                )
            ],
            plan_outcomes=[m.PlanOutcomeIn(plan_item_id=item.id, outcome=m.PlanItemOutcome.TOLD)],
            complete=True,
        ),
    )
    assert review.status == "completed"
    assert Review.objects.get(pk=review.id).interview_id == interview.id

    # Another person's id, as everywhere: a 404.
    other = interviews.interview_detail.sync(InterviewFactory(owner=bob).pk, client=client)
    assert isinstance(other, m.Problem) and other.status == 404

    export = Operations("export").export.sync_detailed(client=client)
    assert export.status_code == 200
    assert "Data engineer" in export.content.decode()
