"""An interview's page names the inbox messages whose confirmation made or changed it, and
looks them up only when there are some."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inbox.models import InboxMessage
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def message(interview, n, status=InboxMessage.Status.APPLIED, owner=None):
    return InboxMessage.objects.create(
        owner=owner or interview.owner,
        via=InboxMessage.Via.UPLOAD,
        raw=b"",
        message_key=f"key-{interview.pk}-{n}",
        subject=f"Invite <{n}>",
        status=status,
        interview=interview,
        applied_at=timezone.now() if status == InboxMessage.Status.APPLIED else None,
        result=f"Round {n} added",
    )


def page(client, interview) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(interview.get_absolute_url())
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_applied_messages_are_named_and_only_then_looked_up(alice_client, alice):
    interview = InterviewFactory(owner=alice)
    message(interview, 1, status=InboxMessage.Status.SUGGESTED)
    without, html = page(alice_client, interview)
    assert "From your inbox" not in html

    applied = message(interview, 2)
    with_one, html = page(alice_client, interview)
    assert "From your inbox" in html
    link = f'href="{applied.get_absolute_url()}" title="Round 2 added">Invite &lt;2&gt;</a>'
    assert link in html
    assert "Invite &lt;1&gt;" not in html
    assert with_one == without + 1
