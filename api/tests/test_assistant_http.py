"""The assistant (MCP) server over streamable HTTP: `manage.py mcp_server --transport http`
started in a real subprocess on a port, driven by the MCP SDK's own client."""

import os
import socket
import subprocess
import sys
import time

import anyio
import pytest
from django.conf import settings
from mcp import Client, types

from api.services import token_create
from api.tests.test_assistant_server import database_url
from interviews.models import Interview
from tests.factories import InterviewFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PORT = 8181


@pytest.fixture
def http_server(alice):
    token = token_create(owner=alice, name="assistant", scope="write")[1]
    process = subprocess.Popen(
        [sys.executable, "manage.py", "mcp_server", "--transport", "http", "--port", str(PORT)],
        cwd=str(settings.BASE_DIR),
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "AFTERVIEW_API_TOKEN": token,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "the server did not start listening"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{PORT}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_list_read_and_a_confirmed_write_over_http(alice, bob, http_server):
    InterviewFactory(owner=alice, role="Data engineer")
    InterviewFactory(owner=bob, role="Bob's secret role")
    asked: list[str] = []

    async def answer_yes(context, params):
        asked.append(params.message)
        return types.ElicitResult(action="accept", content={"confirm": True})

    async def session():
        async with Client(
            http_server, read_timeout_seconds=60, elicitation_callback=answer_yes
        ) as client:
            tools = {tool.name for tool in (await client.list_tools()).tools}
            listed = await client.call_tool("list_interviews", {})
            logged = await client.call_tool(
                "log_interview",
                {
                    "company_name": "Acme",
                    "role": "Analytics lead",
                    "starts_at": "2026-03-02T10:00:00+01:00",
                    "interviewer_names": ["Priya Raman", "Tom Okafor"],
                },
            )
            return tools, listed, logged

    tools, listed, logged = anyio.run(session)
    assert {"list_interviews", "get_interview", "log_interview", "add_hook"} <= tools
    text = listed.content[0].text
    assert "Data engineer" in text and "Bob's secret role" not in text
    assert not logged.is_error, logged.content
    assert asked == [
        "Log an interview for Analytics lead at Acme on 2026-03-02T10:00:00+01:00 "
        "with Priya Raman, Tom Okafor?"
    ]
    logged_row = Interview.objects.get(owner=alice, role="Analytics lead")
    assert sorted(c.name for c in logged_row.interviewers.all()) == ["Priya Raman", "Tom Okafor"]
