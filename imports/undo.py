"""Undoing an import: remove exactly what it added, unless the person changed it since.

An import lists what it created (model label → [id, updated_at when created]), in the order
it created them. Undo walks that list backwards, so children go before their parents. A row
stays when it was changed since (its ``updated_at`` moved), or when deleting it would take
something the import did not create along (a note the person wrote on an imported round,
a round logged into an imported application): Django's own deletion collector says what a
delete would reach, so a new relation is covered without a change here.
"""

from __future__ import annotations

from datetime import datetime
from itertools import islice

from django.apps import apps
from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

BATCH = 500


def _stamp(obj: models.Model) -> str | None:
    value = getattr(obj, "updated_at", None)
    return value.isoformat() if isinstance(value, datetime) else None


def _reaches_only(collector: Collector, ours: dict[str, set[int]]) -> bool:
    for model, instances in collector.data.items():
        mine = ours.get(model._meta.label_lower, set())
        if any(obj.pk not in mine for obj in instances):
            return False
    for queryset in collector.fast_deletes:
        model = queryset.model
        if model._meta.auto_created:  # a many-to-many link row goes with its row
            continue
        mine = ours.get(model._meta.label_lower, set())
        if any(pk not in mine for pk in queryset.values_list("pk", flat=True)):
            return False
    return True


def _try_delete(rows: list[models.Model], ours: dict[str, set[int]]) -> bool:
    if not rows:
        return True
    collector = Collector(using=router.db_for_write(type(rows[0])))
    try:
        collector.collect(rows)
    except (ProtectedError, RestrictedError):
        return False
    if not _reaches_only(collector, ours):
        return False
    collector.delete()
    return True


def created_undo(*, created: dict[str, list]) -> tuple[int, int]:
    """Deletes the rows of ``created`` that are as the import left them and hold nothing
    else. Returns (removed, kept). Run it in a transaction."""
    ours = {label: {pk for pk, _ in rows} for label, rows in created.items()}
    removed = kept = 0
    for label in reversed(list(created)):
        model = apps.get_model(label)
        stamps = dict(created[label])
        pks = iter(sorted(stamps, reverse=True))
        while batch := list(islice(pks, BATCH)):
            rows = list(model._default_manager.filter(pk__in=batch))
            unchanged = [r for r in rows if stamps[r.pk] is None or _stamp(r) == stamps[r.pk]]
            for row in rows:
                if row not in unchanged:  # changed since: kept, and so is what holds it
                    ours[label].discard(row.pk)
                    kept += 1
            if _try_delete(unchanged, ours):
                removed += len(unchanged)
                continue
            for row in unchanged:  # find which rows hold something else
                if _try_delete([row], ours):
                    removed += 1
                else:
                    ours[label].discard(row.pk)
                    kept += 1
    return removed, kept
