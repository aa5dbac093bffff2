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


def _children_first(labels: list[str]) -> list[str]:
    """The labels ordered so a model comes before every model it points to. (The run's
    ``created`` is a JSON object: PostgreSQL's jsonb does not keep its keys' order.)"""
    models_ = {label: apps.get_model(label) for label in labels}

    def points_to(label: str) -> set[str]:
        model = models_[label]
        return {
            f.related_model._meta.label_lower
            for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
            if f.is_relation and f.related_model is not model and f.related_model is not None
        } & set(labels)

    ordered: list[str] = []
    remaining = sorted(labels)
    while remaining:
        for label in remaining:
            # Ready when nothing left still points to it.
            if not any(label in points_to(other) for other in remaining if other != label):
                ordered.append(label)
                remaining.remove(label)
                break
        else:  # a cycle: fall back to what is left, as it is
            ordered.extend(remaining)
            break
    return ordered


def created_undo(*, created: dict[str, list]) -> tuple[int, int]:
    """Deletes the rows of ``created`` that are as the import left them and hold nothing
    else. Returns (removed, kept). Run it in a transaction."""
    ours = {label: {pk for pk, _ in rows} for label, rows in created.items()}
    removed = kept = 0
    # First what changed since, everywhere: kept, and so is whatever holds it.
    unchanged: dict[str, list[models.Model]] = {}
    for label, rows in created.items():
        model = apps.get_model(label)
        stamps = dict(rows)
        found = []
        for start in range(0, len(stamps), BATCH):
            batch = list(stamps)[start : start + BATCH]
            found.extend(model._default_manager.filter(pk__in=batch))
        for row in found:
            if stamps[row.pk] is None or _stamp(row) == stamps[row.pk]:
                unchanged.setdefault(label, []).append(row)
            else:
                ours[label].discard(row.pk)
                kept += 1
    for label in _children_first(list(created)):
        rows = sorted(unchanged.get(label, []), key=lambda r: r.pk, reverse=True)
        for start in range(0, len(rows), BATCH):
            batch = [r for r in rows[start : start + BATCH] if r.pk in ours[label]]
            if _try_delete(batch, ours):
                removed += len(batch)
                continue
            for row in batch:  # find which rows hold something else
                if _try_delete([row], ours):
                    removed += 1
                else:
                    ours[label].discard(row.pk)
                    kept += 1
    return removed, kept
