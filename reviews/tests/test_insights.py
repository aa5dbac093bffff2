"""The Insights figures against a small data set whose answers are worked out here, in
plain Python, from the same raw rows — not by calling the code under test."""

from collections import defaultdict
from datetime import datetime
from statistics import mean
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from reviews import insights
from reviews.models import Question
from reviews.services import question_set_practised
from reviews.tests.utils import bulk_reviews, bulk_stories, make_review

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")

# (when, company, excitement before, scorecard, [(theme as typed, comfort, next time)])
ALICE_REVIEWS = [
    (
        datetime(2025, 1, 15, 10, tzinfo=UTC),
        "Acme",
        3,
        {
            "excitement_after": 4,
            "want_to_work_there": 4,
            "want_this_boss": 5,
            "rapport": 4,
            "culture_notes": "Calm",
        },
        [
            ("Leadership", 2, "Use the sports team story"),
            ("technical", 5, ""),
            ("Salary", 1, "Say a range"),
        ],
    ),
    (
        datetime(2025, 2, 14, 10, tzinfo=UTC),
        "Globex",
        4,
        {
            "excitement_after": 2,
            "want_to_work_there": 2,
            "want_this_boss": 1,
            "rapport": 2,
            "deal_breakers": "On call every week",
        },
        [
            ("leadership ", 3, "Lead with the outcome"),
            ("Technical", 4, ""),
            ("  Culture   fit", 4, ""),
        ],
    ),
    (
        datetime(2025, 4, 10, 10, tzinfo=UTC),
        "Acme",
        5,
        {
            "excitement_after": 5,
            "want_to_work_there": 5,
            "want_this_boss": 4,
            "rapport": None,
            "culture_notes": "Writes design docs",
        },
        [("LEADERSHIP", 4, ""), ("Salary", 2, "Research the band"), ("behavioral", 3, "")],
    ),
]


def normalise(theme: str) -> str:
    key = " ".join(theme.split()).lower()
    return {"behavioral": "behavioural"}.get(key, key)


@pytest.fixture
def data(alice, bob):
    for when, company, before, scorecard, questions in ALICE_REVIEWS:
        make_review(
            owner=alice,
            starts_at=when,
            company=company,
            excitement_before=before,
            questions=questions,
            **scorecard,
        )
    # Neither a draft nor bob's reviews count.
    make_review(
        owner=alice,
        starts_at=datetime(2025, 5, 10, tzinfo=UTC),
        company="Initech",
        excitement_before=1,
        excitement_after=5,
        questions=[("Salary", 5, "")],
        complete=False,
    )
    make_review(
        owner=bob,
        starts_at=datetime(2025, 3, 1, tzinfo=UTC),
        company="Acme",
        excitement_before=1,
        excitement_after=5,
        want_to_work_there=1,
        questions=[("Leadership", 1, "Bob's plan"), ("Salary", 5, "")],
    )


def expected_themes():
    comforts = defaultdict(list)
    by_month = defaultdict(lambda: defaultdict(list))
    for when, _c, _b, _s, questions in ALICE_REVIEWS:
        for theme, comfort, _next in questions:
            comforts[normalise(theme)].append(comfort)
            by_month[normalise(theme)][(when.year, when.month)].append(comfort)
    rows = []
    for key, values in comforts.items():
        months = [mean(by_month[key][m]) for m in sorted(by_month[key])]
        trend = months[-1] - months[0] if len(months) > 1 else None
        rows.append((key, len(values), mean(values), trend))
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return rows


def test_themes_are_normalised_ranked_and_averaged(data, alice):
    got = insights.themes_with_history(alice)

    expected = expected_themes()
    assert [t.key for t in got] == [r[0] for r in expected]
    for theme, (_key, asked, avg, trend) in zip(got, expected, strict=True):
        assert theme.asked == asked
        assert theme.avg_comfort == pytest.approx(avg)
        assert theme.trend == (None if trend is None else pytest.approx(trend))
    # The same, spelled out for the reader.
    assert [(t.label, t.asked, round(t.avg_comfort, 2)) for t in got] == [
        ("Leadership", 3, 3.0),
        ("Technical", 2, 4.5),
        ("Salary", 2, 1.5),
        ("Culture fit", 1, 4.0),
        ("Behavioural", 1, 3.0),
    ]
    assert [t.trend for t in got] == [2.0, -1.0, 1.0, None, None]


