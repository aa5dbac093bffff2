import time
import zoneinfo

from django.conf import settings
from django.utils import timezone


class UserTimezoneMiddleware:
    """Shows every date and time in the signed-in person's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(user.zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class SignInNeedsTheCacheMiddleware:
    """Refuses a POST to allauth's pages (log-in, sign-up, reset, the second-factor and
    re-authentication steps) while the shared cache cannot count, with a 503 and a clear
    message.

    allauth keeps its rate limits and the TOTP codes already used in the cache; our cache
    fails safe (config/cache.py), so without this a Redis outage would turn every limit
    off and let a used code work again. Security limits fail closed, as ours always have:
    one counter increment per such POST proves the cache is there. Logging out is let
    through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.shortcuts import render

        from accounts.security import RateLimitUnavailable, client_ip, within_rate

        module = getattr(view_func, "__module__", "") or ""
        if request.method != "POST" or not module.startswith("allauth."):
            return None
        if getattr(view_func, "__name__", "") == "logout" or "logout" in request.path:
            return None
        try:
            within_rate(f"sign-in-post:{client_ip(request)}", limit=10**9, window_seconds=60)
        except RateLimitUnavailable as exc:
            return render(
                request, "accounts/unavailable.html", {"message": exc.message}, status=503
            )
        return None


LAST_SEEN_AT = "usersession_last_seen_at"


def mark_session_seen(request) -> None:
    """Notes in the session when its UserSession row was last written (a log-in writes it)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN_AT] = time.time()


class SessionLastSeenMiddleware:
    """Keeps the sessions page's "last seen", address and browser fresh for each signed-in
    session, writing its row at most once every ``LAST_SEEN_EVERY_SECONDS``: the time of
    the last write is kept in the session itself, so most requests cost no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session and session.session_key:
            seen = session.get(LAST_SEEN_AT)
            stale = not isinstance(seen, int | float) or (
                time.time() - seen > settings.LAST_SEEN_EVERY_SECONDS
            )
            if stale:
                from allauth.usersessions.models import UserSession

                UserSession.objects.create_from_request(request, user=user, session=session)
                mark_session_seen(request)
        return self.get_response(request)
