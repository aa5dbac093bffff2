"""The move to django-allauth: people made by the old sign-up log in with their old
passwords afterwards, nobody signs up again, and their proved addresses stay proved."""

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("without_change_stamps"),
]

BEFORE = [("accounts", "0008_remove_user_data_version")]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


@pytest.fixture
def at_migration():
    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.slow
def test_people_from_before_log_in_with_their_old_passwords(at_migration):
    apps = at_migration(BEFORE)
    User = apps.get_model("accounts", "User")
    # As the old sign-up made them: an account only once the emailed link was followed.
    User.objects.create(email="old@example.com", password=make_password("my old passphrase"))
    User.objects.create(
        email="never@example.com", password=make_password("never finished"), is_active=False
    )
    PendingSignUp = apps.get_model("accounts", "PendingSignUp")
    PendingSignUp.objects.create(
        email="waiting@example.com", key_digest="0" * 64, password=make_password("x")
    )

    apps = at_migration(MigrationExecutor(connection).loader.graph.leaf_nodes())
    EmailAddress = apps.get_model("account", "EmailAddress")

    addresses = {
        e.email: (e.verified, e.primary) for e in EmailAddress.objects.select_related("user")
    }
    assert addresses == {"old@example.com": (True, True), "never@example.com": (False, True)}
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "Old@Example.com", "password": "my old passphrase"}
    )
    assert response.status_code == 302
    assert client.get(reverse("interviews:dashboard")).status_code == 200
    assert "accounts_pendingsignup" not in connection.introspection.table_names()
