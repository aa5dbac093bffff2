"""Panels the interview page and the dashboard include. Each costs a fixed number of
queries, whatever the number of reviews."""

from django import template
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from common.cache import cached_for_person
from interviews.models import Interview
from reviews import insights
from reviews.models import GutRating, PlanItem, Review

register = template.Library()


def _page_owner(context, interview):
    """The interview's owner as the page's own user: fresh from this request (figures are
    kept by its data version), and no query to load the owner again."""
    viewer = getattr(context.get("request"), "user", None)
    return viewer if viewer is not None and viewer.pk == interview.owner_id else interview.owner


@register.inclusion_tag("reviews/panels/interview_panel.html", takes_context=True)
def review_interview_panel(context, interview):
    """This interview's review: not started, a draft, or completed; and the gut rating
    (2 queries, 1 before the interview; none while the person's data is unchanged)."""
    upcoming = interview.is_upcoming

    def panel():
        review = (
            Review.objects.filter(interview=interview)
            .annotate(question_count=Count("questions"))
            .first()
        )
        # The gut-rating form shows once the interview has started.
        gut = None if upcoming else GutRating.objects.filter(interview=interview).first()
        return review, gut

    when = "upcoming" if upcoming else "started"
    review, gut = cached_for_person(
        _page_owner(context, interview), f"reviews:review:{interview.pk}:{when}", panel
    )
    return {
        "interview": interview,
        "review": review,
        "gut": gut,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reviews/panels/plan_panel.html", takes_context=True)
def review_plan_panel(context, interview):
    """The interview's plan in brief, with what happened to each item (1 query; none while
    the person's data is unchanged)."""
    items = cached_for_person(
        _page_owner(context, interview),
        f"reviews:plan:{interview.pk}",
        lambda: list(PlanItem.objects.filter(interview=interview)),
    )
    return {"interview": interview, "items": items}


@register.simple_tag(takes_context=True)
def review_prep_panel(context, interview) -> str:
    """For an upcoming interview: the weakest themes with the strategies written for them,
    and what earlier interviews at this company taught (3 queries when not kept; nothing if
    it is past). Kept drawn: the card holds no form and nothing of the request."""
    if not interview.is_upcoming:
        return ""
    owner = _page_owner(context, interview)

    def prep() -> str:
        earlier = (
            Interview.objects.for_user(owner)
            .filter(company_id=interview.company_id, starts_at__lt=interview.starts_at)
            .exclude(pk=interview.pk)
            .select_related("review")
            .order_by("-starts_at")[:3]
        )
        return render_to_string(
            "reviews/panels/prep_panel.html",
            {
                "show": True,
                "interview": interview,
                "weakest": insights.weakest_themes(owner),
                "earlier": list(earlier),
            },
        )

    # Every save of an interview changes the version the card is kept under, so this
    # interview's time and company are part of it already.
    html = cached_for_person(
        owner, f"reviews:prep-html:{interview.pk}:{translation.get_language()}", prep
    )
    return mark_safe(html)  # drawn by our template with autoescaping


@register.inclusion_tag("reviews/panels/dashboard_panel.html", takes_context=True)
def review_dashboard_panel(context):
    """The strongest and weakest themes in brief (1 query when not cached)."""
    user = context["request"].user

    def panel():
        themes = insights.theme_stats(user)
        return {
            "go_to": insights.go_to_themes(themes)[:3],
            "work_on": insights.work_on_themes(themes)[:3],
            "has_themes": bool(themes),
        }

    return cached_for_person(user, "reviews:dashboard-themes", panel)


@register.inclusion_tag("reviews/panels/person_panel.html")
def person_reviews_panel(interviews):
    """A person's page: what the reviews of the interviews with them said — rapport, the
    boss, the gut rating — latest first (2 queries, any number of interviews). The
    interviews come from the page, already limited to its owner and that person."""
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
    rows = [
        (interview, reviews.get(interview.pk), guts.get(interview.pk))
        for interview in interviews
        if interview.pk in reviews or interview.pk in guts
    ]
    return {"rows": rows, "has_interviews": bool(interviews)}


@register.simple_tag(takes_context=True)
def people_rapport(context, contacts) -> dict[int, int]:
    """{contact id: rapport (1–5) in the latest review of an interview they were on} for
    the people on a page (1 query): ``{% people_rapport page.object_list as rapport %}``,
    then ``{{ rapport|of:contact }}``."""
    ids = [contact.pk for contact in contacts]
    rows = (
        Review.objects.for_user(context["request"].user)
        .filter(interview__interviewers__in=ids, rapport__isnull=False)
        .order_by("-interview__starts_at", "-pk")
        .values_list("interview__interviewers", "rapport")
    )
    latest: dict[int, int] = {}
    for contact_id, rapport in rows:
        latest.setdefault(contact_id, rapport)
    return latest


@register.filter
def of(mapping, row):
    """``{{ figures|of:row }}``: the value a tag worked out for that row, or None."""
    return mapping.get(getattr(row, "pk", row))


# What a kept fragment must not keep: the page's CSRF token and its own address (for a
# form's "next"). The fragment is drawn with these markers in their place and they are
# filled in on every page. Each holds a raw "<", which no escaped text can produce, so
# nothing a person typed can be mistaken for a marker.
LIVE_CSRF_TOKEN = mark_safe("<!--live:csrf_token-->")
LIVE_HERE = mark_safe("<!--live:here-->")


class CachedFiguresNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList):
        self.name, self.nodelist = name, nodelist

    def render(self, context) -> str:
        request = context["request"]
        token = context.get("csrf_token")
        if not token or token == "NOTPROVIDED":  # drawn without a request: as it is
            return self.nodelist.render(context)
        key = f"reviews:html:{self.name}:{translation.get_language()}"
        html = cached_for_person(request.user, key, lambda: self._render_with_markers(context))
        return mark_safe(
            html.replace(LIVE_CSRF_TOKEN, conditional_escape(str(token))).replace(
                LIVE_HERE, conditional_escape(request.get_full_path())
            )
        )

    def _render_with_markers(self, context) -> str:
        with context.push(csrf_token=LIVE_CSRF_TOKEN, here=LIVE_HERE):
            return str(self.nodelist.render(context))


@register.tag
def cachedfigures(parser, token):
    """``{% cachedfigures "name" %}…{% endcachedfigures %}``: the enclosed HTML, kept for
    this person until their data changes (see ``reviews.figures``). Only for markup made
    from those figures: no messages or the time. Forms may use ``{% csrf_token %}`` and
    ``{{ here }}`` (this page's address): both are filled in afresh on every page."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name")
    nodelist = parser.parse(("endcachedfigures",))
    parser.delete_first_token()
    return CachedFiguresNode(bits[1].strip("\"'"), nodelist)


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
