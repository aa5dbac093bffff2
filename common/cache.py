"""Figures worth keeping between requests, in the shared cache, and never at any risk.

``cached(key, compute)`` returns what is stored under ``key``, or computes, stores and returns
it. The Redis cache already answers as an empty cache when Redis is down or hung
(``config.cache.FailSafeRedisCache``); this adds the same guarantee for any other backend and
for a stored value that no longer unpickles: every failure falls back to ``compute()`` and
is logged, never raised. Keys must name everything the value depends on (callers put a
version in them that changes on every write), so nothing here ever needs deleting.
"""

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TypeVar, cast

from django.core.cache import cache

log = logging.getLogger(__name__)

T = TypeVar("T")

# Values are replaced through their key, not expired; the timeout only frees memory.
DEFAULT_TIMEOUT = 60 * 60 * 24
_MISSING = object()


def cached(
    key: str,
    compute: Callable[[], T],
    *,
    timeout: int = DEFAULT_TIMEOUT,
    usable: Callable[[T], bool] | None = None,
) -> T:
    """``usable(value)``, if given, says whether a stored value still holds (for a value that
    goes out of date at a time it knows); one that does not is computed and stored again."""
    try:
        found = cache.get(key, _MISSING)
    except Exception:
        log.warning("cache read failed for %s; computing instead", key, exc_info=True)
        return compute()
    if found is not _MISSING and (usable is None or usable(cast(T, found))):
        # Only this function stores under these keys, always a value of compute().
        return cast(T, found)
    value = compute()
    try:
        cache.set(key, value, timeout)
    except Exception:
        log.warning("cache write failed for %s", key, exc_info=True)
    return value


def cached_for_person(
    user, name: str, compute: Callable[[], T], *, usable: Callable[[T], bool] | None = None
) -> T:
    """``cached()`` for this state of ``user``'s data: the key holds their ``data_version``
    (replaced in the same transaction as any write to what the value shows; see
    ``accounts.services.user_data_changed``) and their time zone (times are shown in it).

    ``user`` must be fresh from the database (``request.user`` is): the version it carries
    is the state the value is cached for.
    """
    key = f"{name}:{user.pk}:{user.data_version}:{user.time_zone}"
    return cached(key, compute, usable=usable)


def holds_at(now: datetime) -> Callable[[Mapping], bool]:
    """For ``usable=``: a kept value stored with ``drawn_at`` (when it was computed) and
    ``good_until`` (when time alone makes it wrong; None: only a write does) holds at
    ``now`` if it was drawn by then and that moment has not come."""

    def holds(kept: Mapping) -> bool:
        until = kept["good_until"]
        return kept["drawn_at"] <= now and (until is None or now < until)

    return holds


def cached_for_page_owner(
    context,
    owner_id: int,
    name: str,
    compute: Callable[[], T],
    *,
    usable: Callable[[T], bool] | None = None,
) -> T:
    """``cached_for_person()`` for a panel a template tag draws on a page of ``owner_id``'s
    rows, kept under the page's own user (fresh from this request). Without a request, or
    for anyone else, it is computed afresh."""
    viewer = getattr(context.get("request"), "user", None)
    if viewer is None or viewer.pk != owner_id:
        return compute()
    return cached_for_person(viewer, name, compute, usable=usable)
