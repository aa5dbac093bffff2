"""The private calendar feed for a person with 1,000 interviews and their open follow-ups,
vs. a bare view through the same middleware: written whole after a change (every fetch that
is not a 304 is written whole: nothing is kept), and a calendar app's repeat fetch of
unchanged data (ETag, 304). Timed in turns with the bare view."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.test import Client, override_settings
from django.utils import timezone

from bench.harness import Result, count_queries, interleaved_medians, size
from reminders.feed import calendar_feed_replace, feed_urls
from reminders.models import Reminder
from reminders.scheduling import reminders_plan_for
from tests.factories import CompanyFactory, ContactFactory, InterviewFactory, UserFactory

INTERVIEWS = size(1_000, smoke=5)
COMPANIES = size(120, smoke=3)
CONTACTS = size(40, smoke=3)


def run() -> list[Result]:
    user = UserFactory.create(email="bench-calendar@example.com", time_zone="America/Santiago")
    companies = [CompanyFactory.create(owner=user) for _ in range(COMPANIES)]
    contacts = [
        ContactFactory.create(owner=user, company=companies[i % COMPANIES])
        for i in range(CONTACTS)
    ]
    now = timezone.now()
    for i in range(INTERVIEWS):
        interview = InterviewFactory.create(
            owner=user,
            company=companies[i % COMPANIES],
            interviewers=contacts[i % CONTACTS : i % CONTACTS + 2],
            # Half still ahead, so their follow-ups are open; across Santiago's DST changes.
            starts_at=now + timedelta(days=i % 400 - 200, hours=i % 24),
            decision_date=(now + timedelta(days=i % 400 - 180)).date() if i % 3 == 0 else None,
        )
        interview.owner = user
        reminders_plan_for(interview=interview)
    follow_ups = Reminder.objects.for_user(user).open().count()
    url = urlsplit(feed_urls(calendar_feed_replace(user=user))["https"]).path
    client = Client()
    etag = client.get(url)["ETag"]

    def feed():
        assert client.get(url).status_code == 200

    def feed_304():
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    # One run measures many fetches: the per-feed rate limit is for calendar apps, not this.
    with override_settings(REMINDERS_FEED_FETCHES_PER_HOUR=10**9):
        medians = interleaved_medians({"bare": bare, "feed": feed, "304": feed_304}, repeat=20)
        body = len(client.get(url).content)
        queries = count_queries(feed)
        queries_304 = count_queries(feed_304)
    bare_ms = medians["bare"] * 1000
    return [
        Result(
            f"calendar feed, written whole ({INTERVIEWS} interviews, {follow_ups} open "
            "follow-ups)",
            medians["feed"] * 1000,
            bare_ms,
            "bare view",
            {"queries": queries, "bytes": body},
        ),
        Result(
            "calendar feed, repeat fetch answered 304 by ETag",
            medians["304"] * 1000,
            bare_ms,
            "bare view",
            {"queries": queries_304},
        ),
    ]
