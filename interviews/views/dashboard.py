"""The dashboard, and adding or removing the sample interview from it."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min, Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from common.cache import cached_for_person, holds_at
from interviews.models import (
    CLOSED_OUTCOMES,
    Application,
    Interview,
    outcome_q,
)
from interviews.services import (
    sample_interview_create,
    sample_interview_delete,
)

# Open applications the dashboard lists; the rest are one click away.
DASHBOARD_APPLICATIONS = 6


FOLLOW_UP_WINDOW = timedelta(days=14)


def _dashboard_parts(user, now) -> dict:
    """The dashboard's interviews — counts, the recent table, the applications in progress,
    what is coming up — drawn, with the time they go out of date by themselves."""
    interviews = Interview.objects.for_user(user)
    counts = interviews.aggregate(
        total=Count("pk"),
        upcoming=Count("pk", filter=Q(starts_at__gte=now)),
        awaiting=Count("pk", filter=Q(starts_at__lt=now) & outcome_q(Interview.Outcome.AWAITING)),
        offers=Count(
            "application",
            distinct=True,
            filter=Q(
                application__outcome__in=[Interview.Outcome.OFFER, Interview.Outcome.ACCEPTED]
            ),
        ),
        # Found with the counts: almost nobody has a sample, so it costs no query of its own.
        sample_pk=Min("pk", filter=Q(is_sample=True)),
    )
    sample_pk = counts.pop("sample_pk")
    applications = Application.objects.for_user(user)
    app_counts = applications.aggregate(
        open=Count("pk", filter=~Q(outcome__in=CLOSED_OUTCOMES)),
        closed=Count("pk", filter=Q(outcome__in=CLOSED_OUTCOMES)),
    )
    open_applications = list(
        applications.open()
        .by_recency()
        .select_related("company")
        .annotate(round_count=Count("rounds"))[:DASHBOARD_APPLICATIONS]
    )
    # The list shows no interviewers: none are loaded.
    upcoming = list(interviews.upcoming(now).select_related("company")[:5])
    # Closed applications fold out of the way: their rounds leave the follow-up list.
    recent = list(
        interviews.past(now)
        .filter(starts_at__gte=now - FOLLOW_UP_WINDOW)
        .exclude(application__outcome__in=CLOSED_OUTCOMES)
        .with_related()[:8]
    )
    # Nothing shown changes by itself before the next interview starts (it moves from
    # "coming up" to the counts and the recent table) or the oldest recent one leaves the
    # follow-up window.
    ends = [interview.starts_at for interview in upcoming[:1]]
    if recent:
        ends.append(recent[-1].starts_at + FOLLOW_UP_WINDOW)
    return {
        "total": counts["total"],
        "sample": interviews.select_related("company").get(pk=sample_pk)
        if sample_pk is not None
        else None,
        "main": render_to_string(
            "interviews/_dashboard_main.html",
            {
                "recent": recent,
                "open_applications": open_applications,
                "app_counts": app_counts,
            },
        ),
        "side": render_to_string(
            "interviews/_dashboard_side.html", {"upcoming": upcoming, "counts": counts}
        ),
        "drawn_at": now,
        "good_until": min(ends, default=None),
    }


@login_required
def dashboard(request):
    """Kept per person until their interviews, companies or contacts change
    (``interviews.figures``) or time moves one of them along; the follow-ups that are due
    and the themes are their own panels."""
    now = timezone.now()
    parts = cached_for_person(
        request.user,
        f"interviews:dashboard:{get_language()}",
        lambda: _dashboard_parts(request.user, now),
        usable=holds_at(now),
    )
    return render(
        request,
        "interviews/dashboard.html",
        {
            "total": parts["total"],
            "sample": parts["sample"],
            # Drawn by our templates with autoescaping; the cache keeps plain strings.
            "main_html": mark_safe(parts["main"]),
            "side_html": mark_safe(parts["side"]),
        },
    )


@login_required
@require_POST
def sample_create_view(request):
    interview = sample_interview_create(owner=request.user)
    messages.success(request, "Here is a sample interview to look around in. Remove it any time.")
    return redirect(interview)


@login_required
@require_POST
def sample_delete_view(request):
    if sample_interview_delete(owner=request.user):
        messages.success(request, "The sample interview is gone.")
    return redirect("interviews:dashboard")
