"""Hooks as the note needs them: the sentence each makes, shown while it is typed; for the
note or just for me; and "Save and write the notes" keeps what was typed."""

import pytest
from django.urls import reverse

from interviews.models import ListeningHook
from notes import composer
from notes.models import ThankYouNote
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    li = ContactFactory(owner=alice, name="李小龙")
    return InterviewFactory(owner=alice, interviewers=[ada, li]), ada, li


def sentence(client, interview, contact, text, placement=""):
    url = reverse("notes:hook_sentence", kwargs={"interview_pk": interview.pk})
    response = client.get(url, {"contact": contact.pk, "text": text, "placement": placement})
    assert response.status_code == 200
    return response.json()


def test_a_hook_written_to_them_goes_in_as_written(alice_client, panel):
    interview, ada, _ = panel
    answer = sentence(alice_client, interview, ada, "you're hiring for the platform team")
    assert answer["placed"]
    assert answer["sentence"] == (
        "It was interesting to learn that you're hiring for the platform team."
    )


def test_a_hook_it_cannot_vouch_for_says_the_note_will_ask_for_it(alice_client, panel):
    interview, ada, _ = panel
    answer = sentence(alice_client, interview, ada, "hybrid: 2 days a week in office")
    assert not answer["placed"] and answer["kind"] == "gap"
    assert "write this one yourself" in answer["message"]


def test_an_aside_is_just_for_you_unless_you_say_it_is_for_the_note(alice_client, panel):
    interview, ada, _ = panel
    aside = sentence(alice_client, interview, ada, "seemed distracted, long day probably")
    assert aside["kind"] == "private" and "Just for you" in aside["message"]
    mine = sentence(alice_client, interview, ada, "your Kafka walkthrough", "private")
    assert mine["kind"] == "private"
    forced = sentence(alice_client, interview, ada, "your funny Kafka walkthrough", "note")
    assert forced["placed"]


def test_another_persons_interview_or_someone_not_on_the_panel_is_404(
    alice_client, bob_client, panel, alice
):
    interview, ada, _ = panel
    url = reverse("notes:hook_sentence", kwargs={"interview_pk": interview.pk})
    assert bob_client.get(url, {"contact": ada.pk, "text": "x"}).status_code == 404
    stranger = ContactFactory(owner=alice, name="Grace Hopper")
    assert alice_client.get(url, {"contact": stranger.pk, "text": "x"}).status_code == 404


def test_the_hooks_form_shows_each_saved_hooks_sentence(alice_client, panel):
    interview, ada, li = panel
    alice_client.post(
        reverse("interviews:hooks", kwargs={"interview_pk": interview.pk}),
        {
            f"hooks-{ada.pk}-hook_1": "walked me through their Kafka setup",
            f"hooks-{ada.pk}-placement_1": "",
            f"hooks-{li.pk}-hook_1": "seemed tired lol",
            f"hooks-{li.pk}-hook_2": "the plan to open an office in Taipei",
            f"hooks-{li.pk}-placement_2": "private",
        },
    )
    hooks = {h.text: h.placement for h in ListeningHook.objects.filter(interview=interview)}
    assert hooks == {
        "walked me through their Kafka setup": "",
        "seemed tired lol": "",
        "the plan to open an office in Taipei": "private",
    }
    html = alice_client.get(interview.get_absolute_url()).content.decode()
    assert "In the note: “I appreciated that you walked me through your Kafka setup.”" in html
    assert "Just for you" in html

    (li_learned,) = [
        p for p in composer.guide_for(interview, li) if p.key == "learned"
    ]  # both of Li's hooks are his: nothing of them in the note
    assert "Taipei" not in li_learned.example and "tired" not in li_learned.example


def test_save_and_write_the_notes_keeps_what_was_typed(alice_client, panel):
    interview, ada, li = panel
    response = alice_client.post(
        reverse("notes:start", kwargs={"interview_pk": interview.pk}),
        {
            f"hooks-{ada.pk}-hook_1": "you're hiring for the platform team",
            f"hooks-{li.pk}-hook_1": "asked how I handle on-call",
        },
    )
    assert response.status_code == 302
    ada_note = ThankYouNote.objects.get(recipient=ada)
    assert "that you're hiring for the platform team." in ada_note.body
    li_note = ThankYouNote.objects.get(recipient=li)
    assert "your question about how I handle on-call" in li_note.body
