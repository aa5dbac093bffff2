"""Per-token (or per-session) request limits, with the ``RateLimit`` headers that tell a
client where it stands.

The same counter as log-in and sign-up limits (``accounts.security``): a fixed window in
the shared cache, opened with ``cache.add`` so concurrent first requests cannot reset each
other, and closed to requests when the cache cannot count (fail closed). Windows are
aligned to the clock so the reset time is known without asking the cache for a TTL.
"""

import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from accounts.security import RateLimitUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateState:
    limit: int
    remaining: int
    reset_seconds: int
    window_seconds: int

    @property
    def exceeded(self) -> bool:
        return self.remaining < 0

    def headers(self) -> dict[str, str]:
        remaining = max(self.remaining, 0)
        return {
            # draft-ietf-httpapi-ratelimit-headers: the policy, and where this client is in it
            "RateLimit-Policy": f'"per-token";q={self.limit};w={self.window_seconds}',
            "RateLimit": f'"per-token";r={remaining};t={self.reset_seconds}',
            # The older three-field form many clients still read.
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }


def api_rate_count(who: str) -> RateState:
    """Counts one request for ``who`` (``token:<id>`` or ``user:<id>``) in the current
    window. Raises ``RateLimitUnavailable`` when the cache cannot count."""
    window = settings.API_RATE_WINDOW_SECONDS
    limit = settings.API_RATE_LIMIT
    now = time.time()
    number = int(now // window)
    key = f"rate:api:{who}:{number}"
    try:
        cache.add(key, 0, timeout=window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
    except Exception as exc:  # the cache backend's own connection errors
        log.warning("API rate limit for %s cannot be checked, refusing: %s", who, exc)
        raise RateLimitUnavailable from exc
    reset = max(1, math.ceil((number + 1) * window - now))
    return RateState(
        limit=limit, remaining=limit - count, reset_seconds=reset, window_seconds=window
    )
