import json

import pytest
from django.urls import reverse

from tests.auth import log_in, reauthenticate
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_log_in_with_email_any_case(client, alice):
    response = log_in(client, "Alice@Example.COM")

    assert response.status_code == 302
    assert response.wsgi_request.user == alice


def test_logout_is_a_post(alice_client):
    # A GET only shows the "log out?" page (a link cannot log anyone out).
    assert alice_client.get(reverse("account_logout")).status_code == 200
    assert alice_client.get(reverse("interviews:dashboard")).status_code == 200
    assert alice_client.post(reverse("account_logout")).status_code == 302
    assert alice_client.get(reverse("interviews:dashboard")).status_code == 302


@pytest.mark.slow
def test_profile_saves_and_rejects_bad_values_keeping_input(alice_client, alice):
    url = reverse("accounts:profile")
    good = {
        "full_name": "Alice Q. Example",
        "signature": "Warmly, Alice",
        "time_zone": "Asia/Tokyo",
        "return_address": "1 Sakura Street\nTokyo",
        "remind_thank_you": "on",
        "remind_review": "on",
        "reminder_hour": "8",
    }
    assert alice_client.post(url, good).status_code == 302
    alice.refresh_from_db()
    assert (alice.time_zone, alice.signature, alice.reminder_hour) == (
        "Asia/Tokyo",
        "Warmly, Alice",
        8,
    )
    assert alice.remind_decision is False

    bad = {**good, "time_zone": "Nowhere/Else", "reminder_hour": "25", "signature": "Yours, A."}
    response = alice_client.post(url, bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in html
    assert "less than or equal to 23" in html
    assert 'value="Yours, A."' in html
    alice.refresh_from_db()
    assert alice.signature == "Warmly, Alice"


def test_export_has_all_of_my_data_and_none_of_bobs(alice_client, alice, bob):
    InterviewFactory(owner=alice, company__name="Acme", role="Engineer")
    InterviewFactory(owner=bob, company__name="Bob's Secret Employer")

    reauthenticate(alice_client)
    response = alice_client.post(reverse("accounts:export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["email"] == "alice@example.com"
    assert "password" not in json.dumps(data["profile"])
    assert [i["role"] for i in data["interviews.interview"]] == ["Engineer"]
    assert [c["name"] for c in data["interviews.company"]] == ["Acme"]
    assert len(data["interviews.contact"]) == 2
    assert "Bob's Secret Employer" not in response.content.decode()


def test_export_by_get_only_shows_the_page(alice_client):
    response = alice_client.get(reverse("accounts:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_user_factory_password_logs_in(client):
    user = UserFactory()
    response = log_in(client, user.email)
    assert response.wsgi_request.user == user


def test_wrong_password_says_so_without_calling_the_email_case_sensitive(client, alice):
    response = log_in(client, "ALICE@example.com", "nope")

    html = response.content.decode()
    assert "The email address and/or password you specified are not correct." in html
    assert "both fields may be case-sensitive" not in html
    assert 'value="ALICE@example.com"' in html


@pytest.mark.slow
def test_settings_say_keep_in_touch_notes_are_planned_on_the_application(alice_client):
    html = alice_client.get(reverse("accounts:profile")).content.decode()

    assert "plan on an application after a “no” come due as emails" in html
    assert "weeks" not in html.lower()  # the delay is chosen per plan, in months
