"""RFC 9457 problem details: the one shape every API error takes.

``{"type", "title", "status", "detail"}`` as ``application/problem+json``; a validation
problem adds ``errors``, one per field, each with a JSON pointer to what was wrong.
"""

import json
from http import HTTPStatus

from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Relative to the API's docs page, where each type is described.
TYPE_BASE = "/api/v1/docs#problem-"


# The shape above as a JSON Schema, declared in the OpenAPI schema as every operation's
# 4XX and 5XX answer (``api.core.AfterviewApi``), so a generated client reads it typed.
PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "properties": {
        "type": {"type": "string", "description": "What kind of problem, as a URI reference."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "One per invalid field (422).",
            "items": {
                "type": "object",
                "properties": {
                    "pointer": {"type": "string", "description": "A JSON pointer to it."},
                    "detail": {"type": "string"},
                    "code": {"type": "string"},
                },
                "required": ["pointer", "detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}


class Problem(Exception):
    """Raised anywhere below an API endpoint; answered as problem details."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        title: str | None = None,
        errors: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind or HTTPStatus(status).phrase.lower().replace(" ", "-")
        self.title = title or HTTPStatus(status).phrase
        self.errors = errors
        self.headers = headers or {}


def problem_response(
    status: int,
    detail: str,
    *,
    kind: str | None = None,
    title: str | None = None,
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    return _render(Problem(status, detail, kind=kind, title=title, errors=errors, headers=headers))


def _render(problem: Problem, instance: str = "") -> HttpResponse:
    body: dict = {
        "type": TYPE_BASE + problem.kind,
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
    }
    if instance:
        body["instance"] = instance
    if problem.errors is not None:
        body["errors"] = problem.errors
    response = HttpResponse(
        json.dumps(body), status=problem.status, content_type=PROBLEM_CONTENT_TYPE
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def render_problem(problem: Problem, request=None) -> HttpResponse:
    return _render(problem, instance=request.path if request is not None else "")


def pointer(loc) -> str:
    """A pydantic error location as a JSON pointer into the request (``/body/role``)."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body" and len(parts) > 1 and parts[1] == "payload":
        parts = ["body", *parts[2:]]
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
