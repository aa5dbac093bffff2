"""The person's locale: chosen in settings, from the browser at sign-up, and for people
who signed up before it existed, English in the country of their time zone."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_locale_is_chosen_in_settings_and_kept_when_a_form_leaves_it_out(alice_client, alice):
    url = reverse("accounts:profile")
    form = {"full_name": "Alice", "time_zone": "Australia/Sydney", "reminder_hour": "9"}
    assert alice_client.post(url, {**form, "locale": "en-AU"}).status_code == 302
    alice.refresh_from_db()
    assert alice.locale == "en-AU" and alice.country == "AU"

    assert alice_client.post(url, form).status_code == 302
    alice.refresh_from_db()
    assert alice.locale == "en-AU"

    response = alice_client.post(url, {**form, "locale": "xx-YY"})
    assert response.status_code == 200 and "xx-YY" in response.content.decode()
    alice.refresh_from_db()
    assert alice.locale == "en-AU"


def test_existing_people_get_english_in_the_country_of_their_time_zone(db):
    migration = importlib.import_module("accounts.migrations.0002_user_locale")
    sydney = User.objects.create_user("s@example.com", time_zone="Australia/Sydney")
    utc = User.objects.create_user("u@example.com", time_zone="UTC")
    chicago = User.objects.create_user("c@example.com", time_zone="America/Chicago")

    migration.locale_from_time_zone(apps, None)

    assert [User.objects.get(pk=u.pk).locale for u in (sydney, utc, chicago)] == [
        "en-AU",
        "en-US",
        "en-US",
    ]
