"""Reads the reviews panels need, as plain functions their template tags call (the pages
that show them belong to ``interviews``, which cannot import us: docs/architecture.md).

Each costs a fixed number of queries whatever the number of reviews; nothing is kept
between requests.
"""

from django.db.models import Count

from interviews.models import Interview
from reviews import insights
from reviews.models import GutRating, PlanItem, Review

PREP_EARLIER = 3
DASHBOARD_THEMES = 3


def interview_review(interview) -> tuple[Review | None, GutRating | None]:
    """The interview's review with its number of questions, and its gut rating once it has
    started (2 queries, 1 before the interview)."""
    review = (
        Review.objects.filter(interview=interview)
        .annotate(question_count=Count("questions"))
        .first()
    )
    gut = None if interview.is_upcoming else GutRating.objects.filter(interview=interview).first()
    return review, gut


def interview_plan(interview) -> list[PlanItem]:
    """The interview's plan items, in order (1 query)."""
    return list(PlanItem.objects.filter(interview=interview))


def interview_prep(interview, owner) -> dict:
    """For an upcoming interview: the weakest themes with the strategies written for them,
    and the earlier interviews at this company with their reviews (3 queries)."""
    earlier = (
        Interview.objects.for_user(owner)
        .filter(company_id=interview.company_id, starts_at__lt=interview.starts_at)
        .exclude(pk=interview.pk)
        .select_related("review")
        .order_by("-starts_at")[:PREP_EARLIER]
    )
    return {"weakest": insights.weakest_themes(owner), "earlier": list(earlier)}


def dashboard_themes(user) -> dict:
    """The strongest and weakest themes in brief (1 query)."""
    themes = insights.theme_stats(user)
    return {
        "go_to": insights.go_to_themes(themes)[:DASHBOARD_THEMES],
        "work_on": insights.work_on_themes(themes)[:DASHBOARD_THEMES],
        "has_themes": bool(themes),
    }


def person_reviews(interviews) -> list[tuple]:
    """What the reviews of these interviews said — rapport, the boss, the gut rating —
    as (interview, review, gut rating) for those with either (2 queries). The interviews
    come from the page, already limited to its owner."""
    ids = [interview.pk for interview in interviews]
    reviews = {
        review.interview_id: review
        for review in Review.objects.filter(interview_id__in=ids).only(
            "pk", "interview_id", "status", "rapport", "want_this_boss", "takeaways"
        )
    }
    guts = {
        gut.interview_id: gut.rating
        for gut in GutRating.objects.filter(interview_id__in=ids).only("interview_id", "rating")
    }
    return [
        (interview, reviews.get(interview.pk), guts.get(interview.pk))
        for interview in interviews
        if interview.pk in reviews or interview.pk in guts
    ]


def people_rapport(user, contacts) -> dict[int, int]:
    """{contact id: rapport (1–5) in the latest review of an interview they were on} for
    these people (1 query)."""
    ids = [contact.pk for contact in contacts]
    rows = (
        Review.objects.for_user(user)
        .filter(interview__interviewers__in=ids, rapport__isnull=False)
        .order_by("-interview__starts_at", "-pk")
        .values_list("interview__interviewers", "rapport")
    )
    latest: dict[int, int] = {}
    for contact_id, rapport in rows:
        latest.setdefault(contact_id, rapport)
    return latest
