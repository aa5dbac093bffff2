"""Many things due: the dashboard shows the oldest few, each with one main button (snooze
and done fold under "More"), and "Show all N" leads to the whole list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders.models import Reminder
from tests.factories import InterviewFactory, ReminderFactory

pytestmark = pytest.mark.django_db


def _due(owner, count):
    now = timezone.now()
    for i in range(count):
        interview = InterviewFactory(
            owner=owner, company__name=f"Firm {i:02d}", starts_at=now - timedelta(days=30 + i)
        )
        Reminder.objects.filter(interview=interview).delete()
        ReminderFactory(owner=owner, interview=interview, due_at=now - timedelta(hours=i + 1))


@pytest.mark.slow
def test_the_dashboard_keeps_a_long_due_list_short_with_show_all(alice_client, alice, bob):
    _due(alice, 14)
    _due(bob, 2)
    html = alice_client.get(reverse("interviews:dashboard")).content.decode()
    panel = html.split('id="due-heading"', 1)[1].split("</section>", 1)[0]
    assert panel.count('class="list-group-item todo"') == 5
    # One visible button per row; snooze and done are folded away.
    assert panel.count('<details class="todo__more">') == 5
    assert f'href="{reverse("reminders:due")}"' in panel and "Show all 14 due follow-ups" in panel

    page = alice_client.get(reverse("reminders:due")).content.decode()
    assert page.count('class="list-group-item todo"') == 14
    assert "Firm 13" in page and "Firm 00" in page
    assert "todo__more" not in page  # the full list shows every action


def test_a_short_due_list_has_no_show_all(alice_client, alice):
    _due(alice, 3)
    html = alice_client.get(reverse("interviews:dashboard")).content.decode()
    assert "Show all" not in html
    assert html.count('class="list-group-item todo"') == 3


def test_the_due_page_needs_a_login(client):
    response = client.get(reverse("reminders:due"))
    assert response.status_code == 302
