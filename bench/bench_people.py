"""People for a person who met 2,000 people vs. a bare view, same middleware; and one
person's page and everyone's vCards, with their query counts."""

from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.harness import Result, count_queries, median_seconds, page_results, person_write, size
from interviews.models import Application, Company, Contact, Interview, ListeningHook
from notes.models import ThankYouNote
from reminders.models import Reminder
from reviews.models import GutRating, Review
from tests.factories import UserFactory

CONTACTS = size(2_000, smoke=6)
COMPANIES = size(200, smoke=3)
# Each person met in two interviews, panels of two: 2,000 interviews, two rounds each of
# 1,000 applications.
INTERVIEWS = CONTACTS


def prepare() -> dict[str, Callable[[], None]]:
    """The data, a logged-in client, and one callable per page (the profiler reuses them)."""
    user = UserFactory.create(email="bench-people@example.com")
    companies = Company.objects.bulk_create(
        Company(owner=user, name=f"Company {i}") for i in range(COMPANIES)
    )
    contacts = Contact.objects.bulk_create(
        Contact(
            owner=user,
            company=companies[i % COMPANIES],
            name=f"Person {i:04d}",
            title="Engineering Manager",
            email=f"person{i}@company{i % COMPANIES}.example" if i % 7 else "",
            postal_address="1 Market Street\nSan Francisco, CA 94105",
            notes="Met at the fair; likes Postgres.\nAsk about on-call.",
        )
        for i in range(CONTACTS)
    )
    now = timezone.now()
    # Two rounds per application, as interviews.services groups them.
    openings = Application.objects.bulk_create(
        Application(owner=user, company=companies[i % COMPANIES], role=f"Role {i}")
        for i in range(INTERVIEWS // 2)
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=user,
            company=companies[i // 2 % COMPANIES],
            application=openings[i // 2],
            role=f"Role {i // 2}",
            starts_at=now + timedelta(days=i % 400 - 380, hours=i % 24),
        )
        for i in range(INTERVIEWS)
    )
    for n, opening in enumerate(openings):
        opening.latest_round_at = max(interviews[2 * n].starts_at, interviews[2 * n + 1].starts_at)
    Application.objects.bulk_update(openings, ["latest_round_at"])
    panel = [(i, (i * 2 + k) % CONTACTS) for i in range(INTERVIEWS) for k in range(2)]
    through = Interview.interviewers.through
    through.objects.bulk_create(
        through(interview_id=interviews[i].pk, contact_id=contacts[c].pk) for i, c in panel
    )
    ListeningHook.objects.bulk_create(
        ListeningHook(interview=interviews[i], contact=contacts[c], position=1, text=f"Hook {i}")
        for i, c in panel
    )
    past = [i for i in range(INTERVIEWS) if interviews[i].starts_at < now]
    ThankYouNote.objects.bulk_create(
        ThankYouNote(
            interview=interviews[i],
            recipient=contacts[c],
            status="sent",
            sent_on=date(2026, 1, 1),
            sent_how="handwritten",
        )
        for i, c in panel
        if i in set(past)
    )
    Review.objects.bulk_create(
        Review(interview=interviews[i], rapport=i % 5 + 1, want_this_boss=3) for i in past
    )
    GutRating.objects.bulk_create(
        GutRating(interview=interviews[i], rating=4, rated_at=interviews[i].starts_at)
        for i in past
    )
    Reminder.objects.bulk_create(
        Reminder(
            owner=user,
            interview=interviews[i],
            kind="decision",
            due_at=interviews[i].starts_at + timedelta(days=7),
            next_attempt_at=interviews[i].starts_at + timedelta(days=7),
            overdue_at=interviews[i].starts_at + timedelta(days=8),
        )
        for i in range(INTERVIEWS)
    )
    # Fresh bulk inserts have no planner statistics yet (see bench_reviews).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(user)
    someone = contacts[0]

    def people():
        response = client.get("/people/")
        assert response.status_code == 200
        assert f"Page 1 of {-(-CONTACTS // 50)}".encode() in response.content or CONTACTS <= 50

    def people_at_a_company():
        assert (
            client.get(f"/people/?company={companies[3 % COMPANIES].pk}&sort=name").status_code
            == 200
        )

    def person():
        assert client.get(f"/people/{someone.pk}/").status_code == 200

    def all_vcards():
        response = client.get("/people/vcards/")
        assert response.status_code == 200
        assert response.getvalue().count(b"BEGIN:VCARD") == CONTACTS

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    return {
        f"people ({CONTACTS} contacts, page 1 by last contact)": people,
        f"people at one company ({CONTACTS} contacts, by name)": people_at_a_company,
        "a person's page (2 interviews, notes, reviews, follow-ups)": person,
        f"all vCards ({CONTACTS} contacts, one file)": all_vcards,
        "bare": bare,
        "write": person_write(interviews[0]),
    }


def run() -> list[Result]:
    pages = prepare()
    bare, write = pages.pop("bare"), pages.pop("write")
    vcards_name = f"all vCards ({CONTACTS} contacts, one file)"
    vcards = pages.pop(vcards_name)
    results = page_results(pages, bare=bare, write=write, repeat=30)
    # A download, not a page: timed once per round after the pages, against the same bare view.
    vcards_s = median_seconds(vcards, repeat=5, warmup=1)
    bare_ms = results[0].baseline_ms
    results.append(
        Result(
            vcards_name, vcards_s * 1000, bare_ms, "bare view", {"queries": count_queries(vcards)}
        )
    )
    return results
