"""Panels the interview page and the dashboard include. Each costs a fixed number of
queries, whatever the number of reviews."""

from django import template
from django.db.models import Count

from interviews.models import Interview
from reviews import insights
from reviews.models import GutRating, PlanItem, Review

register = template.Library()


@register.inclusion_tag("reviews/panels/interview_panel.html", takes_context=True)
def review_interview_panel(context, interview):
    """This interview's review: not started, a draft, or completed; and the gut rating
    (2 queries)."""
    review = (
        Review.objects.filter(interview=interview)
        .annotate(question_count=Count("questions"))
        .first()
    )
    return {
        "interview": interview,
        "review": review,
        "gut": GutRating.objects.filter(interview=interview).first(),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reviews/panels/plan_panel.html")
def review_plan_panel(interview):
    """The interview's plan in brief, with what happened to each item (1 query)."""
    items = list(PlanItem.objects.filter(interview=interview).select_related("story"))
    return {"interview": interview, "items": items}


@register.inclusion_tag("reviews/panels/prep_panel.html")
def review_prep_panel(interview):
    """For an upcoming interview: the weakest themes with the strategies written for them,
    and what earlier interviews at this company taught (3 queries; none if it is past)."""
    if not interview.is_upcoming:
        return {"show": False}
    owner = interview.owner
    earlier = (
        Interview.objects.for_user(owner)
        .filter(company_id=interview.company_id, starts_at__lt=interview.starts_at)
        .exclude(pk=interview.pk)
        .select_related("review")
        .order_by("-starts_at")[:3]
    )
    return {
        "show": True,
        "interview": interview,
        "weakest": insights.weakest_themes(owner),
        "earlier": list(earlier),
    }


@register.inclusion_tag("reviews/panels/dashboard_panel.html", takes_context=True)
def review_dashboard_panel(context):
    """The strongest and weakest themes in brief (1 query)."""
    user = context["request"].user
    themes = insights.theme_stats(user)
    return {
        "go_to": insights.go_to_themes(themes)[:3],
        "work_on": insights.work_on_themes(themes)[:3],
        "has_themes": bool(themes),
    }


@register.filter
def stars(value) -> str:
    """A 1–5 rating as "4 / 5", or a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.1f} / 5"
    return f"{value} / 5"


@register.filter
def signed(value) -> str:
    """+1.0 / −0.5 / ±0 for a change."""
    if value is None:
        return "—"
    if abs(value) < 0.05:
        return "±0"
    sign = "+" if value > 0 else "−"
    return f"{sign}{abs(value):.1f}" if isinstance(value, float) else f"{sign}{abs(value)}"
