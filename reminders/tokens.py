"""Signed tokens for links in reminder emails.

- Unsubscribe: names a person and a kind of reminder. It never expires (an old email must
  still unsubscribe) and is harmless to replay: unsubscribing twice changes nothing.
- Snooze / done: names one reminder, the action, and the due time the email was about.
  Once the reminder has moved on (snoozed, done, re-planned), the token no longer matches
  and is refused, so a replayed or forwarded link changes nothing.

Tokens are signed with SECRET_KEY under their own salt; a token for one purpose is not
accepted for another.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core import signing

UNSUBSCRIBE_SALT = "reminders.unsubscribe"
ACTION_SALT = "reminders.action"
ACTION_MAX_AGE = 60 * 60 * 24 * 60  # sixty days
ACTIONS = ("snooze", "done")


class BadToken(Exception):
    """The token is forged, tampered with, expired, or no longer applies."""


@dataclass(frozen=True)
class UnsubscribeToken:
    user_id: int
    kind: str


@dataclass(frozen=True)
class ActionToken:
    reminder_id: int
    action: str
    due_stamp: int


def due_stamp(due_at: datetime) -> int:
    return int(due_at.timestamp())


def make_unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> UnsubscribeToken:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return UnsubscribeToken(user_id=int(data["u"]), kind=str(data["k"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken(str(exc)) from exc


def make_action_token(*, reminder_id: int, action: str, due_at: datetime) -> str:
    assert action in ACTIONS
    return signing.dumps(
        {"r": reminder_id, "a": action, "d": due_stamp(due_at)}, salt=ACTION_SALT, compress=True
    )


def read_action_token(token: str) -> ActionToken:
    try:
        data = signing.loads(token, salt=ACTION_SALT, max_age=ACTION_MAX_AGE)
        parsed = ActionToken(
            reminder_id=int(data["r"]), action=str(data["a"]), due_stamp=int(data["d"])
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken(str(exc)) from exc
    if parsed.action not in ACTIONS:
        raise BadToken("unknown action")
    return parsed
