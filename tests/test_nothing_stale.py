"""Nothing a person sees is ever out of date, whatever path wrote the change.

Pages are drawn from the rows, and the few heavy reads that are kept are kept under change
stamps the database moves on any write (``common.kept``, docs/performance.md), so this holds
by construction; these tests keep it so. They commit, as requests do: nothing is kept from
inside a transaction, so a test inside one would never meet a kept copy. Every owned model
is changed the way no service would remember to announce — a bare ``QuerySet.update()`` —
and by the admin's "delete selected", and a profile save races the sweep; then every page
that shows the row is read again. A new owned model fails
``test_every_owned_model_is_written_here`` until it has a case below.
"""

import re
from datetime import date, timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.forms import ProfileForm
from accounts.services import owned_models, profile_update
from api.models import PersonalToken
from api.services import token_create
from imports.models import ImportRun
from imports.services import import_read
from inbox.address import inbox_address_replace
from inbox.models import InboxAddress, InboxMessage
from inbox.services import inbox_read, inbox_receive
from interviews.models import Application, Company, Contact, Interview, ListeningHook
from interviews.services import interview_create, listening_hooks_set
from notes.models import ThankYouNote
from reminders.feed import calendar_feed_replace, feed_urls
from reminders.models import CalendarFeed, Reminder
from reminders.sweep import SweepReport, _deliver, reminders_claim_due
from reviews.models import GutRating, PlanItem, Question, Review, Story, StoryTheme
from reviews.services import gut_rating_record, plan_item_add, story_save
from reviews.tests.utils import make_review
from tests.factories import ThankYouNoteFactory, UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MARK = "Zqxwv"  # a word no page holds until a test writes it


@pytest.fixture
def world(alice):
    """Alice's interviews through the app's own services: a past round with an interviewer,
    what she said, a note, a gut rating; its completed review with a question; an upcoming
    round at the same company with a plan and a story; reminders as planned; her feed."""
    now = timezone.now()
    past = interview_create(
        owner=alice,
        company_name="Initech",
        role="Platform Engineer",
        starts_at=now - timedelta(days=3),
        duration_minutes=60,
        new_interviewers=[{"name": "Grace Hopper", "email": "grace@initech.example"}],
    )
    grace = past.interviewers.get()
    listening_hooks_set(interview=past, contact=grace, texts=["Cares about on-call"])
    ThankYouNoteFactory(interview=past, recipient=grace)
    gut_rating_record(interview=past, rating=4)
    token_create(owner=alice, name="Script", scope="read")
    reviewed = make_review(
        owner=alice,
        starts_at=now - timedelta(days=5),
        company="Initech",
        questions=[("Salary", 1, "Know the band")],
        takeaways="A calm team.",
    )
    upcoming = interview_create(
        owner=alice,
        company_name="Initech",
        role="Platform Engineer",
        starts_at=now + timedelta(days=2),
        duration_minutes=45,
        interviewers=[grace],
    )
    story = story_save(
        owner=alice,
        fields={"title": "The volunteer fair", "situation": "Fifty people."},
        themes=["Leadership"],
    )
    plan_item_add(interview=upcoming, kind="story", text="Tell the fair", story=story)
    feed = calendar_feed_replace(user=alice)
    inbox_address_replace(user=alice)
    message = inbox_receive(
        raw=b"From: Jo <jo@initech.example>\r\nSubject: Your interview at Initech\r\n"
        b"Message-ID: <stale@initech.example>\r\n\r\nUnfortunately we will not be moving "
        b"forward with your application.\r\n",
        via="upload",
        owner=alice,
    ).message
    assert message is not None
    inbox_read(message_pk=message.pk)
    import_read(owner=alice, filename="applications.csv", data=b"Company,Role\nInitech,SRE\n")
    return SimpleNamespace(
        past=past,
        grace=grace,
        reviewed=reviewed,
        upcoming=upcoming,
        story=story,
        feed=feed,
        message=message,
    )


def pages(world) -> dict[str, str]:
    return {
        "dashboard": reverse("interviews:dashboard"),
        "interview list": reverse("interviews:list"),
        "interview": world.past.get_absolute_url(),
        "upcoming": world.upcoming.get_absolute_url(),
        "people": reverse("interviews:people"),
        "person": world.grace.get_absolute_url(),
        "application": world.past.application.get_absolute_url(),
        "plan": reverse("reviews:plan", args=[world.upcoming.pk]),
        "review form": reverse("reviews:edit", args=[world.reviewed.interview_id]),
        "insights": reverse("reviews:insights"),
        "stories": reverse("reviews:stories"),
        "story": world.story.get_absolute_url(),
        "inbox": reverse("inbox:inbox"),
        "message": world.message.get_absolute_url(),
        "imports": reverse("imports:start"),
        "api tokens": reverse("api:tokens"),
    }


def read(client, world, *, gone: str = "") -> dict[str, str]:
    """Every page, and the feed (as its ETag and its text), as they are now. ``gone``: a
    page whose row was deleted (a 404 now)."""
    seen = {}
    for name, url in pages(world).items():
        response = client.get(url)
        assert response.status_code == (404 if name == gone else 200), name
        seen[name] = re.sub(r'value="[^"]{30,}"', "", response.content.decode())  # CSRF
    feed = Client().get(urlsplit(feed_urls(CalendarFeed.objects.get())["https"]).path)
    seen["feed"] = f"{feed['ETag']}\n{feed.content.decode()}"
    return seen


