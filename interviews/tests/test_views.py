from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from interviews.models import Contact, Interview
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def interview_post_data(**overrides):
    data = {
        "company_name": "Acme Robotics",
        "role": "Platform Engineer",
        "posting_url": "https://acme.example/jobs/42",
        "starts_at": "2026-03-10T14:30",
        "duration_minutes": "45",
        "format": "in_person",
        "location": "1 Acme Way, Springfield",
        "round": "Final panel",
        "learned": "They ship weekly; the boss likes written RFCs.",
        "excitement_before": "4",
        "outcome": "awaiting",
        "decision_date": "",
        "new-TOTAL_FORMS": "2",
        "new-INITIAL_FORMS": "0",
        "new-MIN_NUM_FORMS": "0",
        "new-MAX_NUM_FORMS": "12",
        "new-0-name": "Grace Hopper",
        "new-0-title": "VP Engineering",
        "new-0-email": "grace@acme.example",
        "new-0-postal_address": "Acme Robotics\n1 Acme Way\nSpringfield",
        "new-1-name": "Alan Turing",
        "new-1-title": "Staff Engineer",
        "new-1-email": "alan@acme.example",
        "new-1-postal_address": "",
    }
    data.update(overrides)
    return data


def test_create_interview_with_two_new_interviewers(alice_client, alice):
    response = alice_client.post(reverse("interviews:create"), interview_post_data())

    interview = Interview.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == interview.get_absolute_url()
    assert interview.company.name == "Acme Robotics"
    assert sorted(c.name for c in interview.interviewers.all()) == ["Alan Turing", "Grace Hopper"]
    assert all(c.owner == alice for c in interview.interviewers.all())
    # Typed in alice's zone (Europe/Berlin, UTC+1 in March), stored in UTC.
    assert interview.starts_at == datetime(2026, 3, 10, 13, 30, tzinfo=ZoneInfo("UTC"))


