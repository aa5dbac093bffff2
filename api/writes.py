"""What every write shares: ``If-Match`` against the row as it is now, and
``Idempotency-Key`` on creates."""

import functools
import hashlib
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.cache import _if_match_passes  # type: ignore[attr-defined]
from django.utils.http import parse_etags

from api.models import IdempotentRequest
from api.paging import etag_of
from api.problems import Problem

M = TypeVar("M", bound=Model)

IDEMPOTENCY_KEY_MAX = 255
IN_PROGRESS = 0

# The two headers declared in the schema (``openapi_extra=``) on the routes that read them,
# so a client generated from it offers them as arguments.
IF_MATCH = {
    "parameters": [
        {
            "in": "header",
            "name": "If-Match",
            "required": False,
            "schema": {"type": "string"},
            "description": "The ETag you read: if it changed since, nothing is changed (412).",
        }
    ]
}
IDEMPOTENCY_KEY = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "schema": {"type": "string", "minLength": 1, "maxLength": IDEMPOTENCY_KEY_MAX},
            "description": "Send the same key again to get the first answer back, "
            "not a second row.",
        }
    ]
}


def current_etag(request, obj, schema=None) -> str:
    """The ETag a GET of ``obj`` would carry now: the same schema, the same renderer. ``obj``
    is a row read through ``schema``, or (without one) what the read answers, as it is."""
    from api.core import api

    data = obj if schema is None else schema.from_orm(obj).model_dump()
    return etag_of(api.renderer.render(request, data, response_status=200))


def check_if_match(request, obj, schema=None) -> None:
    """Refuses (412) a write whose ``If-Match`` names another version than the row's now.

    Called with the row locked (``select_for_update``), so nothing changes between the check
    and the write. Without ``If-Match`` the write goes ahead (last write wins)."""
    header = request.headers.get("If-Match")
    if not header:
        return
    etag = current_etag(request, obj, schema)
    if not _if_match_passes(etag, parse_etags(header)):
        raise Problem(
            412,
            "This changed since you read it (its ETag is no longer the one you sent). "
            "Read it again, then apply your change to what is there now.",
            kind="precondition-failed",
            headers={"ETag": etag},
        )


def locked_for_write(request, queryset: QuerySet[M], pk: int, schema) -> M:
    """The row ``pk`` of ``queryset`` (a 404 if it is not there), locked for this transaction
    and checked against the request's ``If-Match``: what every edit and delete starts with."""
    row = get_object_or_404(queryset.select_for_update(of=("self",)), pk=pk)
    check_if_match(request, row, schema)
    return row


def idempotent(schema):
    """A create that may be retried: with ``Idempotency-Key``, the first answer is kept and
    the same request again gets it back (``Idempotent-Replayed: true``) instead of a second
    row. The same key with another body is a 422; while the first is still running, a 409."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            key = request.headers.get("Idempotency-Key")
            if key is None:
                return view(request, *args, **kwargs)
            if not key or len(key) > IDEMPOTENCY_KEY_MAX:
                raise Problem(
                    400,
                    f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} characters.",
                    kind="bad-idempotency-key",
                )
            fingerprint = hashlib.sha256(
                b"\n".join([request.method.encode(), request.path.encode(), request.body])
            ).hexdigest()
            owner = request.auth
            try:
                with transaction.atomic():
                    kept = IdempotentRequest.objects.create(
                        owner=owner, key=key, fingerprint=fingerprint, status=IN_PROGRESS, body={}
                    )
            except IntegrityError:
                kept = IdempotentRequest.objects.get(owner=owner, key=key)
                if kept.fingerprint != fingerprint:
                    raise Problem(
                        422,
                        "This Idempotency-Key was used for another request; use a new key.",
                        kind="idempotency-key-reused",
                    ) from None
                if kept.status == IN_PROGRESS:
                    raise Problem(
                        409,
                        "A request with this Idempotency-Key is still being answered.",
                        kind="idempotency-in-progress",
                    ) from None
                replay = _render(request, kept.status, kept.body)
                replay["Idempotent-Replayed"] = "true"
                return replay
            try:
                with transaction.atomic():
                    result = view(request, *args, **kwargs)
                    status, obj = result.status_code, result.value
                    body = schema.from_orm(obj).model_dump(mode="json")
                    IdempotentRequest.objects.filter(pk=kept.pk).update(status=status, body=body)
            except BaseException:
                IdempotentRequest.objects.filter(pk=kept.pk).delete()
                raise
            return _render(request, status, body)

        return wrapper

    return decorate


def _render(request, status: int, body: dict):
    from api.core import api

    return api.create_response(request, body, status=status)