def alices(model, alice):
    return model._default_manager.for_user(alice)


# (model, what to change with a bare QuerySet.update(), the pages that must show it). A text
# change must show as the new text; any other change must change the page.
CASES = [
    (
        Company,
        {"name": f"{MARK} Corp"},
        [
            "dashboard",
            "interview list",
            "interview",
            "people",
            "person",
            "application",
            "insights",
            "feed",
        ],
    ),
    (Contact, {"name": f"Ada {MARK}"}, ["interview", "people", "person", "upcoming"]),
    (Application, {"role": f"{MARK} Engineer"}, ["application"]),
    (
        Interview,
        {"role": f"{MARK} Lead"},
        ["interview list", "interview", "upcoming", "person", "feed"],
    ),
    (ListeningHook, {"text": f"Loves {MARK}"}, ["interview", "person"]),
    (
        ThankYouNote,
        {"status": ThankYouNote.Status.SENT, "sent_on": date(2026, 1, 5)},
        ["interview", "person"],
    ),
    (Review, {"takeaways": f"{MARK} takeaways"}, ["review form"]),
    (Question, {"next_time": f"Practise {MARK}"}, ["review form", "insights", "upcoming"]),
    (PlanItem, {"text": f"Say {MARK}"}, ["plan", "upcoming"]),
    (Story, {"title": f"The {MARK} fair"}, ["stories", "story", "plan"]),
    (StoryTheme, {"theme": f"{MARK}ing"}, ["story"]),
    (GutRating, {"rating": 1}, ["interview", "person"]),
    (Reminder, {"status": Reminder.Status.DONE}, ["interview", "feed"]),
    (CalendarFeed, {"include_details": True}, ["feed"]),
    (InboxAddress, {"seed": "a-new-seed-replaces-the-forwarding-address"}, ["inbox"]),
    (InboxMessage, {"subject": f"{MARK} news"}, ["inbox", "message"]),
    (ImportRun, {"filename": f"{MARK}.csv"}, ["imports"]),
    (PersonalToken, {"name": f"{MARK} script"}, ["api tokens"]),
]


def test_every_owned_model_is_written_here():
    covered = {model for model, _, _ in CASES}
    missing = [model._meta.label for model in owned_models() if model not in covered]
    assert not missing, f"add a case for {missing}: can a bare update() leave a page stale?"


@pytest.mark.parametrize(
    ("model", "change", "shown_on"), CASES, ids=[model.__name__ for model, _, _ in CASES]
)
def test_a_bare_queryset_update_shows_on_every_page_at_once(
    alice_client, alice, world, model, change, shown_on
):
    before = read(alice_client, world)
    assert not any(MARK in html for html in before.values())

    assert alices(model, alice).update(**change)

    after = read(alice_client, world)
    text = next((v for v in change.values() if isinstance(v, str) and MARK in v), None)
    for name in shown_on:
        if text is not None and name != "feed":
            assert text in after[name], f"{model.__name__}: {name} is stale"
        else:
            assert after[name] != before[name], f"{model.__name__}: {name} is stale"


@pytest.mark.parametrize("model", [Reminder, GutRating, Story])
def test_the_admins_delete_selected_shows_at_once(alice_client, alice, world, model):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(staff)
    before = read(alice_client, world)
    rows = list(alices(model, alice).values_list("pk", flat=True))
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = admin.post(
        url, {"action": "delete_selected", "_selected_action": rows, "post": "yes"}
    )
    assert response.status_code == 302
    assert not alices(model, alice).exists()
    after = read(alice_client, world, gone="story" if model is Story else "")
    assert after != before


def test_a_profile_save_racing_the_sweep_undoes_nothing(alice_client, alice, world):
    """The settings form was loaded before the sweep sent a reminder; saving it afterwards
    writes only the form's fields, and every page shows what the sweep did."""
    stale_copy = type(alice).objects.get(pk=alice.pk)
    due = Reminder.objects.filter(owner=alice, interview=world.past).order_by("due_at").first()
    now = timezone.now()
    Reminder.objects.filter(pk=due.pk).update(next_attempt_at=now - timedelta(minutes=1))
    reminders_claim_due(now=now, limit=10, ids=[due.pk])
    _deliver([due.pk], SweepReport())
    due.refresh_from_db()
    assert due.status == Reminder.Status.SENT

    form = ProfileForm(
        {
            **{name: getattr(stale_copy, name) for name in ProfileForm._meta.fields},
            "full_name": "Alice Renamed",
        },
        instance=stale_copy,
    )
    assert form.is_valid(), form.errors
    profile_update(form=form)

    due.refresh_from_db()
    assert due.status == Reminder.Status.SENT
    html = alice_client.get(world.past.get_absolute_url()).content.decode()
    assert f'id="reminder-{due.pk}"' in html
    assert 'data-status="sent"' in html.split(f'id="reminder-{due.pk}"')[1].split("</li>")[0]
    assert "Alice Renamed" in alice_client.get(reverse("interviews:dashboard")).content.decode()
