"""The assistant server: a small MCP server (the ``mcp`` SDK) over the API, for an AI
assistant acting for one person with their personal access token.

Every tool is one API request made in-process with that token (``TokenApi``): the token's
scope, the rate limit, validation, owner scoping and problem details apply exactly as they
do over HTTP; the server holds no rules of its own. Write tools ask the person first (MCP
elicitation: the client shows the question and returns their answer; a "no" changes
nothing). A client that cannot ask gets a protocol error and nothing changes, unless the
call says ``confirmed=true``, which an assistant should send only after the person said yes
in its own words.
"""

import json
from typing import Annotated, Any

from asgiref.sync import sync_to_async
from django.test import Client as WsgiClient
from mcp.server.mcpserver import Elicit, ElicitationResult, MCPServer, Resolve
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from api.services import token_authenticate

READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITE = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)


class ApiFailure(ToolError):
    """An API problem, carried back to the assistant as the tool's error."""


class TokenApi:
    """Requests to /api/v1/ through Django's own request handling, in this process."""

    def __init__(self, token: str):
        if token_authenticate(token) is None:
            raise ValueError("This token is not a live Afterview token.")
        self.client = WsgiClient(HTTP_AUTHORIZATION=f"Bearer {token}")

    def call(self, method: str, path: str, body: dict | None = None, query=None) -> Any:
        url = f"/api/v1{path}"
        if method == "get":
            response = self.client.get(url, query or {})
        else:
            response = getattr(self.client, method)(
                url, json.dumps(body or {}), content_type="application/json"
            )
        data = json.loads(response.content) if response.content else None
        if response.status_code >= 400:
            detail = (data or {}).get("detail", response.reason_phrase)
            errors = (data or {}).get("errors")
            raise ApiFailure(
                f"{response.status_code}: {detail}" + (f" {errors}" if errors else "")
            )
        return data


class Confirm(BaseModel):
    confirm: bool = Field(description="Yes, do it.")


def _asking(question: str, confirmed: bool):
    """A resolver's answer: ask the person (MCP elicitation), unless the call says they
    already agreed. A client that cannot ask gets a protocol error and nothing changes."""
    if confirmed:
        return Confirm(confirm=True)
    return Elicit(question, Confirm)


def _agreed(answer: Any) -> bool:
    while hasattr(answer, "action"):  # the elicitation's outcome, possibly wrapped
        if answer.action != "accept":
            return False
        answer = getattr(answer, "data", None)
    return isinstance(answer, Confirm) and answer.confirm


NOT_CONFIRMED = "Nothing changed: the person did not confirm."


def ask_log_interview(
    company_name: str,
    role: str,
    starts_at: str,
    interviewer_names: list[str] | None = None,
    confirmed: bool = False,
):
    names = interviewer_names or []
    panel = f" with {', '.join(names)}" if names else ""
    return _asking(
        f"Log an interview for {role} at {company_name} on {starts_at}{panel}?", confirmed
    )


def ask_add_hook(text: str, confirmed: bool = False):
    return _asking(f"Add “{text}” to what this interviewer said?", confirmed)


def ask_draft_notes(confirmed: bool = False):
    return _asking("Draft a thank-you note for each interviewer who has none yet?", confirmed)


Answer = ElicitationResult[Confirm]


def build_server(token: str) -> MCPServer:
    api = TokenApi(token)

    async def call(method: str, path: str, body=None, query=None):
        return await sync_to_async(api.call, thread_sensitive=True)(method, path, body, query)

    server = MCPServer(
        name="afterview",
        instructions=(
            "The person's job-search record in Afterview: applications, interviews, the people "
            "they met and what each said (hooks), thank-you notes, reviews and reminders. "
            "Writes ask the person to confirm first."
        ),
    )

    @server.tool(annotations=READ)
    async def list_interviews(
        company_id: int | None = None, outcome: str | None = None, limit: int = 20
    ) -> dict:
        """The person's interviews, latest first (filter by company id or outcome)."""
        query: dict[str, Any] = {"limit": limit}
        if company_id is not None:
            query["company"] = company_id
        if outcome:
            query["outcome"] = outcome
        return await call("get", "/interviews", query=query)

    @server.tool(annotations=READ)
    async def get_interview(interview_id: int) -> dict:
        """One interview with its interviewers' ids and its outcome."""
        return await call("get", f"/interviews/{interview_id}")

    @server.tool(annotations=READ)
    async def list_contacts(company_id: int | None = None, limit: int = 50) -> dict:
        """The people the person met."""
        query = {"limit": limit, **({"company": company_id} if company_id else {})}
        return await call("get", "/contacts", query=query)

    @server.tool(annotations=READ)
    async def get_hooks(interview_id: int) -> list:
        """What each interviewer said, asked or cared about in one interview."""
        return await call("get", f"/interviews/{interview_id}/hooks")

    @server.tool(annotations=READ)
    async def list_notes(interview_id: int | None = None) -> dict:
        """Thank-you notes (text, status, card format)."""
        query = {"interview": interview_id} if interview_id else {}
        return await call("get", "/notes", query=query)

    @server.tool(annotations=READ)
    async def list_reminders(status: str | None = "scheduled") -> dict:
        """Reminders (note due, review due, decision check-in, keep in touch)."""
        return await call("get", "/reminders", query={"status": status} if status else {})

    @server.tool(annotations=WRITE)
    async def log_interview(
        company_name: str,
        role: str,
        starts_at: str,
        answer: Annotated[Answer, Resolve(ask_log_interview)],
        interviewer_names: list[str] | None = None,
        confirmed: bool = False,
    ) -> dict | str:
        """Logs an interview (starts_at as ISO 8601, with its offset), adding each named
        interviewer as a new contact. Asks the person first."""
        if not _agreed(answer):
            return NOT_CONFIRMED
        names = interviewer_names or []
        return await call(
            "post",
            "/interviews",
            {
                "company_name": company_name,
                "role": role,
                "starts_at": starts_at,
                "new_interviewers": [{"name": name} for name in names],
            },
        )

    @server.tool(annotations=WRITE)
    async def add_hook(
        interview_id: int,
        contact_id: int,
        text: str,
        answer: Annotated[Answer, Resolve(ask_add_hook)],
        confirmed: bool = False,
    ) -> list | str:
        """Adds one thing an interviewer said or cared about (at most three each)."""
        if not _agreed(answer):
            return NOT_CONFIRMED
        hooks = await call("get", f"/interviews/{interview_id}/hooks")
        theirs = [h for h in hooks if h["contact_id"] == contact_id]
        lines = [{"text": h["text"], "placement": h["placement"]} for h in theirs]
        return await call(
            "put",
            f"/interviews/{interview_id}/hooks",
            {"contact_id": contact_id, "hooks": [*lines, {"text": text}]},
        )

    @server.tool(annotations=WRITE)
    async def draft_notes(
        interview_id: int,
        answer: Annotated[Answer, Resolve(ask_draft_notes)],
        confirmed: bool = False,
    ) -> list | str:
        """Drafts a thank-you note for each interviewer of the interview who has none yet,
        from what they said. Drafts only: nothing is sent or printed."""
        if not _agreed(answer):
            return NOT_CONFIRMED
        return await call("post", f"/interviews/{interview_id}/notes")

    return server
