"""People: everyone met, and one person's whole history across the apps.

The pages live in ``interviews`` (it owns Contact); the notes, the reviews' verdicts and
the open follow-ups come from the panels of the apps that own them, so this test is
cross-app and sits here.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Application, Interview, ListeningHook
from interviews.selectors import people_page
from interviews.services import application_set_outcome
from interviews.tests.test_query_counts import queries_for
from notes.models import ThankYouNote
from notes.services import note_set_status, notes_start_for_interview
from reminders.keep_in_touch import keep_in_touch_plan
from reminders.models import Reminder
from reviews.models import GutRating, Review
from reviews.services import gut_rating_record
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    InterviewFactory,
    ListeningHookFactory,
    ReminderFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def ada(alice):
    """Ada at Acme, met twice (the last one with a sent note, hooks, review and gut
    rating), with a final round coming up and an open follow-up."""
    acme = CompanyFactory(owner=alice, name="Acme Rockets")
    ada = ContactFactory(owner=alice, company=acme, name="Ada Lovelace", email="ada@acme.test")
    colleague = ContactFactory(owner=alice, company=acme, name="Grace Hopper")
    now = timezone.now()
    first = InterviewFactory(
        owner=alice,
        company=acme,
        role="Phone screen role",
        starts_at=now - timedelta(days=30),
        interviewers=[ada],
    )
    second = InterviewFactory(
        owner=alice,
        company=acme,
        role="Onsite role",
        starts_at=now - timedelta(days=3),
        interviewers=[ada, colleague],
        outcome=Interview.Outcome.AWAITING,
    )
    InterviewFactory(
        owner=alice,
        company=acme,
        role="Final round role",
        starts_at=now + timedelta(days=5),
        interviewers=[ada],
    )
    ListeningHookFactory(interview=second, contact=ada, text="HOOK-ADA cares about Postgres")
    ListeningHookFactory(interview=second, contact=colleague, text="HOOK-GRACE compilers")
    notes = {note.recipient_id: note for note in notes_start_for_interview(interview=second)}
    note_set_status(
        note=notes[ada.pk],
        status=ThankYouNote.Status.SENT,
        sent_on=date(2026, 11, 20),
        sent_how=ThankYouNote.SentHow.HANDWRITTEN,
    )
    notes_start_for_interview(interview=first)
    gut_rating_record(interview=second, rating=2)
    ReviewFactory(interview=second, rapport=4, want_this_boss=5, takeaways="TAKEAWAY-ONSITE")
    ReminderFactory(owner=alice, interview=second, kind="decision", due_at=now + timedelta(days=9))
    return ada


@pytest.fixture
def someone_else(alice, bob):
    """Rows the person page must not show: alice's other contact's, and bob's."""
    other = InterviewFactory(
        owner=alice,
        role="Unrelated role",
        interviewers=[ContactFactory(owner=alice, name="Linus Torvalds")],
    )
    ListeningHookFactory(interview=other, text="HOOK-LINUS kernels")
    ReviewFactory(interview=other, takeaways="TAKEAWAY-OTHER")
    bobs = InterviewFactory(owner=bob, role="Bobs role", interviewers=[ContactFactory(owner=bob)])
    ListeningHookFactory(interview=bobs, text="HOOK-BOB secret")
    ReviewFactory(interview=bobs, takeaways="TAKEAWAY-BOB")
    notes_start_for_interview(interview=bobs)
    ReminderFactory(owner=bob, interview=bobs, kind="review")


@pytest.mark.slow
def test_a_persons_page_shows_their_whole_history_and_nothing_else(
    alice_client, ada, someone_else
):
    html = html_of(alice_client, reverse("interviews:person", kwargs={"contact_pk": ada.pk}))

    # The interviews together, what they said, the notes (when, how), the reviews' verdict,
    # and what is planned next.
    for text in [
        "Ada Lovelace",
        "Acme Rockets",
        "Phone screen role",
        "Onsite role",
        "Final round role",
        "HOOK-ADA cares about Postgres",
        'Sent <time datetime="2026-11-20">Fri 20 Nov 2026</time>, handwritten and handed over',
        "Not sent yet",
        "TAKEAWAY-ONSITE",
        "Decision check-in",
        "ada@acme.test",
    ]:
        assert text in html, text
    assert html.count("Thank-you note<span") == 2  # the sent one and the draft after the screen
    assert "4 / 5" in html and "5 / 5" in html and "2 / 5" in html  # rapport, boss, gut
    for text in [
        "HOOK-GRACE",
        "Unrelated role",
        "HOOK-LINUS",
        "TAKEAWAY-OTHER",
        "Bobs role",
        "HOOK-BOB",
        "TAKEAWAY-BOB",
    ]:
        assert text not in html, text


