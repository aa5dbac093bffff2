"""Panels the interview page, a person's page, People and the dashboard include. Each
draws what ``reviews.selectors`` reads: a fixed number of queries, whatever the number of
reviews."""

from django import template

from reviews import selectors

register = template.Library()


def _page_owner(context, interview):
    """The interview's owner: the page's own user (no query to load the owner again)."""
    viewer = getattr(context.get("request"), "user", None)
    return viewer if viewer is not None and viewer.pk == interview.owner_id else interview.owner


@register.inclusion_tag("reviews/panels/interview_panel.html", takes_context=True)
def review_interview_panel(context, interview):
    """This interview's review: not started, a draft, or completed; and the gut rating."""
    review, gut, _ = selectors.interview_panels(interview)
    return {
        "interview": interview,
        "review": review,
        "gut": gut,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reviews/panels/plan_panel.html")
def review_plan_panel(interview):
    """The interview's plan in brief, with what happened to each item."""
    return {"interview": interview, "items": selectors.interview_panels(interview).items}


@register.inclusion_tag("reviews/panels/prep_panel.html", takes_context=True)
def review_prep_panel(context, interview):
    """For an upcoming interview: the weakest themes with their strategies, and what
    earlier interviews at this company taught (nothing, and no query, if it is past)."""
    if not interview.is_upcoming:
        return {"show": False}
    prep = selectors.interview_prep(interview, _page_owner(context, interview))
    return {"show": True, "interview": interview, **prep}


@register.inclusion_tag("reviews/panels/dashboard_panel.html", takes_context=True)
def review_dashboard_panel(context):
    """The strongest and weakest themes in brief."""
    return selectors.dashboard_themes(context["request"].user)


@register.inclusion_tag("reviews/panels/person_panel.html")
def person_reviews_panel(interviews):
    """A person's page: what the reviews of the interviews with them said."""
    return {"rows": selectors.person_reviews(interviews), "has_interviews": bool(interviews)}


@register.simple_tag(takes_context=True)
def people_rapport(context, contacts) -> dict[int, int]:
    """``{% people_rapport page.object_list as rapport %}``, then ``{{ rapport|of:contact }}``
    (``reviews.selectors.people_rapport``)."""
    return selectors.people_rapport(context["request"].user, contacts)


@register.filter
def of(mapping, row):
    """``{{ figures|of:row }}``: the value a tag worked out for that row, or None."""
    return mapping.get(getattr(row, "pk", row))


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
