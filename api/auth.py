"""Who is calling: a personal access token (``Authorization: Bearer``) or the browser's
own session (with its CSRF token on anything that writes). Then the token's scope and the
per-caller rate limit."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from accounts.security import RateLimitUnavailable
from api.models import PersonalToken, token_digest
from api.problems import Problem
from api.ratelimit import api_rate_count
from api.services import token_authenticate

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _admit(request: HttpRequest, who: str, *, can_write: bool) -> None:
    """The scope and the rate limit, once the caller is known."""
    if request.method not in SAFE_METHODS and not can_write:
        raise Problem(
            403,
            "This token is read-only; create a token with the write scope to change things.",
            kind="insufficient-scope",
            title="Insufficient scope",
        )
    try:
        state = api_rate_count(who)
    except RateLimitUnavailable as exc:
        raise Problem(
            503, RateLimitUnavailable.message, kind="unavailable", headers={"Retry-After": "60"}
        ) from exc
    request.api_rate = state  # type: ignore[attr-defined]
    if state.exceeded:
        raise Problem(
            429,
            f"More than {state.limit} requests in {state.window_seconds} seconds; "
            f"try again in {state.reset_seconds} seconds.",
            kind="rate-limited",
            headers={"Retry-After": str(state.reset_seconds)},
        )


class TokenAuth(HttpBearer):
    """``Authorization: Bearer afv_…``: a live personal access token."""

    def authenticate(self, request: HttpRequest, token: str):
        found = token_authenticate(token)
        if found is None:
            # Why, for the 401's detail: the holder of a token may learn it expired.
            known = PersonalToken.objects.filter(digest=token_digest(token)).first()
            request.api_auth_failure = (  # type: ignore[attr-defined]
                "revoked"
                if known is not None and known.revoked_at is not None
                else "expired"
                if known is not None
                else "unknown"
            )
            return None
        request.api_token = found  # type: ignore[attr-defined]
        _admit(request, f"token:{found.pk}", can_write=found.can_write)
        return found.owner


class SessionCsrfAuth(SessionAuth):
    """The browser's session, as the pages use it; a write needs the CSRF token
    (``X-CSRFToken``), checked by ninja with Django's own CSRF middleware."""

    def __call__(self, request: HttpRequest):
        # A request with a token, or with no session, is not this one's to judge (its
        # CSRF check would turn a bad token into a CSRF failure).
        if request.headers.get("Authorization") or not request.user.is_authenticated:
            return None
        try:
            return super().__call__(request)
        except HttpError as exc:
            raise Problem(
                403,
                "The CSRF token is missing or wrong: send the csrftoken cookie's value "
                "in the X-CSRFToken header.",
                kind="csrf-failed",
                title="CSRF check failed",
            ) from exc

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user is None:
            return None
        _admit(request, f"user:{user.pk}", can_write=True)
        return user


class ApiRequest(HttpRequest):
    """A request past authentication: ``auth`` is the person it acts for."""

    auth: Any
