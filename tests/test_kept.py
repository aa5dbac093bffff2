"""Kept copies and the change stamp (``common.kept``): the database moves a person's stamp on
every write to what a kept read depends on, by any path, and on nothing else; the kept
reads name no column that is not watched."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.kept import installed_triggers, stamp, watched
from interviews.models import Application, Company, Interview
from interviews.services import interview_update
from reviews import insights
from reviews.models import GutRating, Question, Review, Story
from reviews.services import theme_labels
from reviews.tests.utils import make_review
from tests.factories import InterviewFactory

# Committed writes, as people make them: PostgreSQL's triggers stamp at commit, and nothing is
# kept from inside a transaction.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reviewed(alice):
    """A completed review with every part Insights draws: a theme with a strategy, excitement
    before and after, an employer's ratings."""
    return make_review(
        owner=alice,
        starts_at=timezone.now() - timedelta(days=2),
        excitement_before=3,
        excitement_after=4,
        want_to_work_there=4,
        culture_notes="Calm",
        deal_breakers="On-call every week",
        questions=[("Scale", 2, "Lead with the numbers")],
    )


def test_every_watched_model_has_its_triggers():
    installed = installed_triggers()
    expected = {
        f"kept_{w.topic}_{w.model._meta.db_table}_{op}": w.model._meta.db_table
        for w in watched()
        for op in ("insert", "update", "delete")
    }
    assert installed == expected


def _moves(owner, change) -> bool:
    before = stamp(owner.pk, "history")
    change()
    return stamp(owner.pk, "history") != before


def test_every_write_path_moves_the_stamp(alice, reviewed):
    interview = reviewed.interview
    question = reviewed.questions.get()
    assert _moves(alice, lambda: Question.objects.filter(pk=question.pk).update(comfort=5))
    assert _moves(alice, lambda: Review.objects.filter(pk=reviewed.pk).update(rapport=1))
    assert _moves(alice, lambda: Interview.objects.filter(pk=interview.pk).update(role="Staff"))
    assert _moves(alice, lambda: Company.objects.filter(owner=alice).update(name="Renamed"))
    assert _moves(
        alice, lambda: Application.objects.filter(owner=alice).update(outcome="rejected")
    )
    assert _moves(
        alice,
        lambda: GutRating.objects.create(interview=interview, rating=4, rated_at=timezone.now()),
    )
    assert _moves(
        alice,
        lambda: Question.objects.bulk_create(
            [Question(review=reviewed, text="Why us?", theme="Motivation", comfort=4)]
        ),
    )
    assert _moves(alice, lambda: Story.objects.create(owner=alice, title="The migration"))

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE reviews_question SET comfort = 1 WHERE id = %s", [question.pk])

    assert _moves(alice, raw_sql)
    assert _moves(alice, lambda: Question.objects.filter(pk=question.pk).delete())
    # Deleting the interview takes its review and questions with it: still stamped.
    assert _moves(alice, lambda: Interview.objects.filter(pk=interview.pk).delete())


def test_a_column_no_kept_read_shows_leaves_the_stamp(alice, reviewed):
    """What they learned is not in Insights: saving it keeps the kept copies."""
    interview = reviewed.interview
    assert not _moves(alice, lambda: interview_update(interview=interview, learned="Something"))


def test_a_stamp_is_the_persons_own(alice, bob, reviewed):
    assert not _moves(bob, lambda: Question.objects.filter(review=reviewed).update(comfort=3))


def test_a_stamp_never_repeats(alice, reviewed):
    seen = {stamp(alice.pk, "history")}
    for comfort in (1, 2, 1, 2):
        Question.objects.filter(review=reviewed).update(comfort=comfort)
        seen.add(stamp(alice.pk, "history"))
    assert len(seen) == 5


# A column named in a query: "table"."column", or an alias's (U0."column", T3."column").
COLUMN = re.compile(r'(?:"(\w+)"|\b([TU]\d+))\."(\w+)"')
ALIAS = re.compile(r'"(\w+)" ([TU]\d+)\b')


def _columns_read(fn) -> set[tuple[str, str]]:
    cache.clear()  # so the kept read is built, not found
    with CaptureQueriesContext(connection) as captured:
        fn()
    read = set()
    for query in captured.captured_queries:
        sql = query["sql"]
        if "common_changestamp" in sql or "django_session" in sql or "accounts_user" in sql:
            continue
        aliases = {alias: table for table, alias in ALIAS.findall(sql)}
        for table, alias, column in COLUMN.findall(sql):
            read.add((table or aliases[alias], column))
    return read


