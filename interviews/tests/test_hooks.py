"""Listening hooks: what each interviewer said, asked or cared about, filled right after."""

import pytest
from django.urls import reverse

from interviews.models import ListeningHook
from interviews.services import interview_update, listening_hooks_set
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(alice):
    people = [
        ContactFactory(owner=alice, name=name) for name in ("Ada Lovelace", "李小龙", "نور الهدى")
    ]
    return InterviewFactory(owner=alice, interviewers=people), people


def hooks_of(interview, person):
    return list(
        ListeningHook.objects.filter(interview=interview, contact=person).values_list(
            "text", flat=True
        )
    )


def test_the_interview_page_offers_a_line_per_thing_per_interviewer(alice_client, panel):
    interview, people = panel
    html = alice_client.get(interview.get_absolute_url()).content.decode()

    assert "What each interviewer said" in html
    for person in people:
        assert person.name in html
        for n in (1, 2, 3):
            assert f'name="hooks-{person.pk}-hook_{n}"' in html


def test_saving_keeps_order_skips_blanks_and_replaces(alice_client, panel):
    interview, (ada, li, nur) = panel
    url = reverse("interviews:hooks", kwargs={"interview_pk": interview.pk})

    response = alice_client.post(
        url,
        {
            f"hooks-{ada.pk}-hook_1": "cares about written design docs",
            f"hooks-{ada.pk}-hook_2": "",
            f"hooks-{ada.pk}-hook_3": "  asked   how I handle on-call ",
            f"hooks-{li.pk}-hook_1": "the move to Kafka + Flink",
        },
    )

    assert response.status_code == 302
    assert response["Location"].startswith(interview.get_absolute_url())
    assert hooks_of(interview, ada) == [
        "cares about written design docs",
        "asked how I handle on-call",
    ]
    assert hooks_of(interview, li) == ["the move to Kafka + Flink"]
    assert hooks_of(interview, nur) == []

    alice_client.post(url, {f"hooks-{ada.pk}-hook_2": "the on-call rota"})
    assert hooks_of(interview, ada) == ["the on-call rota"]
    assert hooks_of(interview, li) == []


def test_a_too_long_line_is_refused_and_what_was_typed_is_kept(alice_client, panel):
    interview, (ada, li, _) = panel
    url = reverse("interviews:hooks", kwargs={"interview_pk": interview.pk})
    long_line = "x" * (ListeningHook.MAX_CHARS + 1)

    response = alice_client.post(
        url, {f"hooks-{ada.pk}-hook_1": long_line, f"hooks-{li.pk}-hook_1": "kept"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value has at most 160 characters" in html
    assert 'value="kept"' in html
    assert not ListeningHook.objects.exists()  # all or nothing


def test_hooks_belong_to_the_interviews_interviewers(alice, panel):
    interview, _ = panel
    stranger = ContactFactory(owner=alice)
    with pytest.raises(ValueError):
        listening_hooks_set(interview=interview, contact=stranger, texts=["hello"])
    with pytest.raises(ValueError):
        listening_hooks_set(interview=interview, contact=panel[1][0], texts=["a", "b", "c", "d"])


def test_taking_someone_off_the_panel_drops_what_they_said(panel):
    interview, (ada, li, nur) = panel
    listening_hooks_set(interview=interview, contact=li, texts=["the move to Kafka"])
    interview_update(
        interview=interview, company_name=interview.company.name, interviewers=[ada, nur]
    )
    assert not ListeningHook.objects.filter(interview=interview).exists()


def test_a_phone_can_fill_them_without_scripts(alice_client, panel):
    """The form is plain HTML: inputs and one submit button, no script needed."""
    interview, _ = panel
    html = alice_client.get(
        reverse("interviews:hooks", kwargs={"interview_pk": interview.pk})
    ).content.decode()
    assert 'action="/interviews/' in html and "Save what they said" in html


def test_hooks_go_with_the_account(alice, panel):
    from accounts.services import user_delete

    interview, (ada, _, _) = panel
    listening_hooks_set(interview=interview, contact=ada, texts=["design docs"])
    user_delete(user=alice)
    assert not ListeningHook.objects.exists()


def test_contact_page_prefills_greet_as_and_keeps_a_chosen_one(alice_client, alice):
    nur = ContactFactory(owner=alice, name="نور الهدى", company=None)
    url = reverse("interviews:contact_edit", kwargs={"contact_pk": nur.pk})
    assert 'value="نور الهدى"' in alice_client.get(url).content.decode()

    data = {"name": nur.name, "greet_as": "Nour", "title": "", "email": "", "postal_address": ""}
    alice_client.post(url, data)
    nur.refresh_from_db()
    assert nur.greet_as == "Nour" and nur.greeting_name == "Nour"

    # Back to the suggestion: stored blank, so it follows a later change of name.
    alice_client.post(url, {**data, "greet_as": "نور الهدى"})
    nur.refresh_from_db()
    assert nur.greet_as == ""
