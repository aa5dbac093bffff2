"""Gut rating against what happened: the figures are worked out here by hand, from the
ratings and outcomes the test itself chose."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from interviews.services import interview_set_outcome
from reviews.calibration import calibration_for
from reviews.models import GutRating
from reviews.services import GutRatingRefused, gut_rating_record
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

Out = Interview.Outcome


def rated(owner, rating, outcome):
    interview = InterviewFactory(owner=owner, interviewers=[])
    gut_rating_record(interview=interview, rating=rating)
    if outcome != Out.AWAITING:
        interview_set_outcome(interview=interview, outcome=outcome)
    return interview


# (gut rating, outcome): this person under-rates — low ratings that went forward.
UNDER = [
    (1, Out.NEXT_ROUND),
    (2, Out.OFFER),
    (2, Out.NEXT_ROUND),
    (3, Out.REJECTED),
    (2, Out.ACCEPTED),
    (4, Out.NEXT_ROUND),
    (5, Out.WITHDRAWN),  # left out
    (1, Out.NO_RESPONSE),  # left out
    (3, Out.AWAITING),  # waiting
]


def test_calibration_figures_and_the_plain_sentence(alice, bob):
    for rating, outcome in UNDER:
        rated(alice, rating, outcome)
    rated(bob, 5, Out.REJECTED)

    c = calibration_for(alice)

    counted = [
        (r, o) for r, o in UNDER if o in (Out.NEXT_ROUND, Out.OFFER, Out.ACCEPTED, Out.REJECTED)
    ]
    forward = [r for r, o in counted if o != Out.REJECTED]
    expected = sum((r - 1) / 4 for r, _ in counted) / len(counted)  # 0+.25+.25+.5+.25+.75
    actual = len(forward) / len(counted)
    assert (c.counted, c.forward, c.rejected, c.waiting) == (6, 5, 1, 1)
    assert c.expected == pytest.approx(expected) == pytest.approx(2.0 / 6)
    assert c.actual == pytest.approx(actual) == pytest.approx(5 / 6)
    assert c.lean == pytest.approx(expected - actual)
    assert c.verdict == "under"
    assert [(r.rating, r.forward, r.rejected, r.waiting) for r in c.rows] == [
        (1, 1, 0, 0),
        (2, 3, 0, 0),
        (3, 0, 1, 1),
        (4, 1, 0, 0),
        (5, 0, 0, 0),
    ]
    assert c.sentence.startswith("You tend to under-rate how an interview went")
    assert "5 of 6 (83%) went forward" in c.sentence
    assert f"average {sum(r for r, _ in counted) / 6:.1f} / 5" in c.sentence


@pytest.mark.parametrize(
    "pairs, verdict",
    [
        ([(5, Out.REJECTED), (4, Out.REJECTED), (5, Out.NEXT_ROUND)], "over"),
        (
            [(5, Out.NEXT_ROUND), (1, Out.REJECTED), (3, Out.NEXT_ROUND), (3, Out.REJECTED)],
            "calibrated",
        ),
        ([(5, Out.NEXT_ROUND), (1, Out.REJECTED)], "too-few"),
    ],
)
def test_over_calibrated_and_too_few(alice, pairs, verdict):
    for rating, outcome in pairs:
        rated(alice, rating, outcome)
    assert calibration_for(alice).verdict == verdict


def test_insights_shows_the_sentence_a_chart_and_a_table_with_the_same_figures(
    alice_client, alice
):
    for rating, outcome in UNDER:
        rated(alice, rating, outcome)

    html = alice_client.get(reverse("reviews:insights")).content.decode()

    section = html.split('id="calibration"')[1].split("</section>")[0]
    assert "You tend to under-rate" in section
    assert section.count("<svg") == 1 and "chart-calibration" in section
    assert "3 of 3 forward" in section  # the chart's label for "felt 2 / 5"
    table = section.split('id="calibration-table"')[1]
    row = table.split('<th scope="row">2 / 5</th>')[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1] for cell in row.split("</td>")[:-1]]
    assert cells == ["3", "0", "100%", "0"]


def test_the_gut_rating_is_refused_before_the_interview_and_once_the_outcome_is_in(alice):
    upcoming = InterviewFactory(owner=alice, starts_at=timezone.now() + timedelta(hours=2))
    with pytest.raises(GutRatingRefused):
        gut_rating_record(interview=upcoming, rating=3)

    done = InterviewFactory(owner=alice)
    gut_rating_record(interview=done, rating=2)
    gut_rating_record(interview=done, rating=4)  # changed while still awaiting
    interview_set_outcome(interview=done, outcome=Out.REJECTED)
    with pytest.raises(GutRatingRefused):
        gut_rating_record(interview=done, rating=1)  # hindsight
    with pytest.raises(GutRatingRefused):
        gut_rating_record(interview=InterviewFactory(owner=alice), rating=9)

    assert list(GutRating.objects.values_list("rating", flat=True)) == [4]


def test_gut_rating_page_messages_and_another_persons_interview(alice_client, alice, bob):
    mine = InterviewFactory(owner=alice)
    url = reverse("reviews:gut", kwargs={"interview_pk": mine.pk})

    response = alice_client.post(url, {"rating": "4"}, follow=True)
    assert "Gut rating recorded" in response.content.decode()
    response = alice_client.post(url, {"rating": "11"}, follow=True)
    assert "Pick a rating from 1 to 5." in response.content.decode()
    interview_set_outcome(interview=mine, outcome=Out.OFFER)
    response = alice_client.post(url, {"rating": "1"}, follow=True)
    assert "would be hindsight" in response.content.decode()
    assert GutRating.objects.get().rating == 4

    bobs = InterviewFactory(owner=bob)
    bob_url = reverse("reviews:gut", kwargs={"interview_pk": bobs.pk})
    assert alice_client.post(bob_url, {"rating": "3"}).status_code == 404
    assert not GutRating.objects.filter(interview=bobs).exists()
