"""Cursor pagination and the conditional headers of one row."""

import base64
import binascii
import hashlib
import json
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.http import quote_etag
from ninja import Schema

from api.problems import Problem

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(Schema):
    items: list
    next_cursor: str | None


def _encode(values: list) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> list:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise Problem(400, "This cursor is not one we gave out.", kind="bad-cursor") from exc
    if not isinstance(values, list) or len(values) != 2 or not isinstance(values[1], int):
        raise Problem(400, "This cursor is not one we gave out.", kind="bad-cursor")
    return values


def _field(row, name: str):
    """A row's value: a model instance's attribute, or a key when the queryset reads values()."""
    return row[name] if isinstance(row, dict) else getattr(row, name)


def paginate(
    queryset: QuerySet, *, cursor: str | None, limit: int, order: str = "pk", newest_first=True
) -> tuple[list, str | None]:
    """One page of ``queryset`` in (``order``, pk) order, newest first, after ``cursor``.

    Keyset pagination: a page is found by where the last one ended, so a row created or
    deleted meanwhile neither repeats nor skips one, and a deep page costs what the first does.
    """
    limit = max(1, min(limit, MAX_LIMIT))
    sign = "-" if newest_first else ""
    if cursor:
        value, pk = _decode(cursor)
        if order != "pk":
            field = queryset.model._meta.get_field(order)
            if value is not None and field.get_internal_type() == "DateTimeField":
                try:
                    value = datetime.fromisoformat(value)
                except (TypeError, ValueError) as exc:
                    raise Problem(
                        400, "This cursor is not one we gave out.", kind="bad-cursor"
                    ) from exc
            cmp = "lt" if newest_first else "gt"
            queryset = queryset.filter(
                Q(**{f"{order}__{cmp}": value}) | Q(**{order: value, f"pk__{cmp}": pk})
            )
        else:
            queryset = queryset.filter(**{f"pk__{'lt' if newest_first else 'gt'}": pk})
    rows = list(queryset.order_by(f"{sign}{order}", f"{sign}pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more:
        last = rows[-1]
        pk = _field(last, queryset.model._meta.pk.attname)
        next_cursor = _encode([_field(last, order) if order != "pk" else None, pk])
    return rows, next_cursor


def etag_of(content: bytes | str) -> str:
    """The ETag a read of these bytes carries (the same as Django's conditional GET)."""
    if isinstance(content, str):
        content = content.encode()
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())
