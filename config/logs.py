"""Secrets kept out of log lines.

Some of our URLs carry a secret in their path: the private calendar feed's token (anyone
with it reads the person's calendar), and the links in emails (one-click snooze and done,
unsubscribe, finishing a sign-up, resetting a password). Web servers and Django print
request paths (gunicorn's access log, runserver's ``django.server``, ``django.request``'s
"Not Found: …"), so whoever reads the logs would hold the secrets. ``redact`` replaces each
secret with ``[secret]``; ``RedactSecrets`` applies it to every record our handlers write
(``config/settings/base.py``), and ``config/gunicorn.py`` to gunicorn's access and error logs.

A new URL with a secret in its path names it ``token`` or ``key`` and adds its shape here:
``tests/test_log_redaction.py`` walks every URL and fails otherwise.
"""

import logging
import re

REDACTED = "[secret]"

_SEGMENT = r"[^/?#\s\"'<>]+"
# Each path's prefix, then its secret segment: the feed's token up to ".ics"; the email
# links' token; an email confirmation's key; a password reset's key after the account's id
# (allauth's "<uidb36>-<key>", not its "<uidb36>-set-password" page).
_SECRET_IN_PATH = re.compile(
    rf"(?P<feed>/reminders/calendar/){_SEGMENT}?(?=\.ics)"
    rf"|(?P<link>/reminders/email/|/reminders/unsubscribe/|/accounts/confirm-email/"
    rf"|/accounts/password/reset/key/[0-9A-Za-z]+-(?!set-password/)){_SEGMENT}"
)


def redact(text: str) -> str:
    """``text`` with the secret of every secret-bearing path in it replaced by ``[secret]``:
    "GET /reminders/calendar/Xy…Z.ics" → "GET /reminders/calendar/[secret].ics"."""
    if "/reminders/" not in text and "/accounts/" not in text:
        return text
    return _SECRET_IN_PATH.sub(lambda m: (m.group("feed") or m.group("link")) + REDACTED, text)


def _redacted(value):
    return redact(value) if isinstance(value, str) else value


class RedactSecrets(logging.Filter):
    """Redacts the message and its arguments before any handler formats the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _redacted(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_redacted(value) for value in record.args)
        return True
