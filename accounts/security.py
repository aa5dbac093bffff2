import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

log = logging.getLogger(__name__)


class RateLimitUnavailable(Exception):
    """The shared counter cannot be reached, so the limit cannot be checked: fail closed."""

    message = (
        "We cannot take this request right now (a service we rely on is down). "
        "Please try again in a few minutes."
    )


def client_ip(request: HttpRequest) -> str:
    """The address login attempts are counted against.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many proxies of ours append to
    ``X-Forwarded-For``; then the address the outermost of our proxies saw. Anything a
    client writes further left in the header is ignored, so it cannot dodge the limit.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [
        h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
    ]
    if len(hops) < proxies:
        return remote
    return hops[-proxies]


def within_rate(key: str, *, limit: int, window_seconds: int) -> bool:
    """Counts one event under ``key``; False once more than ``limit`` fell in the window.

    A fixed window in the cache (Redis in production, so every web process shares it).
    ``cache.add`` starts the window only if none is running, so concurrent first events
    cannot reset each other's count.

    Raises ``RateLimitUnavailable`` when the cache cannot count (Redis down): a security
    limit fails closed, and the caller tells the person to try again later.
    """
    cache_key = f"rate:{key}"
    try:
        cache.add(cache_key, 0, timeout=window_seconds)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr: this event opens a new window
            cache.set(cache_key, 1, timeout=window_seconds)
            count = 1
    except Exception as exc:  # the cache backend's own connection errors
        log.warning("Rate limit %s cannot be checked, refusing: %s", key, exc)
        raise RateLimitUnavailable from exc
    return count <= limit


# --- Proving it is still them before what a stolen session must not do ------------------


def has_second_factor(user) -> bool:
    """Whether the person turned on an authenticator app or a security key / passkey
    (recovery codes alone are not a second factor: they come with one)."""
    from allauth.mfa.models import Authenticator

    return (
        user.is_authenticated
        and Authenticator.objects.filter(
            user_id=user.pk,
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
        ).exists()
    )


def recently_reauthenticated(request: HttpRequest) -> bool:
    """Whether this session's person proved it is them within ``REAUTH_WINDOW_SECONDS``:
    with their second factor if they have one, else with their password (allauth's
    re-authentication pages record each proof in the session)."""
    from allauth.account.internal.flows.login import get_authentication_records

    user = request.user
    if not user.is_authenticated:
        return False
    # A log-in is a proof too (allauth records each step of it in the session).
    records = list(get_authentication_records(request, user))
    if has_second_factor(user):
        records = [r for r in records if r.get("method") == "mfa"]
    if not records:
        return False
    at = records[-1].get("at")
    return isinstance(at, int | float) and 0 <= time.time() - at <= settings.REAUTH_WINDOW_SECONDS


def require_reauthentication(request: HttpRequest) -> None:
    """Raises allauth's ``ReauthenticationRequired`` unless ``recently_reauthenticated``:
    its middleware keeps the request (a POST too), asks for the proof, then runs it."""
    from allauth.core.exceptions import ReauthenticationRequired

    if not recently_reauthenticated(request):
        raise ReauthenticationRequired()


def reauthentication_required(view=None, *, methods: tuple[str, ...] = ("GET", "POST")):
    """The view runs (for these HTTP methods) only for a person who proved it is them a
    moment ago (``recently_reauthenticated``). Otherwise allauth's middleware keeps the
    request (a POST too), asks for the second factor (or the password, for a person
    without one), and then runs it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and request.user.is_authenticated:
                require_reauthentication(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator
