"""Every page works for interviews at both ends of the dates the database accepts.

The database keeps interview times within 1900 to 2199 as dates in any zone on Earth, with
a day to spare (``interviews.models``), so any stored instant converts to any zone without
overflowing. The sweep opens every page of ours
that takes GET, for an interview at each bound, seen from a zone on the far side of it.
"""

import pytest
from django.db import IntegrityError, transaction
from django.urls import get_resolver, reverse

from interviews.models import (
    EARLIEST_DATE,
    EARLIEST_START,
    LATEST_DATE,
    LATEST_START,
    Application,
    Interview,
)
from reminders.models import Reminder
from tests.test_ownership import model_for, walk
from tests.world import build_world

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EDGES = {
    # 19:00 on 29 December 1899 in New York; 14:00 on 2 January 2200 on Kiritimati (+14).
    "earliest": (EARLIEST_START, EARLIEST_DATE, "America/New_York"),
    "latest": (LATEST_START, LATEST_DATE, "Pacific/Kiritimati"),
}
# Log-out, and allauth's pages of one passkey (its id is in the include() around them).
NOT_PAGES = {"logout", "account_logout", "mfa_edit_webauthn", "mfa_remove_webauthn"}


def page_urls(user):
    """Every named URL of ours, ids filled with ``user``'s rows."""
    for name, pattern in walk(get_resolver().url_patterns):
        if name.startswith("admin:") or name in NOT_PAGES:
            continue
        kwargs = {}
        for kwarg in pattern.pattern.regex.groupindex:
            if not kwarg.endswith("_pk"):
                break  # takes a token or a slug: not a page a person opens from the app
            row = model_for(kwarg)._default_manager.for_user(user).order_by("pk").first()
            kwargs[kwarg] = row.pk
        else:
            yield reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("edge", EDGES)
def test_every_page_works_at_the_ends_of_the_accepted_dates(alice_client, alice, edge):
    instant, day, zone = EDGES[edge]
    build_world(alice)
    Interview.objects.filter(owner=alice).update(starts_at=instant)
    Application.objects.filter(owner=alice).update(
        decision_date=day, latest_round_at=instant, closed_at=instant
    )
    Reminder.objects.filter(owner=alice).update(
        due_at=instant, next_attempt_at=instant, overdue_at=instant
    )
    alice.time_zone = zone
    alice.save()
    alice_client.raise_request_exception = False

    broken = [url for url in page_urls(alice) if alice_client.get(url).status_code == 500]

    assert not broken


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": EARLIEST_START.replace(year=1)},
        {"starts_at": LATEST_START.replace(year=9999)},
        {"application__decision_date": LATEST_START.date().replace(year=9999)},
    ],
)
def test_the_database_refuses_dates_outside_them(alice, change):
    build_world(alice)
    model, (field, value) = Interview, next(iter(change.items()))
    if field.startswith("application__"):
        model, field = Application, field.removeprefix("application__")
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(owner=alice).update(**{field: value})