def test_go_to_and_work_on_split(data, alice):
    themes = insights.themes_with_history(alice)
    expected = expected_themes()

    go_to = [r for r in expected if r[2] >= 3.5]
    go_to.sort(key=lambda r: (-r[1], -r[2], r[0]))
    work_on = [r for r in expected if r[2] < 3.0]
    work_on.sort(key=lambda r: (-r[1], r[2], r[0]))
    assert [t.key for t in insights.go_to_themes(themes)] == [r[0] for r in go_to]
    assert [t.key for t in insights.work_on_themes(themes)] == [r[0] for r in work_on]
    assert [t.label for t in insights.go_to_themes(themes)] == ["Technical", "Culture fit"]
    assert [t.label for t in insights.work_on_themes(themes)] == ["Salary"]


def test_strategies_per_theme_are_the_latest_written(data, alice):
    themes = {t.label: t for t in insights.themes_with_history(alice)}

    assert [s.next_time for s in themes["Leadership"].strategies] == [
        "Lead with the outcome",
        "Use the sports team story",
    ]
    assert [s.next_time for s in themes["Salary"].strategies] == [
        "Research the band",
        "Say a range",
    ]
    assert themes["Technical"].strategies == []


def test_excitement_before_and_after(data, alice):
    counts = insights.review_counts(alice)
    rows = insights.excitement_rows(alice)

    changes = [s["excitement_after"] - b for _w, _c, b, s, _q in ALICE_REVIEWS]
    assert counts["completed"] == 3
    assert counts["drafts"] == 1
    assert counts["compared"] == len(changes)
    assert counts["more"] == sum(c > 0 for c in changes) == 1
    assert counts["less"] == sum(c < 0 for c in changes) == 1
    assert counts["same"] == sum(c == 0 for c in changes) == 1
    assert counts["avg_change"] == pytest.approx(mean(changes))
    assert [(r["company"], r["before"], r["after"], r["change"]) for r in rows] == [
        ("Acme", 5, 5, 0),
        ("Globex", 4, 2, -2),
        ("Acme", 3, 4, 1),
    ]


def test_employer_scorecard(data, alice):
    rows = {r["name"]: r for r in insights.employer_scorecard(alice)}

    assert list(rows) == ["Acme", "Globex"]  # most wanted first; the draft's Initech absent
    acme = rows["Acme"]
    assert acme["reviewed"] == 2
    assert acme["want"] == pytest.approx(mean([4, 5]))
    assert acme["boss"] == pytest.approx(mean([5, 4]))
    assert acme["rapport"] == pytest.approx(4)  # an unrated review is left out, not a 0
    assert acme["culture"] == "Writes design docs"  # the latest
    assert acme["deal_breaker"] is None
    assert rows["Globex"]["deal_breaker"] == "On call every week"
    assert rows["Globex"]["deal_breaker_count"] == 1


def test_open_strategies_shakiest_first_and_practised_ones_drop_out(data, alice):
    shown, total = insights.open_strategies(alice)
    assert [s.next_time for s in shown] == [
        "Say a range",
        "Research the band",
        "Use the sports team story",
        "Lead with the outcome",
    ]
    assert total == 4

    question_set_practised(question=Question.objects.get(next_time="Say a range"), practised=True)
    shown, total = insights.open_strategies(alice, limit=2)
    assert [s.next_time for s in shown] == ["Research the band", "Use the sports team story"]
    assert total == 3


def test_insights_page_shows_only_the_owners_data(data, alice_client):
    response = alice_client.get(reverse("reviews:insights"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bob&#x27;s plan" not in html and "Bob's plan" not in html
    themes = response.context["themes"]
    assert sum(t.asked for t in themes) == 9  # alice's nine questions, not bob's two
    assert "<svg" in html and 'id="themes-table"' in html
    assert "Initech" not in html  # a draft is not counted


def test_bob_sees_only_his_own(data, bob_client):
    themes = bob_client.get(reverse("reviews:insights")).context["themes"]
    assert [(t.label, t.avg_comfort) for t in themes] == [("Salary", 5), ("Leadership", 1)]


def test_empty_insights_page(alice_client):
    response = alice_client.get(reverse("reviews:insights"))
    assert "Nothing to show yet" in response.content.decode()


@pytest.mark.slow
@pytest.mark.parametrize("reviews", [5, 500])
def test_insights_query_count_is_constant(reviews, alice, alice_client, django_assert_num_queries):
    bulk_reviews(owner=alice, reviews=reviews, questions_per_review=2)
    bulk_stories(owner=alice, stories=reviews)
    # session, user, themes, months, strategies, counts, open strategies + their count,
    # excitement rows, employers, calibration, stories told (the table shows no themes)
    with django_assert_num_queries(12):
        response = alice_client.get(reverse("reviews:insights"))
    assert response.status_code == 200
    assert sum(t.asked for t in response.context["themes"]) == reviews * 2
