import contextlib
import logging
import time

from django.conf import settings
from django.contrib.auth import authenticate
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


def login_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The account login attempts are counted against, written the way it is stored.

    Log-in matches the email without regard to case or surrounding spaces
    (``UserManager.get_by_natural_key``), so the count must too: otherwise every spelling
    of alice's address ("Alice@…", "ALICE@…") gets its own allowance of failures.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    return str(username).strip().lower()


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


def rate_exceeded(key: str, *, limit: int) -> bool:
    """Whether ``key`` has already counted more than ``limit`` events in its window.

    Only looks: lets a view refuse early without counting the request.
    """
    return (cache.get(f"rate:{key}") or 0) >= limit


# --- Typing the password again before what a stolen session must not do -----------------

PASSWORD_CONFIRMED_AT = "password_confirmed_at"


def mark_password_confirmed(request: HttpRequest) -> None:
    """Records in the session that its person has just typed their password (a log-in,
    finishing a sign-up, or ``password_confirmed``)."""
    request.session[PASSWORD_CONFIRMED_AT] = time.time()


def password_recently_confirmed(request: HttpRequest) -> bool:
    """Whether this session's person typed their password within ``REAUTH_WINDOW_SECONDS``:
    the export does not ask again within that window, whatever the age of the session."""
    at = request.session.get(PASSWORD_CONFIRMED_AT)
    return isinstance(at, int | float) and 0 <= time.time() - at <= settings.REAUTH_WINDOW_SECONDS


def password_confirmed(request: HttpRequest, password: str) -> bool:
    """Checks the logged-in person's password again, through ``authenticate``: django-axes
    counts a wrong one as a failed log-in of that account from that address, so guesses
    here are limited exactly like log-in (past the limit its middleware answers 429 with
    the lockout page, and log-in from that address pauses too)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    found = authenticate(request, username=user.get_username(), password=password)
    if found is None or found.pk != user.pk:
        return False
    mark_password_confirmed(request)
    return True


# --- Password spraying: failed log-ins per address, across accounts ------------------------


def _login_failures_key(request: HttpRequest) -> str:
    return f"login-failures-ip:{client_ip(request)}"


def login_failures_exceeded(request: HttpRequest) -> bool:
    """Whether this address has failed more than ``LOGIN_FAILURES_PER_ADDRESS_PER_HOUR``
    log-ins in the hour, whichever accounts they named: one password tried on many
    accounts (spraying) never trips django-axes' per-account count. With the cache down
    this count is skipped (axes' per-account lockouts, kept in the database, still hold):
    refusing every log-in while Redis is down would lock everyone out."""
    try:
        return rate_exceeded(
            _login_failures_key(request), limit=settings.LOGIN_FAILURES_PER_ADDRESS_PER_HOUR
        )
    except Exception as exc:  # the cache backend's own connection errors
        log.warning("Log-in failures per address cannot be read: %s", exc)
        return False


def count_login_failure(request: HttpRequest) -> None:
    # With the cache down, within_rate logs it and nothing is counted (see above).
    with contextlib.suppress(RateLimitUnavailable):
        within_rate(
            _login_failures_key(request),
            limit=settings.LOGIN_FAILURES_PER_ADDRESS_PER_HOUR,
            window_seconds=3600,
        )
