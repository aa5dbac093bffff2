"""What a read of applications and interviews costs, pinned: the exact number of queries of
each list and detail (the token, the rows, their ids of rounds or interviewers), the same
for 3 rows as for 30; and that the rows, read as values, say what the models say."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from ninja.renderers import JSONRenderer

from api.core import api
from api.endpoints.interviews import ApplicationOut, InterviewOut
from interviews.models import Interview, Outcome
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

# The token (with its owner), the rows, and the ids of their rounds or interviewers.
QUERIES = {
    "/api/v1/interviews": 3,
    "/api/v1/interviews/{interview}": 3,
    "/api/v1/applications": 3,
    "/api/v1/applications/{application}": 3,
}


def _paths(interview: Interview) -> dict[str, str]:
    return {
        path.format(interview=interview.pk, application=interview.application_id): queries
        for path, queries in QUERIES.items()
    }


@pytest.mark.parametrize("rows", [3, 30])
def test_each_read_costs_the_same_pinned_queries(
    alice_api, alice, rows, django_assert_num_queries
):
    made = [InterviewFactory(owner=alice) for _ in range(rows)]
    alice_api.get("/api/v1/interviews")  # the token's last use is written once a minute
    for path, queries in _paths(made[0]).items():
        with django_assert_num_queries(queries):
            response = alice_api.get(path)
        assert response.status_code == 200, (path, response.content)


def test_an_empty_list_asks_for_no_ids(alice_api, django_assert_num_queries):
    alice_api.get("/api/v1/interviews")
    for path in ("/api/v1/interviews", "/api/v1/applications"):
        with django_assert_num_queries(2):
            assert alice_api.get(path).json() == {"items": [], "next_cursor": None}


def test_a_read_says_what_the_models_say(alice_api, alice):
    now = timezone.now()
    zoe, adam = (
        ContactFactory(owner=alice, name="zoe Park"),
        ContactFactory(owner=alice, name="Adam"),
    )
    first = InterviewFactory(
        owner=alice, starts_at=now - timedelta(days=9), interviewers=[zoe, adam]
    )
    final = InterviewFactory(
        owner=alice,
        application=first.application,
        company=first.company,
        starts_at=now - timedelta(days=2),
        outcome=Outcome.OFFER,
        decision_date=(now + timedelta(days=5)).date(),
        interviewers=[],
    )
    called_off = InterviewFactory(owner=alice, outcome=Outcome.CANCELLED)
    listed = {row["id"]: row for row in alice_api.get("/api/v1/interviews").json()["items"]}
    for interview in (first, final, called_off):
        interview = Interview.objects.get(pk=interview.pk)
        one = alice_api.get(f"/api/v1/interviews/{interview.pk}").json()
        assert one == listed[interview.pk]
        InterviewOut.model_validate(one)  # the documented schema, field for field
        assert one["outcome"] == interview.outcome
        assert one["decision_date"] == (
            interview.decision_date.isoformat() if interview.decision_date else None
        )
        assert one["interviewer_ids"] == [c.pk for c in interview.interviewers.all()]
        assert one["company"] == {"id": interview.company_id, "name": interview.company.name}
        assert one["learned"] == interview.learned and one["role"] == interview.role
    assert [listed[i.pk]["outcome"] for i in (first, final, called_off)] == [
        Outcome.NEXT_ROUND,
        Outcome.OFFER,
        Outcome.CANCELLED,
    ]
    assert listed[first.pk]["interviewer_ids"] == [adam.pk, zoe.pk]  # by name, as the pages

    application = alice_api.get(f"/api/v1/applications/{first.application_id}").json()
    ApplicationOut.model_validate(application)
    assert application["round_ids"] == [final.pk, first.pk]  # latest first
    assert application["outcome"] == Outcome.OFFER
    assert application["decision_date"] == final.application.decision_date.isoformat()


def test_application_pages_follow_on(alice_api, alice):
    made = [InterviewFactory(owner=alice, role=f"Role {n}") for n in range(5)]
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = alice_api.get("/api/v1/applications", query).json()
        seen += [row["id"] for row in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted({i.application_id for i in made}, reverse=True)


def test_the_renderer_writes_what_ninjas_own_would():
    zone = ZoneInfo("Europe/Berlin")
    data = {
        "at": datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC),
        "on_the_second": datetime(2026, 3, 2, 9, 30, tzinfo=zone),
        "day": date(2026, 3, 2),
        "outcome": Outcome.OFFER,
        "nothing": None,
    }
    ours = api.renderer.render(None, data, response_status=200)
    assert ours == JSONRenderer().render(None, data, response_status=200)
    assert '"at": "2026-03-02T09:30:15.123Z"' in ours
