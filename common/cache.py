"""Figures worth keeping between requests, in the shared cache, and never at any risk.

``cached(key, compute)`` returns what is stored under ``key``, or computes, stores and returns
it. A cache that is down, slow or full of something unreadable costs only the time to compute:
every failure falls back to ``compute()`` and is logged, never raised, and after a failure
this process leaves the cache alone for ``RETRY_AFTER_SECONDS``, so an absent Redis costs one
connection timeout, not one per page. Keys must name everything the value depends on
(callers put a version in them that changes on every write), so nothing here ever needs
deleting.
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar, cast

from django.core.cache import cache

log = logging.getLogger(__name__)

T = TypeVar("T")

# Values are replaced through their key, not expired; the timeout only frees memory.
DEFAULT_TIMEOUT = 60 * 60 * 24
RETRY_AFTER_SECONDS = 30
_MISSING = object()
_skip_until = 0.0


def _failed(action: str, key: str) -> None:
    global _skip_until
    _skip_until = time.monotonic() + RETRY_AFTER_SECONDS
    log.warning("cache %s failed for %s; computing without it", action, key, exc_info=True)


def cached(key: str, compute: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT) -> T:
    if time.monotonic() < _skip_until:
        return compute()
    try:
        found = cache.get(key, _MISSING)
    except Exception:
        _failed("read", key)
        return compute()
    if found is not _MISSING:
        # Only this function stores under these keys, always a value of compute().
        return cast(T, found)
    value = compute()
    try:
        cache.set(key, value, timeout)
    except Exception:
        _failed("write", key)
    return value
