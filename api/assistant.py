"""The assistant server: a small MCP server (the ``mcp`` SDK) over the API, for an AI
assistant acting for one person with their personal access token.

Every tool is one API request made in-process with that token (``TokenApi``): the token's
scope, the rate limit, validation, owner scoping and problem details apply exactly as they
do over HTTP; the server holds no rules of its own.

Write tools ask the person first. A client that can ask (MCP elicitation) shows the
question and returns their answer; a "no" changes nothing. A client that cannot ask gets,
instead of a change, the question and a confirm token: the assistant puts the question to
the person in its own words and, if they agree, calls the same tool again with the same
arguments and ``confirm_token``. The token is signed by the server, confirms only that
tool with exactly those arguments for this personal token, works once, and expires after
ten minutes; so a write can never happen on the assistant's first call, and a token got
for one change cannot be spent on another.
"""

import hashlib
import json
import secrets
from typing import Annotated, Any

from asgiref.sync import sync_to_async
from django.core import signing
from django.test import Client as WsgiClient
from mcp.server.mcpserver import Context, Elicit, ElicitationResult, MCPServer, Resolve
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from api.services import token_authenticate

READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITE = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)
CONFIRM_MAX_AGE_SECONDS = 600


class ApiFailure(ToolError):
    """An API problem, carried back to the assistant as the tool's error."""


class TokenApi:
    """Requests to /api/v1/ through Django's own request handling, in this process."""

    def __init__(self, token: str):
        found = token_authenticate(token)
        if found is None:
            raise ValueError("This token is not a live Afterview token.")
        self.token_id = found.pk
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


class ConfirmFirst(BaseModel):
    """What a write tool answers a client that cannot ask: the question and the token."""

    tool: str
    question: str
    token: str

    def instructions(self) -> str:
        return (
            f"Nothing changed yet. Ask the person: “{self.question}” Only if they agree, "
            f"call {self.tool} again with exactly the same arguments and "
            f"confirm_token=“{self.token}” (it works once, for this change only, for "
            f"{CONFIRM_MAX_AGE_SECONDS // 60} minutes)."
        )


class Confirmations:
    """Asks before each write: by elicitation where the client can, else by confirm token."""

    def __init__(self, token_id: int):
        self.signer = signing.TimestampSigner(salt=f"api.assistant.confirm:{token_id}")
        self.spent: set[str] = set()

    @staticmethod
    def _digest(tool: str, arguments: dict) -> str:
        canonical = json.dumps([tool, arguments], sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def ask(self, ctx: Context, tool: str, question: str, arguments: dict, confirm_token):
        if _can_elicit(ctx):
            return Elicit(question, Confirm)
        if confirm_token and self._spend(confirm_token, tool, arguments):
            return Confirm(confirm=True)
        token = self.signer.sign(f"{self._digest(tool, arguments)}:{secrets.token_urlsafe(12)}")
        return ConfirmFirst(tool=tool, question=question, token=token)

    def _spend(self, confirm_token: str, tool: str, arguments: dict) -> bool:
        try:
            value = self.signer.unsign(confirm_token, max_age=CONFIRM_MAX_AGE_SECONDS)
        except signing.BadSignature:  # also an expired one
            return False
        digest, _, nonce = value.partition(":")
        if digest != self._digest(tool, arguments) or nonce in self.spent:
            return False
        self.spent.add(nonce)
        return True


def _can_elicit(ctx: Context) -> bool:
    """Whether the client declared it can ask the person (form elicitation)."""
    capabilities = ctx.client_capabilities
    elicitation = capabilities.elicitation if capabilities is not None else None
    return elicitation is not None and (elicitation.form is not None or elicitation.url is None)


NOT_CONFIRMED = "Nothing changed: the person did not confirm."


def _refusal(answer: Any) -> str | None:
    """None to go ahead; otherwise what the tool answers instead (nothing changed)."""
    while hasattr(answer, "action"):  # the elicitation's outcome, possibly wrapped
        if answer.action != "accept":
            return NOT_CONFIRMED
        answer = getattr(answer, "data", None)
    if isinstance(answer, ConfirmFirst):
        return answer.instructions()
    if isinstance(answer, Confirm) and answer.confirm:
        return None
    return NOT_CONFIRMED


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

    confirmations = Confirmations(api.token_id)

    def ask_log_interview(
        ctx: Context,
        company_name: str,
        role: str,
        starts_at: str,
        interviewer_names: list[str] | None = None,
        confirm_token: str | None = None,
    ):
        names = interviewer_names or []
        panel = f" with {', '.join(names)}" if names else ""
        return confirmations.ask(
            ctx,
            "log_interview",
            f"Log an interview for {role} at {company_name} on {starts_at}{panel}?",
            {"company_name": company_name, "role": role, "starts_at": starts_at, "names": names},
            confirm_token,
        )

    def ask_add_hook(
        ctx: Context,
        interview_id: int,
        contact_id: int,
        text: str,
        confirm_token: str | None = None,
    ):
        return confirmations.ask(
            ctx,
            "add_hook",
            f"Add “{text}” to what this interviewer said?",
            {"interview_id": interview_id, "contact_id": contact_id, "text": text},
            confirm_token,
        )

    def ask_draft_notes(ctx: Context, interview_id: int, confirm_token: str | None = None):
        return confirmations.ask(
            ctx,
            "draft_notes",
            "Draft a thank-you note for each interviewer who has none yet?",
            {"interview_id": interview_id},
            confirm_token,
        )

    @server.tool(annotations=WRITE)
    async def log_interview(
        company_name: str,
        role: str,
        starts_at: str,
        answer: Annotated[Answer, Resolve(ask_log_interview)],
        interviewer_names: list[str] | None = None,
        confirm_token: str | None = None,
    ) -> dict | str:
        """Logs an interview (starts_at as ISO 8601, with its offset), adding each named
        interviewer as a new contact. Asks the person first; a client that cannot ask is
        given the question and a confirm_token to send back once they said yes."""
        if (refusal := _refusal(answer)) is not None:
            return refusal
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
        confirm_token: str | None = None,
    ) -> list | str:
        """Adds one thing an interviewer said or cared about (at most three each). Asks
        the person first, as log_interview does."""
        if (refusal := _refusal(answer)) is not None:
            return refusal
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
        confirm_token: str | None = None,
    ) -> list | str:
        """Drafts a thank-you note for each interviewer of the interview who has none yet,
        from what they said. Drafts only: nothing is sent or printed. Asks the person
        first, as log_interview does."""
        if (refusal := _refusal(answer)) is not None:
            return refusal
        return await call("post", f"/interviews/{interview_id}/notes")

    return server
