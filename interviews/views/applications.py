"""Applications: the list, one application's timeline and outcome, splitting and merging."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from interviews.forms import (
    MergeForm,
    OutcomeForm,
    SplitForm,
)
from interviews.models import (
    CLOSED_OUTCOMES,
    Application,
    Interview,
)
from interviews.selectors import application_rows, application_timeline
from interviews.services import (
    application_merge as application_merge_service,
)
from interviews.services import (
    application_set_outcome,
)
from interviews.services import (
    application_split as application_split_service,
)

APPLICATIONS_PER_PAGE = 50


@login_required
def application_list(request):
    """Applications, newest first: those still open, or with ``?show=closed`` the closed ones
    (folded out of the way, their lessons still in insights)."""
    show_closed = request.GET.get("show") == "closed"
    applications = Application.objects.for_user(request.user)
    counts = applications.aggregate(
        open=Count("pk", filter=~Q(outcome__in=CLOSED_OUTCOMES)),
        closed=Count("pk", filter=Q(outcome__in=CLOSED_OUTCOMES)),
    )
    shown = applications.closed() if show_closed else applications.open()
    page = Paginator(shown.by_recency(), APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/application_list.html",
        {
            "page": page,
            "rows": application_rows(page.object_list),
            "counts": counts,
            "show_closed": show_closed,
        },
    )


def _application_page(request, application: Application, *, status=200, **forms_):
    still_open: list[Application] = []
    if application.outcome == Interview.Outcome.ACCEPTED:
        # Accepting an offer ends the others too: each can be withdrawn here in one click,
        # and then offers its keep-in-touch notes.
        still_open = list(
            Application.objects.for_user(request.user)
            .open()
            .exclude(pk=application.pk)
            .select_related("company")
            .by_recency()
        )
    # The forwarded emails whose confirmation changed this application: its invites, and
    # the rejection, offer or next round that set its outcome (one query).
    from_inbox = list(
        application.inbox_messages.filter(owner=request.user, status="applied")
        .only("pk", "application_id", "subject", "applied_at", "result")
        .order_by("applied_at", "pk")[:10]
    )
    context = {
        "application": application,
        "from_inbox": from_inbox,
        "rounds": application_timeline(application),
        "now": timezone.now(),
        "outcome_form": forms_.get("outcome_form") or OutcomeForm(instance=application),
        "still_open": still_open,
    }
    return render(request, "interviews/application_detail.html", context, status=status)


def _grouping_page(request, application: Application, *, status=200, **forms_):
    """Split and merge live on a page of their own: rarely needed, and the timeline stays
    quick without their forms."""
    context = {
        "application": application,
        "rounds": application.rounds.order_by("starts_at", "pk"),
        "split_form": forms_.get("split_form") or SplitForm(application=application),
        "merge_form": forms_.get("merge_form") or MergeForm(application=application),
    }
    return render(request, "interviews/application_grouping.html", context, status=status)


def _owned_application(request, application_pk: int) -> Application:
    return get_object_or_404(
        Application.objects.for_user(request.user).select_related("company", "owner"),
        pk=application_pk,
    )


@login_required
def application_detail(request, application_pk: int):
    """One application as a timeline: its rounds, their notes and reviews, its outcome."""
    return _application_page(request, _owned_application(request, application_pk))


@login_required
def application_grouping(request, application_pk: int):
    """Fix a wrong grouping: split rounds off into a new application, or merge another in."""
    return _grouping_page(request, _owned_application(request, application_pk))


@login_required
@require_POST
def application_outcome(request, application_pk: int):
    application = _owned_application(request, application_pk)
    form = OutcomeForm(request.POST, instance=Application(owner_id=application.owner_id))
    if form.is_valid():
        application_set_outcome(application=application, **form.cleaned_data)
        messages.success(request, f"Outcome set to “{application.get_outcome_display()}”.")
        return redirect(application)
    messages.error(request, "The outcome needs another look.")
    return _application_page(request, application, status=400, outcome_form=form)


@login_required
@require_POST
def application_split(request, application_pk: int):
    """Moves the chosen rounds into a new application of their own."""
    application = _owned_application(request, application_pk)
    form = SplitForm(request.POST, application=application)
    if form.is_valid():
        try:
            new = application_split_service(
                application=application, rounds=form.cleaned_data["rounds"]
            )
        except ValueError as error:
            form.add_error("rounds", str(error))
        else:
            messages.success(
                request, "Split off: those rounds are now an application of their own."
            )
            return redirect(new)
    messages.error(request, "Nothing was split; see the message under the rounds.")
    return _grouping_page(request, application, status=400, split_form=form)


@login_required
@require_POST
def application_merge(request, application_pk: int):
    """Moves every round of another application (same company) into this one."""
    application = _owned_application(request, application_pk)
    form = MergeForm(request.POST, application=application)
    if form.is_valid():
        try:
            application_merge_service(application=application, other=form.cleaned_data["other"])
        except ValueError as error:
            form.add_error("other", str(error))
        else:
            messages.success(request, "Merged: the rounds are one application now.")
            return redirect(application)
    messages.error(request, "Nothing was merged; see the message under the list.")
    return _grouping_page(request, application, status=400, merge_form=form)
