"""What every answer under /api/ shares, whatever route (or none) it reached: the bound on
the body, problem details for errors raised outside an endpoint (an unknown address, a
method the route lacks), the rate-limit headers, and ETag / If-None-Match on reads."""

from http import HTTPStatus

from django.conf import settings
from django.utils.cache import get_conditional_response, set_response_etag

from api.problems import PROBLEM_CONTENT_TYPE, Problem, render_problem

API_PREFIX = "/api/v1/"


class ApiMiddleware:
    """Goes before ``RequestBodyLimitMiddleware``: an API client is told 413 in problem
    details, before anything reads the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.API_MAX_BODY_BYTES
        if length > limit:
            return render_problem(
                Problem(
                    413,
                    f"The body is {length} bytes; the API takes at most {limit} in one request.",
                    kind="too-large",
                ),
                request,
            )
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            PROBLEM_CONTENT_TYPE
        ):
            response = self._as_problem(request, response)
        state = getattr(request, "api_rate", None)
        if state is not None:
            for name, value in state.headers().items():
                response[name] = value
        if (
            response.status_code in (200, 201)
            and response.get("Content-Type", "").startswith("application/json")
            and not response.streaming
        ):
            # A write's answer carries the new version's ETag, for the next If-Match.
            if not response.has_header("ETag"):
                set_response_etag(response)
            if request.method in ("GET", "HEAD"):
                response = get_conditional_response(
                    request, etag=response["ETag"], response=response
                )
        response.setdefault("Cache-Control", "private, no-cache")
        response["Vary"] = "Authorization, Cookie"
        return response

    def _as_problem(self, request, response):
        status = response.status_code
        detail = {
            404: "There is nothing at this address in the API.",
            405: f"This address does not take {request.method}.",
            403: "Not allowed.",
            400: "The request could not be read.",
        }.get(status, HTTPStatus(status).phrase)
        headers = {}
        if status == 405 and response.has_header("Allow"):
            headers["Allow"] = response["Allow"]
            detail += f" It takes {response['Allow']}."
        kind = {404: "not-found", 405: "method-not-allowed"}.get(status)
        return render_problem(Problem(status, detail, kind=kind, headers=headers), request)