@pytest.mark.slow
def test_a_persons_page_shows_the_rounds_and_the_notes_planned_to_them(alice_client, alice):
    """An application's rounds, the ones without them too; keep-in-touch notes planned to
    them after the "no", and not the ones planned to someone else on the same panel."""
    initech = CompanyFactory(owner=alice, name="Initech")
    ada = ContactFactory(owner=alice, company=initech, name="Ada Lovelace")
    grace = ContactFactory(owner=alice, company=initech, name="Grace Hopper")
    now = timezone.now()
    screen = InterviewFactory(
        owner=alice,
        company=initech,
        role="Staff Engineer",
        round="Phone screen",
        starts_at=now - timedelta(days=20),
        interviewers=[ada, grace],
    )
    onsite = InterviewFactory(
        owner=alice,
        company=initech,
        role="Staff Engineer",
        round="Onsite loop",
        starts_at=now - timedelta(days=10),
        interviewers=[grace],
    )
    assert screen.application_id == onsite.application_id
    application = application_set_outcome(
        application=screen.application, outcome=Application.Outcome.REJECTED
    )
    keep_in_touch_plan(application=application, contacts=[ada, grace], months=[3, 6])

    html = html_of(alice_client, reverse("interviews:person", kwargs={"contact_pk": ada.pk}))

    assert application.get_absolute_url() in html
    assert "Staff Engineer at Initech" in html and "Rejected" in html
    assert "Phone screen<span" in html  # with her: a link to the round
    assert "Onsite loop — without Ada" in html
    assert html.count("Keep-in-touch note<span") == 2  # hers, at three and six months
    planned = Reminder.objects.filter(contact=ada).order_by("planned_for")
    for reminder in planned:
        assert f'datetime="{reminder.planned_for:%Y-%m-%d}"' in html
    grace_html = html_of(
        alice_client, reverse("interviews:person", kwargs={"contact_pk": grace.pk})
    )
    assert grace_html.count("Keep-in-touch note<span") == 2


@pytest.mark.slow
def test_the_people_page_lists_everyone_with_last_contact_and_rapport(
    alice_client, ada, someone_else
):
    html = html_of(alice_client, reverse("interviews:people"))

    assert "Ada Lovelace" in html and "Grace Hopper" in html and "Linus Torvalds" in html
    assert "Bobs role" not in html
    row = html[html.index("Ada Lovelace") :].split("</tr>")[0]
    last = timezone.localtime(timezone.now() - timedelta(days=3))
    assert last.strftime("%-d %b %Y") in row  # the onsite, not the final round to come
    assert "4 / 5" in row
    assert '<td data-label="Interviews">3</td>' in row


def test_people_filter_by_company_and_sort_by_last_contact(alice_client, alice):
    now = timezone.now()
    acme, initech = CompanyFactory(owner=alice), CompanyFactory(owner=alice)
    for name, company, days in [
        ("Met long ago", acme, 90),
        ("Met yesterday", acme, 1),
        ("Never met", acme, None),
        ("At Initech", initech, 2),
    ]:
        contact = ContactFactory(owner=alice, company=company, name=name)
        if days is not None:
            InterviewFactory(
                owner=alice,
                company=company,
                starts_at=now - timedelta(days=days),
                interviewers=[contact],
            )

    page = alice_client.get(reverse("interviews:people"), {"company": acme.pk})
    names = [c.name for c in page.context["page"].object_list]
    assert names == ["Met yesterday", "Met long ago", "Never met"]

    page = alice_client.get(reverse("interviews:people"), {"sort": "name"})
    names = [c.name for c in page.context["page"].object_list]
    assert names == ["At Initech", "Met long ago", "Met yesterday", "Never met"]


