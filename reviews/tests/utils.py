"""Helpers the reviews tests (and bench/bench_reviews.py) share."""

from datetime import timedelta

from django.utils import timezone

from interviews.models import Application, Company, Interview
from reviews.models import GutRating, PlanItem, Question, Review, Story, StoryTheme, theme_key
from reviews.services import review_save
from tests.factories import InterviewFactory

REVIEW_FIELDS = {
    "intended": "Show the migration story.",
    "what_happened": "It went long on system design.",
    "went_well": "",
    "struggles": "",
    "strategy": "",
    "overlooked_experience": "",
    "want_to_work_there": "",
    "want_this_boss": "",
    "rapport": "",
    "rapport_recruiter": "",
    "excitement_after": "",
    "culture_notes": "",
    "deal_breakers": "",
    "takeaways": "",
}


def review_post_data(*, action="draft", questions=(), existing=(), extra=3, plan=(), **fields):
    """A POST body for the review form.

    ``questions``: dicts (text, theme, comfort, next_time, story) for new rows; ``existing``:
    dicts with an ``id`` (and optionally ``DELETE``) for rows already saved. ``extra`` blank
    rows follow, as the page shows them. ``plan``: dicts (id, outcome, landed), one per
    plan item of the interview.
    """
    data = {**REVIEW_FIELDS, **{k: "" if v is None else v for k, v in fields.items()}}
    rows = [*existing, *questions]
    data.update(
        {
            "action": action,
            "questions-TOTAL_FORMS": str(len(rows) + extra),
            "questions-INITIAL_FORMS": str(len(existing)),
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "40",
            "plan-TOTAL_FORMS": str(len(plan)),
            "plan-INITIAL_FORMS": str(len(plan)),
            "plan-MIN_NUM_FORMS": "0",
            "plan-MAX_NUM_FORMS": "100",
        }
    )
    for i, row in enumerate(plan):
        for name in ("id", "outcome", "landed"):
            data[f"plan-{i}-{name}"] = "" if row.get(name) is None else row[name]
    for i, row in enumerate(rows):
        for name in ("id", "text", "theme", "comfort", "next_time", "story", "DELETE"):
            if name in row:
                data[f"questions-{i}-{name}"] = "" if row[name] is None else row[name]
            elif name in ("text", "theme", "comfort", "next_time", "story"):
                data[f"questions-{i}-{name}"] = ""
    for i in range(len(rows), len(rows) + extra):
        for name in ("text", "theme", "comfort", "next_time", "story"):
            data[f"questions-{i}-{name}"] = ""
    return data


def make_review(
    *,
    owner,
    starts_at,
    company="Acme",
    excitement_before=None,
    questions=(),
    complete=True,
    **fields,
) -> Review:
    """An interview and its review, saved through ``review_save`` as the form would.

    ``questions``: (theme as typed, comfort, next time) triples.
    """
    interview = InterviewFactory.create(
        owner=owner,
        starts_at=starts_at,
        company=Company.objects.get_or_create(owner=owner, name=company)[0],
        excitement_before=excitement_before,
        interviewers=[],
    )
    objects = [
        Question(text=f"Question {i} about {theme}", theme=theme, comfort=comfort, next_time=nxt)
        for i, (theme, comfort, nxt) in enumerate(questions)
    ]
    return review_save(
        interview=interview,
        fields={"what_happened": "It happened.", **fields},
        questions=objects,
        complete=complete,
    )


THEMES = ["Leadership", "Technical", "Salary", "Conflict", "Motivation", "Culture fit", "SQL"]


def bulk_reviews(*, owner, reviews: int, questions_per_review: int, companies: int = 40):
    """Many completed reviews quickly, with bulk_create (for query-count tests and bench)."""
    now = timezone.now()
    firms = Company.objects.bulk_create(
        [Company(owner=owner, name=f"Bulk employer {i}") for i in range(companies)]
    )
    openings = Application.objects.bulk_create(
        [Application(owner=owner, company=firm, role="Engineer") for firm in firms]
    )
    interviews = Interview.objects.bulk_create(
        [
            Interview(
                owner=owner,
                company=firms[i % companies],
                application=openings[i % companies],
                role="Engineer",
                starts_at=now - timedelta(days=3 * i + 1),
                excitement_before=1 + i % 5,
            )
            for i in range(reviews)
        ]
    )
    made = Review.objects.bulk_create(
        [
            Review(
                interview=interview,
                status=Review.Status.COMPLETED,
                completed_at=now,
                what_happened="Fine.",
                want_to_work_there=1 + i % 5,
                want_this_boss=1 + (i + 1) % 5,
                rapport=1 + (i + 2) % 5,
                excitement_after=1 + (i + 3) % 5,
                culture_notes=f"Culture note {i}",
                deal_breakers="Travel" if i % 7 == 0 else "",
            )
            for i, interview in enumerate(interviews)
        ]
    )
    Question.objects.bulk_create(
        [
            Question(
                review=review,
                text=f"Question {j} of review {i}",
                theme=THEMES[(i + j) % len(THEMES)],
                theme_key=theme_key(THEMES[(i + j) % len(THEMES)]),
                comfort=1 + (i * 3 + j) % 5,
                next_time="Practise it aloud." if (i + j) % 3 == 0 else "",
            )
            for i, review in enumerate(made)
            for j in range(questions_per_review)
        ]
    )
    return made


def bulk_stories(*, owner, stories: int, reviews=None):
    """Many stories with two themes each; each told in a plan item (landed 1–5) and used to
    answer a question of ``reviews`` (default: the owner's completed reviews), and a gut
    rating on each reviewed interview. Bulk inserts, for query counts and the bench."""
    made = Story.objects.bulk_create(
        [
            Story(owner=owner, title=f"Story {i:04d}", situation="S", action="A", result="R")
            for i in range(stories)
        ]
    )
    StoryTheme.objects.bulk_create(
        [
            StoryTheme(story=story, theme=theme, theme_key=theme_key(theme))
            for i, story in enumerate(made)
            for theme in {THEMES[i % len(THEMES)], THEMES[(i + 2) % len(THEMES)]}
        ]
    )
    reviews = list(reviews if reviews is not None else Review.objects.for_user(owner).completed())
    outcomes = [PlanItem.Outcome.TOLD, PlanItem.Outcome.PARTLY, PlanItem.Outcome.NOT]
    PlanItem.objects.bulk_create(
        [
            PlanItem(
                interview_id=review.interview_id,
                kind=PlanItem.Kind.STORY if j == 0 else PlanItem.Kind.QUESTION,
                text=f"Plan item {j} for review {i}",
                story=made[i % len(made)] if j == 0 and made else None,
                position=j,
                outcome=outcomes[(i + j) % 3],
                landed=1 + (i + j) % 5,
            )
            for i, review in enumerate(reviews)
            for j in range(2)
        ]
    )
    questions = list(Question.objects.filter(review__in=reviews).order_by("pk")[: len(made)])
    for question, story in zip(questions, made, strict=False):
        question.story = story
    Question.objects.bulk_update(questions, ["story"])
    GutRating.objects.bulk_create(
        [
            GutRating(interview_id=r.interview_id, rating=1 + i % 5, rated_at=timezone.now())
            for i, r in enumerate(reviews)
            if not GutRating.objects.filter(interview_id=r.interview_id).exists()
        ]
    )
    return made