def _ok(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_kept_reads_name_only_watched_columns(alice, reviewed):
    """If a kept read starts reading a column nobody watches, a change to it would not move
    the stamp and the copy would go stale: declare it with ``watch`` beside the read."""
    GutRating.objects.create(interview=reviewed.interview, rating=4, rated_at=timezone.now())
    client = Client()
    client.force_login(alice)
    by_table = {w.model._meta.db_table: w for w in watched("history")}
    upcoming = InterviewFactory.create(
        owner=alice,
        company=reviewed.interview.company,
        starts_at=timezone.now() + timedelta(days=2),
        interviewers=[],
    )
    Story.objects.create(owner=alice, title="The migration").themes.create(
        theme="Scale", theme_key="scale"
    )
    read = (
        _columns_read(lambda: _ok(client, reverse("reviews:insights")))
        | _columns_read(lambda: _ok(client, reverse("reviews:plan", args=[upcoming.pk])))
        | _columns_read(lambda: insights.weakest_themes(alice))
        | _columns_read(lambda: insights.theme_stats(alice))
        | _columns_read(lambda: theme_labels(owner=alice))
    )
    assert read, "the kept reads ran no query"
    unwatched = [
        f"{table}.{column}"
        for table, column in sorted(read)
        if table not in by_table
        or not (by_table[table].every_column or column in by_table[table].columns())
    ]
    assert not unwatched, f"read by a kept read but not watched: {unwatched}"


def test_the_feed_reads_only_what_its_stamp_watches(alice, reviewed):
    """The calendar feed's ETag is the person's calendar stamp: its SQL may name only
    columns the calendar topic watches."""
    from urllib.parse import urlsplit

    from reminders.feed import calendar_feed_replace, feed_urls

    path = urlsplit(feed_urls(calendar_feed_replace(user=alice))["https"]).path
    by_table = {w.model._meta.db_table: w for w in watched("calendar")}
    read = _columns_read(lambda: _ok(Client(), path))
    unwatched = [
        f"{table}.{column}"
        for table, column in sorted(read)
        if table not in ("reminders_calendarfeed",)
        and (
            table not in by_table
            or not (by_table[table].every_column or column in by_table[table].columns())
        )
    ]
    assert not unwatched, f"read by the feed but not watched: {unwatched}"
    etag = _ok(Client(), path)["ETag"]
    assert Client().get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    Interview.objects.filter(pk=reviewed.interview_id).update(location="Room 4")
    assert Client().get(path, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_insights_shows_a_change_made_by_any_path(alice, reviewed):
    client = Client()
    client.force_login(alice)
    assert b"Scale" in client.get("/reviews/insights/").content
    Question.objects.filter(review=reviewed).update(theme="Zqxwv")
    assert b"Zqxwv" in client.get("/reviews/insights/").content


def test_insights_is_kept_until_what_it_reads_changes(alice, reviewed):
    client = Client()
    client.force_login(alice)
    client.get("/reviews/insights/")
    with CaptureQueriesContext(connection) as repeat:
        response = client.get("/reviews/insights/")
    # The session, the user, the stamp: the figures come from the kept copy.
    assert len(repeat) == 3
    assert b'name="csrfmiddlewaretoken"' in response.content
    interview_update(interview=reviewed.interview, learned="They ship weekly")
    with CaptureQueriesContext(connection) as after_unrelated:
        client.get("/reviews/insights/")
    assert len(after_unrelated) == 3
    Question.objects.filter(review=reviewed).update(theme="Zqxwv")
    with CaptureQueriesContext(connection) as after_change:
        response = client.get("/reviews/insights/")
    assert len(after_change) > 3
    assert b"Zqxwv" in response.content


def test_nothing_is_kept_while_the_triggers_are_not_in_place(alice, reviewed):
    """During a migrate (or after one that failed half-way) the triggers are gone: then every
    page is drawn from the rows and the feed's ETag matches nothing."""
    from common.kept import install_triggers, remove_triggers

    client = Client()
    client.force_login(alice)
    client.get(reverse("reviews:insights"))
    remove_triggers()
    try:
        assert stamp(alice.pk, "history") is None
        Question.objects.filter(review=reviewed).update(theme="Zqxwv")
        assert b"Zqxwv" in client.get(reverse("reviews:insights")).content
    finally:
        install_triggers()
    Question.objects.filter(review=reviewed).update(theme="Qwzxy")
    assert b"Qwzxy" in client.get(reverse("reviews:insights")).content
