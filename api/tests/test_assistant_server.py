"""The assistant (MCP) server, started as `manage.py mcp_server --transport stdio` in a
real subprocess and driven by the MCP SDK's own client over its stdin/stdout."""

import os
import sys

import anyio
import pytest
from django.conf import settings
from django.db import connection
from mcp import Client, StdioServerParameters, types

from api.services import token_create
from interviews.models import Interview, ListeningHook
from notes.models import ThankYouNote
from tests.factories import ContactFactory, InterviewFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    """The test database as a URL the server's process can open."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def server(token: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["manage.py", "mcp_server", "--transport", "stdio"],
        cwd=str(settings.BASE_DIR),
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "AFTERVIEW_API_TOKEN": token,
        },
    )


def answering(confirm: bool, asked: list):
    async def callback(context, params):
        asked.append(params.message)
        return types.ElicitResult(action="accept", content={"confirm": confirm})

    return callback


def run(coro_fn):
    return anyio.run(coro_fn)


def test_read_tools_over_stdio(alice, bob):
    mine = InterviewFactory(owner=alice, role="Data engineer")
    InterviewFactory(owner=bob, role="Bob's secret role")
    token = token_create(owner=alice, name="assistant", scope="read")[1]

    async def session():
        async with Client(server(token), read_timeout_seconds=60) as client:
            tools = {tool.name for tool in (await client.list_tools()).tools}
            listed = await client.call_tool("list_interviews", {})
            other = await client.call_tool("get_interview", {"interview_id": mine.pk + 1})
            return tools, listed, other

    tools, listed, other = run(session)
    assert {"list_interviews", "log_interview", "add_hook", "draft_notes"} <= tools
    text = listed.content[0].text
    assert "Data engineer" in text and "Bob's secret role" not in text
    assert other.is_error and "404" in other.content[0].text


def test_write_tools_ask_first_and_a_no_changes_nothing(alice):
    token = token_create(owner=alice, name="assistant", scope="write")[1]
    asked: list[str] = []

    async def session(confirm):
        async with Client(
            server(token), read_timeout_seconds=60, elicitation_callback=answering(confirm, asked)
        ) as client:
            return await client.call_tool(
                "log_interview",
                {
                    "company_name": "Acme",
                    "role": "Data engineer",
                    "starts_at": "2026-03-02T10:00:00+01:00",
                    "interviewer_names": ["Priya Raman"],
                },
            )

    declined = run(lambda: session(False))
    assert "Nothing changed" in declined.content[0].text
    assert not Interview.objects.filter(owner=alice).exists()
    accepted = run(lambda: session(True))
    assert not accepted.is_error, accepted.content
    assert "Log an interview for Data engineer at Acme" in asked[0]
    interview = Interview.objects.get(owner=alice)
    assert [c.name for c in interview.interviewers.all()] == ["Priya Raman"]


def test_add_hook_and_draft_notes(alice):
    interview = InterviewFactory(owner=alice)
    priya = ContactFactory(owner=alice, company=interview.company, name="Priya Raman")
    interview.interviewers.set([priya])
    token = token_create(owner=alice, name="assistant", scope="write")[1]
    asked: list[str] = []

    async def session():
        async with Client(
            server(token), read_timeout_seconds=60, elicitation_callback=answering(True, asked)
        ) as client:
            hook = await client.call_tool(
                "add_hook",
                {
                    "interview_id": interview.pk,
                    "contact_id": priya.pk,
                    "text": "you're moving to streaming",
                },
            )
            notes = await client.call_tool("draft_notes", {"interview_id": interview.pk})
            return hook, notes

    hook, notes = run(session)
    assert not hook.is_error and not notes.is_error, (hook.content, notes.content)
    assert ListeningHook.objects.get(interview=interview).text == "you're moving to streaming"
    assert ThankYouNote.objects.filter(interview=interview, recipient=priya).count() == 1
    assert len(asked) == 2


def test_a_read_token_cannot_write_through_the_assistant(alice):
    token = token_create(owner=alice, name="assistant", scope="read")[1]

    async def session():
        async with Client(
            server(token), read_timeout_seconds=60, elicitation_callback=answering(True, [])
        ) as client:
            return await client.call_tool(
                "log_interview",
                {"company_name": "Acme", "role": "X", "starts_at": "2026-03-02T10:00:00Z"},
            )

    result = run(session)
    assert result.is_error and "403" in result.content[0].text
    assert not Interview.objects.exists()


def test_a_client_that_cannot_ask_gets_a_confirm_token_for_that_change_only(alice):
    """No elicitation: the first call changes nothing and hands back the question and a
    token; the token confirms only the same call, once."""
    token = token_create(owner=alice, name="assistant", scope="write")[1]
    args = {"company_name": "Acme", "role": "Data engineer", "starts_at": "2026-03-02T10:00Z"}

    async def session():
        async with Client(server(token), read_timeout_seconds=60) as client:
            first = await client.call_tool("log_interview", args)
            confirm = first.content[0].text.split("confirm_token=“")[1].split("”")[0]
            other = await client.call_tool(
                "log_interview", {**args, "role": "CTO", "confirm_token": confirm}
            )
            forged = await client.call_tool(
                "log_interview", {**args, "confirm_token": confirm[:-2] + "xx"}
            )
            done = await client.call_tool("log_interview", {**args, "confirm_token": confirm})
            again = await client.call_tool("log_interview", {**args, "confirm_token": confirm})
            return first, other, forged, done, again

    first, other, forged, done, again = run(session)
    assert "Nothing changed yet" in first.content[0].text
    assert "Log an interview for Data engineer at Acme" in first.content[0].text
    for refused in (other, forged, again):  # each answered with the question again
        assert "Nothing changed yet" in refused.content[0].text, refused.content
    assert not done.is_error and "Nothing changed" not in done.content[0].text, done.content
    assert [i.role for i in Interview.objects.filter(owner=alice)] == ["Data engineer"]