def test_people_pages_by_last_contact_run_on_into_those_not_met_yet(alice, bob):
    """Page by page, People is everyone met, latest first and by name within one interview,
    then everyone not met yet (only called off, only to come, never on a panel), by name."""
    now = timezone.now()
    people = {
        name: ContactFactory(owner=alice, name=name)
        for name in ["zoe", "Émile", "adam", "Yann", "Bea", "Cy", "Dee", "ed"]
    }

    def met(names, days, **kwargs):
        InterviewFactory(
            owner=alice,
            starts_at=now + timedelta(days=days),
            interviewers=[people[name] for name in names],
            **kwargs,
        )

    met(["zoe", "adam", "Émile"], -2)  # one panel: by name
    met(["zoe"], -9)  # earlier: not zoe's last contact
    met(["Yann"], -5)
    met(["Cy"], -1, cancelled=True)  # called off: not met
    met(["Dee", "zoe"], 3)  # to come: not met yet
    ContactFactory(owner=bob, name="Bobs contact")
    expected = ["adam", "zoe", "Émile", "Yann", "Bea", "Cy", "Dee", "ed"]

    for per_page in (1, 2, 3, 5, 50):
        seen = []
        for number in range(1, -(-len(expected) // per_page) + 1):
            page = people_page(
                alice, company_id=None, by_name=False, now=now, number=number, per_page=per_page
            )
            assert page.paginator.count == len(expected)
            seen += [row.name for row in page.object_list]
        assert seen == expected, per_page
    # A page past the end is the last one, as a paginator's get_page gives it.
    page = people_page(alice, company_id=None, by_name=False, now=now, number=9, per_page=3)
    assert [row.name for row in page.object_list] == ["Dee", "ed"]


def test_a_company_that_is_not_yours_is_ignored_with_a_message(alice_client, alice, bob):
    ContactFactory(owner=alice, name="Ada Lovelace")
    bobs_company = CompanyFactory(owner=bob)

    html = html_of(alice_client, f"{reverse('interviews:people')}?company={bobs_company.pk}")

    assert "Ada Lovelace" in html
    assert "That company is not in your list any more, so everyone is shown." in html


def test_old_contacts_links_move_permanently_to_people(alice_client):
    response = alice_client.get("/contacts/?page=2")
    assert response.status_code == 301
    assert response["Location"] == f"{reverse('interviews:people')}?page=2"


def test_saving_a_contact_returns_to_their_page(alice_client, alice):
    contact = ContactFactory(owner=alice, name="Ada Lovelace")
    url = reverse("interviews:contact_edit", kwargs={"contact_pk": contact.pk})
    response = alice_client.post(url, {"name": "Ada King", "greet_as": "", "email": ""})
    assert response.status_code == 302
    assert response["Location"] == contact.get_absolute_url()


# Query counts: an N+1 on either page shows up as a failing test.


def make_people(owner, n):
    """n people at 5 companies, each met in one past interview with a review, a sent note
    and a listening hook."""
    companies = [CompanyFactory(owner=owner) for _ in range(5)]
    contacts = [ContactFactory(owner=owner, company=companies[i % 5]) for i in range(n)]
    now = timezone.now()
    openings = Application.objects.bulk_create(
        Application(owner=owner, company=companies[i % 5], role=f"Role {i}") for i in range(n)
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=owner,
            company=companies[i % 5],
            application=openings[i],
            role=f"Role {i}",
            starts_at=now - timedelta(i),
        )
        for i in range(n)
    )
    link_history(contacts, interviews)


def make_history_with(owner, contact, n):
    """n interviews with one person (past and upcoming), each with every kind of row the
    person page shows."""
    now = timezone.now()
    opening = Application.objects.create(
        owner=owner, company_id=contact.company_id, role="Platform Engineer"
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=owner,
            company_id=contact.company_id,
            application=opening,
            role=f"Round {i}",
            starts_at=now + timedelta(days=(-1) ** i * (i + 1)),
        )
        for i in range(n)
    )
    link_history([contact] * n, interviews)


def link_history(contacts, interviews):
    through = Interview.interviewers.through
    through.objects.bulk_create(
        through(interview_id=i.pk, contact_id=c.pk)
        for c, i in zip(contacts, interviews, strict=True)
    )
    ListeningHook.objects.bulk_create(
        ListeningHook(interview=i, contact=c, position=1, text=f"Hook {i.pk}")
        for c, i in zip(contacts, interviews, strict=True)
    )
    ThankYouNote.objects.bulk_create(
        ThankYouNote(
            interview=i,
            recipient=c,
            status="sent",
            sent_on=date(2026, 11, 2),
            sent_how="email",
        )
        for c, i in zip(contacts, interviews, strict=True)
    )
    Review.objects.bulk_create(Review(interview=i, rapport=3) for i in interviews)
    GutRating.objects.bulk_create(
        GutRating(interview=i, rating=4, rated_at=i.starts_at) for i in interviews
    )
    Reminder.objects.bulk_create(
        Reminder(
            owner=i.owner,
            interview=i,
            kind="decision",
            due_at=i.starts_at + timedelta(days=7),
            next_attempt_at=i.starts_at + timedelta(days=7),
            overdue_at=i.starts_at + timedelta(days=8),
        )
        for i in interviews
    )


@pytest.mark.slow
def test_the_people_page_costs_the_same_queries_for_5_and_500(alice_client, alice):
    url = reverse("interviews:people")
    make_people(alice, 5)
    small = queries_for(alice_client, url)

    make_people(alice, 495)
    large = queries_for(alice_client, url)

    assert small == large
    # The session and the user, the companies (for the filter), the page with the number of
    # people, their rapport.
    assert large == 5, f"{url} made {large} queries"


@pytest.mark.slow
def test_a_persons_page_costs_the_same_queries_for_5_and_500_interviews(alice_client, alice):
    contact = ContactFactory(owner=alice)
    url = reverse("interviews:person", kwargs={"contact_pk": contact.pk})
    make_history_with(alice, contact, 5)
    small = queries_for(alice_client, url)

    make_history_with(alice, contact, 495)
    large = queries_for(alice_client, url)

    assert small == large
    # The session and the user, the person, every round of the applications they were in
    # (theirs marked), what they said; the notes, the reviews with the gut ratings, and
    # what is planned next.
    assert large == 8, f"{url} made {large} queries"
