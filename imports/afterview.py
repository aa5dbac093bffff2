"""Our own JSON export, read back: every section the export writes, into one account.

Rows are rebuilt with Django's own deserializer (``django.core.serializers``, the one the
export used to write them), so every field the export carries is read by the field's own
``to_python`` and checked by the model's validators and constraints (``full_clean``): a file
edited by hand into something invalid is refused with the section and row that is wrong,
and nothing is saved. Saves are raw (as ``loaddata``): timestamps are kept as exported and
no app re-plans from a half-built account; the reminders come back as they were planned.

Ids inside the file are never looked up in the database. Every reference is read through
the ids of rows in the same file, and every row gets the importing person as its owner; a
reference to a row that is not in the file (another person's id, a typo) refuses the file.

Merging: a row that matches one the person has (the same company name, the same round
created at the same moment, the same note of the same round, ...) is not created again, so
importing the same file twice adds nothing.

Tokens (the calendar feed's, the inbox address's) are never copied: the person gets new
ones, with the choices the file records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.models import PERSONAL_FIELDS, REMINDER_PREFERENCE_FIELDS, User
from accounts.services import EXPORT_FORMAT, EXPORT_FORMAT_VERSION, owned_models
from accounts.signals import profile_changed
from inbox.address import inbox_address_replace
from inbox.models import InboxAddress
from interviews.models import Application, Interview
from reminders.feed import calendar_feed_replace
from reminders.models import CalendarFeed, Reminder

# The sections that hold a secret: the person gets a new one, with the same choices.
TOKEN_SECTIONS = {"reminders.calendarfeed", "inbox.inboxaddress"}
TOKEN_FIELDS = {"seed", "token_digest"}
PROFILE_IMPORTED = (*PERSONAL_FIELDS, *REMINDER_PREFERENCE_FIELDS)
# A hand-edited export may not hold more than this many rows in all (an export of a long
# search is a few thousand).
MAX_ROWS = 200_000


class ExportUnreadable(Exception):
    """The file is not an Afterview export we can read; the message says why, for a person."""


def _label(model: Any) -> str:
    return model._meta.label_lower


def _is_secret(model: type[models.Model]) -> bool:
    """A model whose rows are keys (an API token's digest): never read back; the person
    makes new ones."""
    return any(f.name in ("digest", "key_digest") and f.unique for f in model._meta.fields)


def imported_models() -> list[type[models.Model]]:
    """The exported models, each after every model it points to (so ids can be mapped)."""
    exported = [
        m
        for m in owned_models()
        if getattr(m, "exported", True) is not False and not _is_secret(m)
    ]
    labels = {_label(m) for m in exported}
    ordered: list[type[models.Model]] = []
    placed: set[str] = set()
    remaining = list(exported)
    while remaining:
        for model in remaining:
            needs = {
                _label(f.related_model)
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is not model
            } | {_label(f.related_model) for f in model._meta.many_to_many}
            if (needs & labels) <= placed:
                ordered.append(model)
                placed.add(_label(model))
                remaining.remove(model)
                break
        else:  # pragma: no cover - a cycle between owned models would be a design change
            raise RuntimeError(f"owned models point at each other: {remaining}")
    return ordered


def export_read(data: bytes) -> dict[str, Any]:
    """The export in ``data``, checked for shape (not yet for content): a dict whose known
    sections are lists of rows with integer ids. Raises ``ExportUnreadable``."""
    try:
        text = data.decode("utf-8-sig")
        payload = json.loads(text)
    except (UnicodeDecodeError, ValueError) as error:
        raise ExportUnreadable(
            f"This file is not valid JSON, so it is not an Afterview export ({str(error)[:120]})."
        ) from error
    if not isinstance(payload, dict) or "profile" not in payload:
        raise ExportUnreadable(
            "This JSON file is not an Afterview export: it has no profile section."
        )
    version = payload.get("format_version", 0)
    if payload.get("format", EXPORT_FORMAT) != EXPORT_FORMAT or not isinstance(version, int):
        raise ExportUnreadable("This JSON file is not an Afterview export.")
    if version > EXPORT_FORMAT_VERSION:
        raise ExportUnreadable(
            f"This export was made by a newer Afterview (format {version}); this one reads "
            f"formats up to {EXPORT_FORMAT_VERSION}."
        )
    if not isinstance(payload["profile"], dict):
        raise ExportUnreadable("The export's profile section is damaged.")
    total = 0
    for model in imported_models():
        rows = payload.get(_label(model), [])
        if not isinstance(rows, list):
            raise ExportUnreadable(f"The section {_label(model)} is not a list of rows.")
        seen: set[int] = set()
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict) or type(row.get("id")) is not int:
                raise ExportUnreadable(
                    f"Row {number} of {_label(model)} has no id; the file was changed by hand."
                )
            if row["id"] in seen:
                raise ExportUnreadable(f"Row {number} of {_label(model)} repeats id {row['id']}.")
            seen.add(row["id"])
        total += len(rows)
    if total > MAX_ROWS:
        raise ExportUnreadable(f"This export has {total:,} rows; at most {MAX_ROWS:,} are read.")
    return payload


def export_counts(payload: dict[str, Any]) -> dict[str, int]:
    """Rows per section, in a person's words, for the preview."""
    return {
        str(model._meta.verbose_name_plural): len(payload.get(_label(model), []))
        for model in imported_models()
        if payload.get(_label(model))
    }


def _match_keys(model: type[models.Model], obj: models.Model) -> list[dict[str, Any]]:
    """Ways to find a row the person already has that is the same as ``obj`` (first hit
    wins). Every key holds the owner or a parent that is already the person's row."""
    label = _label(model)
    names = {f.name for f in model._meta.concrete_fields}
    scope = {"owner": obj.owner} if "owner" in names else {}  # type: ignore[attr-defined]

    def val(*fields: str) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in fields}

    if label == "interviews.company":
        return [{**scope, "name__iexact": obj.name}]  # type: ignore[attr-defined]
    if label in ("reviews.review", "reviews.gutrating"):
        return [val("interview")]
    if label == "interviews.listeninghook":
        return [val("interview", "contact", "position")]
    if label == "notes.thankyounote":
        return [val("interview", "recipient", "kind", "sequence")]
    if label == "reviews.storytheme":
        return [val("story", "theme_key")]
    if label == "reminders.reminder":
        return [{**scope, **val("interview", "kind", "contact", "sequence")}]
    if label == "inbox.inboxmessage":
        return [{**scope, **val("message_key")}]
    if label == "reviews.question":
        return [val("review", "text")]
    keys = []
    if label == "interviews.interview":
        if obj.invite_uid:  # type: ignore[attr-defined]
            keys.append({**scope, **val("invite_uid")})
        if obj.submission_key:  # type: ignore[attr-defined]
            keys.append({**scope, **val("submission_key")})
    parents = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name != "owner" and not f.null and f.related_model is not model
    ]
    if "created_at" in names:
        # The export keeps milliseconds: rows made in one millisecond differ by what they say.
        identity = [
            n for n in ("name", "role", "title", "kind", "text", "starts_at") if n in names
        ]
        keys.append({**scope, **val(*parents, "created_at", *identity)})
    else:
        plain = [
            f.name
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not isinstance(f, models.JSONField | models.BinaryField)
            and f.name != "owner"
        ]
        keys.append({**scope, **val(*plain)})
    return keys


