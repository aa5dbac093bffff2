import logging

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
