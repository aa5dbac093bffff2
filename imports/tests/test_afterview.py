"""Our own export, read back: into an empty account it gives back everything; into the same
account again it adds nothing; a hand-edited or foreign file is refused, nothing saved."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from accounts.services import user_export_data
from api.models import PersonalToken
from api.services import token_create
from imports.afterview import TOKEN_SECTIONS, imported_models
from imports.models import ImportRun
from interviews.models import Application, Interview
from reminders.models import CalendarFeed, Reminder
from reminders.sweep import reminders_send_due
from tests.factories import InterviewFactory, UserFactory
from tests.world import build_world

pytestmark = pytest.mark.django_db

VOLATILE = {"id", "owner", "seed", "token_digest"}


def export_bytes(user) -> bytes:
    return json.dumps(user_export_data(user=user), cls=DjangoJSONEncoder).encode()


def comparable(user) -> dict:
    """The export without ids, owners, tokens and its own time: what must survive a move."""
    user.refresh_from_db()
    data = json.loads(export_bytes(user))
    out = {}
    for model in imported_models():
        label = model._meta.label_lower
        relations = {f.name for f in model._meta.concrete_fields if f.is_relation}
        relations |= {f.name for f in model._meta.many_to_many}
        rows = []
        for row in data[label]:
            kept = {k: v for k, v in row.items() if k not in VOLATILE | relations}
            if label in TOKEN_SECTIONS:
                kept.pop("created_at")  # a new token is made now
            # References compared by what they point at: the count of links.
            kept["_links"] = sorted(
                k for k in relations if row.get(k) not in (None, []) and k != "owner"
            )
            rows.append(json.dumps(kept, sort_keys=True))
        out[label] = sorted(rows)
    profile = dict(data["profile"])
    profile.pop("email")
    profile.pop("date_joined")
    out["profile"] = profile
    return out


def upload(client, data: bytes, name="afterview-export.json"):
    return client.post(
        reverse("imports:start"), {"file": SimpleUploadedFile(name, data, "application/json")}
    )


def import_file(client, data: bytes) -> ImportRun:
    response = upload(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ImportRun.objects.order_by("-pk").first()
    assert run is not None
    response = client.post(reverse("imports:commit", kwargs={"importrun_pk": run.pk}))
    assert response.status_code == 302
    run.refresh_from_db()
    return run


@pytest.mark.slow
def test_an_export_read_into_an_empty_account_gives_back_everything(client, alice):
    build_world(alice)
    token_create(owner=alice, name="script", scope="write")
    InterviewFactory(owner=alice, role="Инженер-программист", company__name="株式会社メルカリ")
    exported = export_bytes(alice)
    carol = UserFactory(email="carol@example.com", time_zone="UTC", full_name="")
    client.force_login(carol)

    run = import_file(client, exported)

    assert run.status == ImportRun.Status.DONE, run.error
    assert comparable(carol) == comparable(alice)
    # API tokens are keys: never brought back; the person makes new ones.
    assert not PersonalToken.objects.filter(owner=carol).exists()
    # Tokens are new ones, with the same choices.
    assert CalendarFeed.objects.get(owner=carol).token_digest != (
        CalendarFeed.objects.get(owner=alice).token_digest
    )


@pytest.mark.slow
def test_the_same_file_twice_adds_nothing(client, alice):
    build_world(alice)
    exported = export_bytes(alice)
    carol = UserFactory(email="carol@example.com")
    client.force_login(carol)
    import_file(client, exported)
    before = comparable(carol)
    counts = {m: m._default_manager.count() for m in imported_models()}

    second = import_file(client, exported)

    assert second.status == ImportRun.Status.DONE, second.error
    assert second.summary["result"]["created"] == 0
    assert {m: m._default_manager.count() for m in imported_models()} == counts
    assert comparable(carol) == before


@pytest.mark.slow
def test_reminders_come_back_as_planned_and_nothing_is_sent_twice(client, alice):
    interview = InterviewFactory(
        owner=alice, starts_at=timezone.now() - timezone.timedelta(days=3)
    )
    Reminder.objects.create(
        owner=alice,
        interview=interview,
        kind="thank_you",
        status="sent",
        due_at=interview.starts_at,
        next_attempt_at=interview.starts_at,
        overdue_at=interview.starts_at,
        armed_at=interview.starts_at,
        sent_at=interview.starts_at,
    )
    Reminder.objects.create(
        owner=alice,
        interview=interview,
        kind="review",
        status="sending",
        due_at=interview.starts_at,
        next_attempt_at=interview.starts_at,
        overdue_at=interview.starts_at,
        armed_at=interview.starts_at,
        claimed_at=interview.starts_at,
    )
    exported = export_bytes(alice)
    alice.delete()  # deleted by mistake; the export is read into a new account
    carol = UserFactory(email="carol@example.com")
    client.force_login(carol)
    import_file(client, exported)
    mail.outbox.clear()

    reminders_send_due(now=timezone.now() + timezone.timedelta(hours=1))

    assert set(Reminder.objects.filter(owner=carol).values_list("kind", "status")) == {
        ("thank_you", "sent"),
        ("review", "sent"),
    }
    assert mail.outbox == []


@pytest.mark.slow
def test_undo_removes_what_the_import_added_but_keeps_what_changed(client, alice):
    build_world(alice)
    exported = export_bytes(alice)
    carol = UserFactory(email="carol@example.com")
    client.force_login(carol)
    run = import_file(client, exported)
    changed = Interview.objects.for_user(carol).order_by("pk").first()
    assert changed is not None
    Interview.objects.filter(pk=changed.pk).update(
        learned="Changed since", updated_at=timezone.now()
    )

    response = client.post(reverse("imports:undo", kwargs={"importrun_pk": run.pk}))

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UNDONE
    left = list(Interview.objects.for_user(carol).values_list("pk", flat=True))
    assert left == [changed.pk], run.summary
    assert Application.objects.for_user(carol).count() == 1  # the changed round keeps its own
    assert run.summary["undo"]["kept"] >= 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda d: d.update({"interviews.interview": "oops"}), "not a list"),
        (lambda d: d["interviews.interview"][0].update({"company": 999_999}), "not in this file"),
        (lambda d: d["interviews.interview"][0].update({"excitement_before": 9}), "interview"),
        (
            lambda d: d["interviews.interview"][0].update({"starts_at": "2300-01-01T10:00:00Z"}),
            "1900",
        ),
        (
            lambda d: d["interviews.interview"][0].update({"starts_at": "yesterday-ish"}),
            "cannot be read",
        ),
        (lambda d: d["interviews.interview"][0].update({"hacker": 1}), "unknown field"),
        (lambda d: d["interviews.interview"][0].pop("id"), "no id"),
        (lambda d: d.update({"format_version": 99}), "newer Afterview"),
    ],
)
def test_a_hand_edited_export_is_refused_with_nothing_saved(client, alice, bob, edit, says):
    build_world(alice)
    data = json.loads(export_bytes(alice))
    edit(data)
    client.force_login(bob)
    before = Interview.objects.count(), Application.objects.count()

    response = upload(client, json.dumps(data).encode())
    if response.status_code == 302:  # the shape was fine: the commit finds what is wrong
        run = ImportRun.objects.filter(owner=bob).latest("pk")
        client.post(reverse("imports:commit", kwargs={"importrun_pk": run.pk}))
        run.refresh_from_db()
        assert run.status == ImportRun.Status.FAILED
        message = run.error
    else:
        assert response.status_code == 400
        message = response.content.decode()

    assert says in message
    assert (Interview.objects.count(), Application.objects.count()) == before


@pytest.mark.slow
def test_another_persons_ids_in_the_file_reach_nothing_of_theirs(client, alice, bob):
    build_world(alice)
    build_world(bob)
    data = json.loads(export_bytes(alice))
    bobs_company = bob.companies.first().pk
    data["interviews.interview"][0]["company"] = bobs_company
    data["interviews.interview"][0]["owner"] = bob.pk
    carol = UserFactory(email="carol@example.com")
    client.force_login(carol)

    response = upload(client, json.dumps(data).encode())
    run = ImportRun.objects.filter(owner=carol).latest("pk")
    client.post(reverse("imports:commit", kwargs={"importrun_pk": run.pk}))

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert Interview.objects.for_user(carol).count() == 0


@pytest.mark.slow
def test_an_export_without_a_format_version_is_read_as_version_0(client, alice):
    build_world(alice)
    data = json.loads(export_bytes(alice))
    del data["format"], data["format_version"]
    carol = UserFactory(email="carol@example.com")
    client.force_login(carol)

    run = import_file(client, json.dumps(data).encode())

    assert run.status == ImportRun.Status.DONE, run.error
    assert Interview.objects.for_user(carol).count() == Interview.objects.for_user(alice).count()


@pytest.mark.slow
def test_another_persons_import_is_a_404(client, alice, bob):
    build_world(alice)
    client.force_login(alice)
    upload(client, export_bytes(alice))
    run = ImportRun.objects.filter(owner=alice).latest("pk")
    client.force_login(bob)
    for name in ("detail", "progress"):
        assert (
            client.get(reverse(f"imports:{name}", kwargs={"importrun_pk": run.pk})).status_code
            == 404
        )
    for name in ("commit", "undo", "columns", "skip_problems"):
        assert (
            client.post(reverse(f"imports:{name}", kwargs={"importrun_pk": run.pk})).status_code
            == 404
        )
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW
