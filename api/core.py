"""The API object: its parser, its two ways in, and problem details for every error."""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from api.auth import SessionCsrfAuth, TokenAuth
from api.parsing import StrictJsonParser
from api.problems import PROBLEM_CONTENT_TYPE, PROBLEM_SCHEMA, Problem, pointer, render_problem

log = logging.getLogger(__name__)

DESCRIPTION = """\
The Afterview API: your applications, interviews, the people you met, what they said,
your thank-you notes, reviews and reminders.

Authenticate with a personal access token from Settings → API tokens, sent as
`Authorization: Bearer afv_…`. A read token may only read. Errors are RFC 9457 problem
details (`application/problem+json`). Lists are paged with an opaque `cursor`; reads carry
an `ETag`; a write may send `If-Match` to refuse a lost update (412); a create may send an
`Idempotency-Key`. Every answer carries `RateLimit` headers.
"""


class JSONEncoder(NinjaJSONEncoder):
    """ninja's encoder, the same text, with its commonest case first: a page of rows has
    hundreds of dates and times, each of which otherwise goes through ninja's checks for
    models, URLs, addresses and enums (a tenth of a list's time) before Django's."""

    def default(self, o):
        if isinstance(o, date):  # datetime too
            return DjangoJSONEncoder.default(self, o)
        return super().default(o)


class Renderer(JSONRenderer):
    encoder_class = JSONEncoder


class AfterviewApi(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The view's own name (``note_delete``), not ninja's module path: it names the
        methods of a client generated from the schema."""
        return operation.view_func.__name__.removesuffix("_endpoint")

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja's schema, with the problem details every error answers declared on each
        operation (as 4XX and 5XX), so a generated client reads them typed."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
        problem = {
            "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault(
                    "4XX", {"description": "A problem with the request", **problem}
                )
                operation["responses"].setdefault(
                    "5XX", {"description": "A problem on our side", **problem}
                )
        return schema


api = AfterviewApi(
    title="Afterview API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionCsrfAuth()],
    parser=StrictJsonParser(),
    renderer=Renderer(),
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _problem(request, exc: Problem):
    return render_problem(exc, request)


@api.exception_handler(Problem)
def on_problem(request, exc: Problem):
    return _problem(request, exc)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _problem(
        request, Problem(404, "There is nothing of yours at this address.", kind="not-found")
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    why = getattr(request, "api_auth_failure", None)
    detail = {
        "revoked": "This token was revoked. Create a new one in Settings → API tokens.",
        "expired": "This token has expired. Create a new one in Settings → API tokens.",
        "unknown": "This token is not one we know.",
    }.get(why or "", "Send a personal access token as Authorization: Bearer afv_….")
    return _problem(
        request,
        Problem(
            401,
            detail,
            kind="unauthenticated",
            headers={"WWW-Authenticate": 'Bearer realm="afterview"'},
        ),
    )


@api.exception_handler(ValidationError)
def on_invalid(request, exc: ValidationError):
    errors = []
    for error in exc.errors:
        where = pointer(error.get("loc", ()))
        kind = error.get("type", "")
        message = error.get("msg", "Invalid.")
        if kind == "extra_forbidden":
            message = "Unknown field: nothing by this name can be set here."
        errors.append({"pointer": where, "detail": message, "code": kind})
    return _problem(
        request,
        Problem(
            422,
            "Some fields need another look; nothing was changed.",
            kind="invalid",
            title="Invalid request",
            errors=errors,
        ),
    )


@api.exception_handler(DjangoValidationError)
def on_model_invalid(request, exc: DjangoValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    return _problem(request, form_problem_from_dict(errors))


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _problem(request, Problem(403, str(exc) or "Not allowed.", kind="forbidden"))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, Problem):  # raised while reading the body
        return _problem(request, exc.__cause__)
    return _problem(request, Problem(exc.status_code, str(exc)))


@api.exception_handler(Exception)
def on_error(request, exc: Exception):
    log.exception("API error on %s %s", request.method, request.path)
    return _problem(
        request,
        Problem(
            500, "Something went wrong on our side; nothing was changed.", kind="server-error"
        ),
    )


def form_problem_from_dict(errors: dict) -> Problem:
    return Problem(
        422,
        "Some fields need another look; nothing was changed.",
        kind="invalid",
        title="Invalid request",
        errors=[
            {
                "pointer": "/body" + (f"/{field}" if field and field != "__all__" else ""),
                "detail": message,
            }
            for field, messages in errors.items()
            for message in messages
        ],
    )


def form_problem(form) -> Problem:
    """A Django form's errors (the same forms the pages use) as a 422."""
    return form_problem_from_dict({field: list(errs) for field, errs in form.errors.items()})