def test_pick_existing_contacts_and_reuse_company(alice_client, alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    existing = InterviewFactory(owner=alice, company__name="Acme Robotics", interviewers=[])
    data = interview_post_data(
        company_name="  acme   robotics ", **{"new-TOTAL_FORMS": "0", "interviewers": [grace.pk]}
    )

    alice_client.post(reverse("interviews:create"), data)

    interview = Interview.objects.exclude(pk=existing.pk).get()
    assert interview.company == existing.company
    assert list(interview.interviewers.all()) == [grace]


def test_bad_input_reshows_what_was_typed_with_reasons(alice_client, alice):
    data = interview_post_data(
        company_name="", starts_at="next tuesday", excitement_before="9", **{"new-1-name": ""}
    )
    data["new-1-title"] = "Someone without a name"

    response = alice_client.post(reverse("interviews:create"), data)

    assert response.status_code == 200
    assert not Interview.objects.exists()
    assert not Contact.objects.exists()
    html = response.content.decode()
    assert "Which company was the interview with?" in html
    assert "Enter a valid date/time." in html
    assert "Ensure this value is less than or equal to 5." in html
    assert "Give the interviewer&#x27;s name, or clear this row." in html
    assert "This field is required." not in html  # one reason per field, not two
    # What was typed is still there.
    assert 'value="Platform Engineer"' in html
    assert 'value="Grace Hopper"' in html
    assert 'value="Someone without a name"' in html
    assert "They ship weekly; the boss likes written RFCs." in html


def test_cannot_pick_another_users_contact(alice_client, bob):
    bobs_contact = ContactFactory(owner=bob)
    data = interview_post_data(interviewers=[bobs_contact.pk])

    response = alice_client.post(reverse("interviews:create"), data)

    assert response.status_code == 200
    assert not Interview.objects.exists()


def test_edit_interview(alice_client, interview):
    data = interview_post_data(role="Principal Engineer", **{"new-TOTAL_FORMS": "0"})
    data["interviewers"] = [c.pk for c in interview.interviewers.all()]

    response = alice_client.post(
        reverse("interviews:edit", kwargs={"interview_pk": interview.pk}), data
    )

    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.role == "Principal Engineer"
    assert interview.interviewers.count() == 2


def test_record_outcome(alice_client, interview):
    url = reverse("interviews:outcome", kwargs={"interview_pk": interview.pk})

    response = alice_client.post(url, {"outcome": "next_round", "decision_date": "2026-04-01"})

    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.outcome == "next_round"
    assert str(interview.decision_date) == "2026-04-01"


def test_record_bad_outcome_is_refused(alice_client, interview):
    url = reverse("interviews:outcome", kwargs={"interview_pk": interview.pk})

    response = alice_client.post(url, {"outcome": "hired-by-magic"})

    assert response.status_code == 400
    interview.refresh_from_db()
    assert interview.outcome == "awaiting"


def test_delete_asks_then_deletes_keeping_contacts(alice_client, interview):
    url = reverse("interviews:delete", kwargs={"interview_pk": interview.pk})

    assert alice_client.get(url).status_code == 200
    assert Interview.objects.filter(pk=interview.pk).exists()
    response = alice_client.post(url)

    assert response.status_code == 302
    assert not Interview.objects.filter(pk=interview.pk).exists()
    assert Contact.objects.filter(owner=interview.owner).count() == 2


def test_detail_shows_times_in_the_users_zone(alice_client, alice):
    interview = InterviewFactory(
        owner=alice, starts_at=datetime(2026, 7, 1, 7, 0, tzinfo=ZoneInfo("UTC"))
    )

    response = alice_client.get(interview.get_absolute_url())

    # 07:00 UTC is 09:00 in Berlin in summer.
    assert "Wednesday 1 July 2026, 09:00" in response.content.decode()


def test_list_filters_and_searches(alice_client, alice):
    InterviewFactory(owner=alice, company__name="Acme", role="Data Engineer")
    InterviewFactory(owner=alice, company__name="Globex", role="Backend Engineer", outcome="offer")

    by_search = alice_client.get(reverse("interviews:list"), {"q": "acme data"})
    by_outcome = alice_client.get(reverse("interviews:list"), {"outcome": "offer"})

    assert [i.company.name for i in by_search.context["page"].object_list] == ["Acme"]
    assert [i.company.name for i in by_outcome.context["page"].object_list] == ["Globex"]


def test_pages_need_login(client, interview):
    for url in [reverse("interviews:dashboard"), interview.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_unknown_page_is_a_friendly_404(alice_client):
    response = alice_client.get("/interviews/999999/")

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_new_user_form_hides_the_empty_contact_picker(alice_client):
    html = alice_client.get(reverse("interviews:create")).content.decode()

    assert "Interviewers you have met before" not in html
    assert 'name="new-0-name"' in html


@pytest.mark.parametrize(
    ("name", "first", "greeting"),
    [
        ("Grace Hopper", "Grace", "Grace"),
        ("Mrs. Jennifer Powell", "Jennifer", "Jennifer"),
        ("Dr. Ada Lovelace", "Ada", "Dr. Lovelace"),
        ("Prof Alan Turing", "Alan", "Prof Turing"),
        ("Cher", "Cher", "Cher"),
    ],
)
def test_contact_names_for_greetings(name, first, greeting):
    contact = Contact(name=name)

    assert contact.first_name == first
    assert contact.greeting_name == greeting


def test_list_keeps_the_valid_filters_when_one_is_stale(alice_client, alice):
    InterviewFactory(owner=alice, company__name="Acme", role="Data Engineer")
    InterviewFactory(owner=alice, company__name="Globex", role="Backend Engineer")

    response = alice_client.get(
        reverse("interviews:list"), {"q": "globex", "company": "999999", "outcome": "bogus"}
    )

    assert [i.company.name for i in response.context["page"].object_list] == ["Globex"]
    html = response.content.decode()
    assert 'class="form-select"' in html  # the outcome and company pickers look like the rest


def test_empty_list_says_how_to_start_or_how_to_clear(alice_client, alice):
    first_time = alice_client.get(reverse("interviews:list")).content.decode()
    no_match = alice_client.get(reverse("interviews:list"), {"q": "nothing"}).content.decode()

    assert "No interviews yet." in first_time
    assert reverse("interviews:create") in first_time
    assert "No interviews match." in no_match
    assert "Clear the filters" in no_match


def test_duration_must_be_a_real_interview_length(alice_client):
    response = alice_client.post(
        reverse("interviews:create"), interview_post_data(duration_minutes="0")
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 5." in response.content.decode()
    assert not Interview.objects.exists()


def test_new_interviewer_rows_offer_greet_as_like_the_contact_form(alice_client, alice):
    html = alice_client.get(reverse("interviews:create")).content.decode()
    assert 'name="new-0-greet_as"' in html
    # The row the "Add another interviewer" button copies has it too.
    assert 'name="new-__prefix__-greet_as"' in html

    data = interview_post_data(
        **{
            "new-0-name": "Dr. Ada Lovelace",
            "new-0-greet_as": "",  # left blank: follows the name
            "new-1-name": "نور الهدى",
            "new-1-greet_as": "Dr. Nour",
        }
    )
    alice_client.post(reverse("interviews:create"), data)

    ada = Contact.objects.get(owner=alice, name="Dr. Ada Lovelace")
    nour = Contact.objects.get(owner=alice, name="نور الهدى")
    assert (ada.greet_as, ada.greeting_name) == ("", "Dr. Lovelace")
    assert (nour.greet_as, nour.greeting_name) == ("Dr. Nour", "Dr. Nour")


def test_a_reshown_new_interviewer_row_is_prefilled_with_the_suggested_greeting(alice_client):
    data = interview_post_data(company_name="", **{"new-0-name": "李小龙", "new-1-name": ""})
    data["new-1-title"] = ""
    data["new-1-email"] = ""

    html = alice_client.post(reverse("interviews:create"), data).content.decode()

    assert not Interview.objects.exists()
    # The whole name, never "Dear 李,"; a blank row stays blank (and is skipped).
    assert 'name="new-0-greet_as" value="李小龙"' in html
    assert 'name="new-1-greet_as" value=' not in html


@pytest.mark.parametrize(
    ("name", "greeting"),
    [("Dr. Ada Lovelace", "Dr. Lovelace"), ("  Grace   Hopper ", "Grace"), ("李小龙", "李小龙")],
)
def test_the_greeting_suggestion_follows_the_contact_forms_rule(alice_client, name, greeting):
    response = alice_client.get(reverse("interviews:greeting"), {"name": name})
    assert response.json() == {"greeting": greeting}


def test_the_greeting_suggestion_needs_a_login_and_a_get(alice_client):
    from django.test import Client

    assert Client().get(reverse("interviews:greeting"), {"name": "Ada"}).status_code == 302
    assert alice_client.post(reverse("interviews:greeting"), {"name": "Ada"}).status_code == 405