def _problem(label: str, old_id: Any, message: str) -> ExportUnreadable:
    return ExportUnreadable(f"{label} #{old_id}: {message} Nothing was imported.")


def _errors_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _stamp(obj: models.Model) -> str | None:
    value = getattr(obj, "updated_at", None)
    return value.isoformat() if isinstance(value, datetime) else None


def _apply_profile(user: User, profile: dict[str, Any]) -> None:
    """The profile's settings, into an account that has no data yet (a merge into an
    account in use keeps the person's own settings)."""
    changed = []
    for name in PROFILE_IMPORTED:
        if name in profile and profile[name] != getattr(user, name):
            setattr(user, name, profile[name])
            changed.append(name)
    if not changed:
        return
    try:
        user.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in changed])
    except ValidationError as error:
        raise ExportUnreadable(
            f"The profile: {_errors_text(error)} Nothing was imported."
        ) from None
    user.save(update_fields=changed)
    profile_changed.send(sender=User, user=user, changed=frozenset(changed))


def _token_section(user: User, label: str, rows: list[dict], created: dict[str, list]) -> None:
    if not rows:
        return
    row = rows[0]
    if label == "reminders.calendarfeed":
        if CalendarFeed.objects.filter(owner=user).exists():
            return
        feed = calendar_feed_replace(user=user)
        feed.include_details = bool(row.get("include_details", feed.include_details))
        feed.save(update_fields=["include_details"])
        created.setdefault(label, []).append([feed.pk, None])
    elif label == "inbox.inboxaddress":
        if InboxAddress.objects.filter(owner=user).exists():
            return
        address = inbox_address_replace(user=user)
        address.auto_apply_invite_updates = bool(
            row.get("auto_apply_invite_updates", address.auto_apply_invite_updates)
        )
        address.save(update_fields=["auto_apply_invite_updates"])
        created.setdefault(label, []).append([address.pk, None])


