"""The export's file name carries the person's own date, not the server's UTC one."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from tests.auth import reauthenticate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "stamp"),
    [("Australia/Sydney", "20260311"), ("America/Los_Angeles", "20260310")],
)
def test_export_file_name_uses_the_persons_local_date(alice_client, alice, zone, stamp):
    alice.time_zone = zone
    alice.save()
    # 22:30 UTC on 10 March: already the 11th in Sydney, still the 10th in Los Angeles.
    with time_machine.travel(datetime(2026, 3, 10, 22, 30, tzinfo=UTC), tick=False):
        reauthenticate(alice_client)
        response = alice_client.post(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="afterview-export-{stamp}.json"'
    )
