"""Reads the pages of ``interviews`` need, as plain functions the views call.

Each costs a fixed number of queries whatever the size of the person's data; the tests pin
them (``interviews/tests/test_query_counts.py``). Nothing here is kept between requests: a
page shows the rows as they are when it is drawn.
"""

from datetime import datetime, timedelta

from django.db.models import Count, Min, Q

from interviews.models import CLOSED_OUTCOMES, Application, Interview, outcome_q

# Open applications the dashboard lists; the rest are one click away.
DASHBOARD_APPLICATIONS = 6
# Past interviews stay on the dashboard's follow-up list this long.
FOLLOW_UP_WINDOW = timedelta(days=14)
DASHBOARD_UPCOMING = 5
DASHBOARD_RECENT = 8


def dashboard_interviews(user, now: datetime) -> dict:
    """The dashboard's interviews: counts, the sample (if any), the recent ones still to
    follow up with their interviewers, the applications in progress and what is coming up
    (5 queries, 6 with a sample)."""
    interviews = Interview.objects.for_user(user)
    counts = interviews.aggregate(
        total=Count("pk"),
        upcoming=Count("pk", filter=Q(starts_at__gte=now, cancelled=False)),
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
        # Every application has a round, so its applications are counted here too.
        open_applications=Count(
            "application", distinct=True, filter=~Q(application__outcome__in=CLOSED_OUTCOMES)
        ),
        closed_applications=Count(
            "application", distinct=True, filter=Q(application__outcome__in=CLOSED_OUTCOMES)
        ),
    )
    sample_pk = counts.pop("sample_pk")
    app_counts = {
        "open": counts.pop("open_applications"),
        "closed": counts.pop("closed_applications"),
    }
    if not counts["total"]:
        return {"counts": counts, "sample": None}
    applications = Application.objects.for_user(user)
    return {
        "counts": counts,
        "sample": interviews.select_related("company").get(pk=sample_pk)
        if sample_pk is not None
        else None,
        "app_counts": app_counts,
        "open_applications": list(
            applications.open()
            .by_recency()
            .select_related("company")
            .annotate(round_count=Count("rounds"))[:DASHBOARD_APPLICATIONS]
        ),
        # The list shows no interviewers: none are loaded.
        "upcoming": list(interviews.upcoming(now).select_related("company")[:DASHBOARD_UPCOMING]),
        # Closed applications fold out of the way: their rounds leave the follow-up list.
        "recent": list(
            interviews.past(now)
            .filter(starts_at__gte=now - FOLLOW_UP_WINDOW)
            .exclude(application__outcome__in=CLOSED_OUTCOMES)
            .with_related()[:DASHBOARD_RECENT]
        ),
    }