def _settle_claimed(obj: models.Model) -> None:
    """A reminder a worker had claimed when the export was made may have gone out: it is
    counted as sent, never sent again."""
    if isinstance(obj, Reminder) and obj.status == Reminder.Status.SENDING:
        obj.status = Reminder.Status.SENT
        obj.sent_at = obj.claimed_at or timezone.now()


@transaction.atomic
def export_import(*, user: User, payload: dict[str, Any], progress=None) -> dict[str, Any]:
    """Reads ``payload`` (from ``export_read``) into ``user``'s account, all or nothing.

    Returns {"created": {label: [[pk, updated_at], ...]}, "summary": {...}}: what undo may
    remove, and counts for the page. Raises ``ExportUnreadable`` (nothing saved) when a row
    is invalid or points outside the file.
    """
    empty = not (
        Application.objects.for_user(user).exists() or Interview.objects.for_user(user).exists()
    )
    if empty:
        _apply_profile(user, payload.get("profile") or {})
    id_map: dict[str, dict[int, int]] = {}
    created: dict[str, list] = {}
    made = merged = 0
    for model in imported_models():
        label = _label(model)
        rows: list[dict] = payload.get(label) or []
        if label in TOKEN_SECTIONS:
            _token_section(user, label, rows, created)
            continue
        mapped = id_map.setdefault(label, {})
        made_here: set[int] = set()
        relations = {f.name: f for f in model._meta.concrete_fields if f.is_relation}
        many = {f.name: f for f in model._meta.many_to_many}
        for row in sorted(rows, key=lambda r: r["id"]):
            old = row["id"]
            fields = {k: v for k, v in row.items() if k != "id"}
            unknown = set(fields) - {f.name for f in model._meta.concrete_fields} - set(many)
            if unknown:
                raise _problem(label, old, f"unknown field {sorted(unknown)[0]!r}.")
            for name, field in relations.items():
                value = fields.get(name)
                if field.related_model is User:
                    fields[name] = user.pk
                elif value is None:
                    continue
                elif field.related_model is model:
                    fields[name] = None  # set below, once every row of the section is in
                else:
                    target = id_map.get(_label(field.related_model), {})
                    if type(value) is not int or value not in target:
                        raise _problem(
                            label, old, f"{name} points to a row that is not in this file."
                        )
                    fields[name] = target[value]
            for name, field in many.items():
                values = fields.get(name) or []
                target = id_map.get(_label(field.related_model), {})
                if not isinstance(values, list) or any(
                    type(v) is not int or v not in target for v in values
                ):
                    raise _problem(label, old, f"{name} points to rows that are not in this file.")
                fields[name] = [target[v] for v in values]
            try:
                (item,) = serializers.deserialize(
                    "python", [{"model": label, "pk": None, "fields": fields}]
                )
            except (DeserializationError, ValidationError, ValueError, TypeError) as error:
                raise _problem(
                    label, old, f"a value cannot be read ({str(error)[:200]})."
                ) from None
            obj = item.object
            existing = None
            for key in _match_keys(model, obj):
                existing = model._default_manager.filter(**key).order_by("pk").first()
                if existing is not None:
                    break
            if existing is not None:
                mapped[old] = existing.pk
                merged += 1
                continue
            _settle_claimed(obj)
            try:
                obj.full_clean(validate_unique=False, exclude=list(many))
            except ValidationError as error:
                raise _problem(label, old, _errors_text(error)) from None
            try:
                with transaction.atomic():
                    item.save()
            except IntegrityError as error:
                raise _problem(label, old, f"it clashes with a row you have ({error}).") from None
            mapped[old] = obj.pk
            made_here.add(obj.pk)
            created.setdefault(label, []).append([obj.pk, _stamp(obj)])
            made += 1
            if progress is not None:
                progress(made + merged)
        # Self-references (a plan item carried from an earlier one) once every row is in.
        for row in rows:
            for name, field in relations.items():
                if field.related_model is model and row.get(name) is not None:
                    if row[name] not in mapped:
                        raise _problem(label, row["id"], f"{name} points outside this file.")
                    if mapped[row["id"]] not in made_here:
                        continue
                    model._default_manager.filter(pk=mapped[row["id"]]).update(
                        **{name: mapped[row[name]]}
                    )
    return {"created": created, "summary": {"created": made, "merged": merged}}


def rows_in(payload: dict[str, Any]) -> int:
    return sum(len(payload.get(_label(m)) or []) for m in imported_models())


def sections_of(payload: dict[str, Any]) -> Iterable[str]:
    return [_label(m) for m in imported_models() if payload.get(_label(m))]
