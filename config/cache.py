"""The shared cache, made to fail safe: it is an optimisation, never a reason for a 500.

Rendered PDFs, fit checks and the like go through Django's cache. If Redis refuses
connections or hangs, ``FailSafeRedisCache`` answers as an empty cache after a short socket
timeout (reads miss, writes are dropped, ``add`` acts as if the key were new, all
logged) and then leaves Redis alone for
``FAIL_SAFE_COOLDOWN`` seconds, so a hung Redis costs one timeout per process per cooldown
instead of one per call. Counters are the exception: ``incr``/``decr`` raise
``ConnectionError``, because the rate limits counted with them must fail closed
(``accounts.security.within_rate``).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

FAIL_SAFE_COOLDOWN = 30.0

_down_until: dict[str, float] = {}
_lock = threading.Lock()


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._server = server

    def _failsafe(self, name: str, default, *args, **kwargs):
        key = str(self._server)
        if time.monotonic() < _down_until.get(key, 0.0):
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except Exception as exc:  # redis-py raises its own ConnectionError/TimeoutError
            if isinstance(exc, ValueError):  # incr of a missing key: a real answer
                raise
            with _lock:
                _down_until[key] = time.monotonic() + FAIL_SAFE_COOLDOWN
            log.warning("Cache unavailable (%s: %s); carrying on without it", name, exc)
            return default

    def add(self, *args, **kwargs):
        # As if the key were new: a lock or a once-only marker kept in an unreachable cache
        # must not block the work it guards forever (a PDF render, a sweep nudge).
        return self._failsafe("add", True, *args, **kwargs)

    def get(self, *args, **kwargs):
        default = kwargs.get("default", args[1] if len(args) > 1 else None)
        return self._failsafe("get", default, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._failsafe("set", None, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._failsafe("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._failsafe("delete", False, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._failsafe("get_many", {}, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._failsafe("has_key", False, *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._failsafe("set_many", [], *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._failsafe("delete_many", None, *args, **kwargs)

    def clear(self, *args, **kwargs):
        return self._failsafe("clear", None, *args, **kwargs)

    def incr(self, *args, **kwargs):
        unavailable = object()
        result = self._failsafe("incr", unavailable, *args, **kwargs)
        if result is unavailable:
            raise ConnectionError("The cache is unavailable, so nothing can be counted.")
        return result
