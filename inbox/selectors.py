"""What the inbox page shows, as plain functions the view calls.

A person may have thousands of messages: the page shows those waiting for them, or (one
click away) those dealt with, a page at a time, newest first, with "newer" and "older"
links. A page reads one row more than it shows to know whether there is an older one, so
no list is counted. Each row is made ready here from the columns it shows (its line, its
links, its time as text), so the template only prints strings. The page costs a fixed
number of queries whatever the size of the inbox (pinned in ``inbox/tests/test_inbox.py``).
Nothing is kept between requests here; see ``inbox_tags.inbox_waiting_row`` for the memo of
a row's HTML under its own values.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q

from common.urls import reverse_for_pks
from inbox.models import InboxMessage
from inbox.suggestions import describe_values, short_when

Status = InboxMessage.Status
OPEN = [Status.QUEUED, Status.SUGGESTED, Status.NOT_UNDERSTOOD]
WAITING_PER_PAGE = 10
DONE_PER_PAGE = 20
# Far enough for anyone; a page number past it (or not a number) is the first page.
MAX_PAGE = 10_000


@dataclass(frozen=True)
class WaitingRow:
    pk: int
    status: str
    line: str
    sender: str
    subject: str
    received: str
    reason: str
    sender_failed_checks: bool
    keep_in_touch: tuple[int, ...]
    url: str
    confirm_url: str
    dismiss_url: str


@dataclass(frozen=True)
class DoneRow:
    subject: str
    status: str
    result: str
    applied_automatically: bool
    url: str


@dataclass(frozen=True)
class ListPage:
    """One page of a list: its rows, its number, and whether newer and older pages exist."""

    rows: list
    number: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.number > 1


def page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


def _page(found, number: int, per_page: int) -> tuple[list, bool]:
    start = (number - 1) * per_page
    rows = list(found[start : start + per_page + 1])
    return rows[:per_page], len(rows) > per_page


def inbox_waiting(user, *, page: str | None) -> ListPage:
    """The messages still waiting for the person (being read, a suggestion, not
    understood), newest first, one page of them (1 query)."""
    number = page_number(page)
    found = (
        InboxMessage.objects.for_user(user)
        .filter(status__in=OPEN)
        .values_list(
            "pk",
            "status",
            "kind",
            "suggestion",
            "application__company__name",
            "application__role",
            "sender",
            "subject",
            "received_at",
            "reason",
            "spf",
            "dkim",
            "dmarc",
        )
    )
    messages, has_older = _page(found, number, WAITING_PER_PAGE)
    links = _Links(
        reverse_for_pks("inbox:message", "message_pk"),
        reverse_for_pks("inbox:confirm", "message_pk"),
        reverse_for_pks("inbox:dismiss", "message_pk"),
    )
    zone = user.zone
    rows = [_waiting_row(*values, zone=zone, links=links) for values in messages]
    return ListPage(rows, number, has_older)


@dataclass(frozen=True)
class _Links:
    message: Callable[[int], str]
    confirm: Callable[[int], str]
    dismiss: Callable[[int], str]


def _waiting_row(
    pk: int,
    status: str,
    kind: str,
    suggestion: dict,
    company: str | None,
    role: str | None,
    sender: str,
    subject: str,
    received_at: datetime,
    reason: str,
    *verdicts: str,
    zone: ZoneInfo,
    links: _Links,
) -> WaitingRow:
    suggestion = suggestion or {}
    return WaitingRow(
        pk=pk,
        status=status,
        line=describe_values(
            kind=kind, suggestion=suggestion, company=company or "", role=role or "", zone=zone
        ),
        sender=sender,
        subject=subject,
        received=short_when(received_at.astimezone(zone)),
        reason=reason,
        sender_failed_checks=InboxMessage.Verdict.FAIL in verdicts,
        keep_in_touch=tuple(
            person["pk"]
            for person in suggestion.get("keep_in_touch") or []
            if person.get("suggested")
        ),
        url=links.message(pk),
        confirm_url=links.confirm(pk),
        dismiss_url=links.dismiss(pk),
    )


def inbox_done(user, *, page: str | None) -> ListPage:
    """The messages dealt with (done, dismissed, duplicates), newest first, one page of
    them (1 query)."""
    number = page_number(page)
    found = (
        InboxMessage.objects.for_user(user)
        .filter(~Q(status__in=OPEN))
        .values_list("pk", "status", "subject", "result", "applied_automatically")
    )
    messages, has_older = _page(found, number, DONE_PER_PAGE)
    labels = dict(Status.choices)
    link = reverse_for_pks("inbox:message", "message_pk")
    rows = [
        DoneRow(
            subject=subject,
            status=labels.get(status, status),
            result=result,
            applied_automatically=automatically,
            url=link(pk),
        )
        for pk, status, subject, result, automatically in messages
    ]
    return ListPage(rows, number, has_older)
