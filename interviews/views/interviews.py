"""Interviews: the list, logging and editing one, its page, what each interviewer said, its
outcome from the round's page, deleting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from interviews.forms import (
    InterviewFilterForm,
    InterviewForm,
    ListeningHooksForm,
    NewInterviewerFormSet,
    OutcomeForm,
)
from interviews.models import (
    Application,
    Contact,
    Interview,
)
from interviews.selectors import interview_rows
from interviews.services import (
    interview_create,
    interview_delete,
    interview_set_outcome,
    interview_update,
    listening_hooks_set,
)

INTERVIEWS_PER_PAGE = 20


@login_required
def interview_list(request):
    """The filter and a page of interviews (3 queries: the companies for the filter, the
    count and the page with its interviewers)."""
    filters = InterviewFilterForm(request.GET or None, owner=request.user)
    interviews = filters.filter(Interview.objects.for_user(request.user))
    page = Paginator(interviews.order_by("-starts_at", "-pk"), INTERVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "interviews/interview_list.html",
        {
            "filters": filters,
            "page": page,
            "rows": interview_rows(page.object_list),
            "query": query.urlencode(),
        },
    )


def _logged_by(user, submission_key) -> Interview | None:
    if submission_key is None:
        return None
    return Interview.objects.for_user(user).filter(submission_key=submission_key).first()


def _next_round_initial(request) -> tuple[dict, Interview | None]:
    """What "Log round 2" fills in: the company, role, posting, format and length of the
    round it follows (``?after=<interview id>``, the person's own), and the next round's
    name. Another person's id, or none, fills in nothing."""
    after = request.GET.get("after", "")
    if not after.isdigit():
        return {}, None
    previous = (
        Interview.objects.for_user(request.user)
        .select_related("company", "application")
        .filter(pk=int(after))
        .first()
    )
    if previous is None:
        return {}, None
    number = previous.application.rounds.count() + 1
    return {
        "company_name": previous.company.name,
        "role": previous.role,
        "posting_url": previous.posting_url,
        "format": previous.format,
        "duration_minutes": previous.duration_minutes,
        "round": f"Round {number}",
    }, previous


def _interview_form_view(request, *, interview: Interview | None):
    initial: dict = {}
    follows: Interview | None = None
    if interview is None and request.method == "GET":
        initial, follows = _next_round_initial(request)
    form = InterviewForm(
        request.POST or None, instance=interview, owner=request.user, initial=initial
    )
    formset = NewInterviewerFormSet(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = form.service_fields()
        new_interviewers = formset.new_interviewers()
        if interview is None:
            key = form.cleaned_data.get("submission_key")
            already = _logged_by(request.user, key)
            if already is not None:  # the same form again: a retry or a double click
                return redirect(already)
            try:
                interview = interview_create(
                    owner=request.user,
                    new_interviewers=new_interviewers,
                    submission_key=key,
                    **fields,
                )
            except IntegrityError:
                # The same form, submitted twice at once: the first one made the row.
                already = _logged_by(request.user, key)
                if already is None:
                    raise
                return redirect(already)
            messages.success(request, f"Logged {interview}.")
        else:
            interview = interview_update(
                interview=interview,
                new_interviewers=new_interviewers,
                **form.changed_service_fields(),
            )
            messages.success(request, "Your changes are saved.")
        if form.occurrence_note:
            messages.info(request, form.occurrence_note)
        return redirect(interview)
    if request.method == "POST":
        messages.error(request, "Some fields need another look; nothing you typed was lost.")
    return render(
        request,
        "interviews/interview_form.html",
        {"form": form, "formset": formset, "interview": interview, "follows": follows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_create_view(request):
    return _interview_form_view(request, interview=None)


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request, interview_pk: int):
    interview = get_object_or_404(Interview.objects.for_user(request.user), pk=interview_pk)
    return _interview_form_view(request, interview=interview)


def _next_round_number(interview: Interview, round_count: int) -> int | None:
    """The number of the round to log next, when this round's outcome is "next round" and
    no later round is logged yet (the page then offers "Log round N", filled in)."""
    if interview.outcome == Interview.Outcome.NEXT_ROUND and interview.is_latest_round:
        return round_count + 1
    return None


def _hook_forms(interview: Interview, data=None) -> list[ListeningHooksForm]:
    return ListeningHooksForm.for_interview(interview, data)


@login_required
def interview_detail(request, interview_pk: int):
    """The round with its company, application and interviewers, what each of them said,
    and the panels of the apps that follow it (its notes, review, plan and reminders)."""
    # The number of rounds of its application comes with it (a subquery, not a query), and
    # whether it has interviewers and applied inbox messages: without them (an upcoming
    # round often has neither yet) neither is looked up.
    rounds = (
        Interview.objects.filter(application_id=OuterRef("application_id"))
        .order_by()
        .values("application_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    panel = Interview.interviewers.through.objects.filter(interview_id=OuterRef("pk"))
    applied = Interview.objects.filter(
        pk=OuterRef("pk"),
        inbox_messages__owner_id=OuterRef("owner_id"),
        inbox_messages__status="applied",
    )
    interview = get_object_or_404(
        Interview.objects.for_user(request.user)
        .select_related("company", "application")
        .annotate(
            round_count=Subquery(rounds), has_panel=Exists(panel), from_inbox=Exists(applied)
        ),
        pk=interview_pk,
    )
    # What with_related() prefetches; an empty queryset for no interviewers runs no query.
    prefetch_related_objects(
        [interview],
        "interviewers"
        if interview.has_panel
        else Prefetch("interviewers", queryset=Contact.objects.none()),
    )
    round_count = interview.round_count
    # The inbox messages whose confirmation made or changed this round (one query).
    from_inbox = (
        list(
            interview.inbox_messages.filter(owner=request.user, status="applied")
            .only("pk", "interview_id", "subject", "applied_at", "result")
            .order_by("applied_at", "pk")[:10]
        )
        if interview.from_inbox
        else []
    )
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "from_inbox": from_inbox,
            "round_count": round_count,
            "next_round_number": _next_round_number(interview, round_count),
            "outcome_form": _round_outcome_form(interview),
            "hook_forms": _hook_forms(interview),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_hooks(request, interview_pk: int):
    """What each interviewer said, asked or cared about: quick to fill right after."""
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).with_related(), pk=interview_pk
    )
    if request.method == "POST":
        forms_ = _hook_forms(interview, request.POST)
        if all(form.is_valid() for form in forms_):
            for form in forms_:
                listening_hooks_set(
                    interview=interview,
                    contact=form.contact,
                    texts=form.texts(),
                    placements=form.placements(),
                )
            messages.success(request, "Saved what each interviewer said.")
            return redirect(f"{interview.get_absolute_url()}#hooks-heading")
        messages.error(request, "Some lines need another look; nothing you typed was lost.")
        status = 400
    else:
        forms_, status = _hook_forms(interview), 200
    return render(
        request,
        "interviews/interview_hooks.html",
        {"interview": interview, "hook_forms": forms_},
        status=status,
    )


def _round_outcome_form(interview: Interview, data=None) -> OutcomeForm:
    """The application's outcome form as a round's page shows it (with "Cancelled")."""
    application = interview.application
    initial = {"outcome": interview.outcome, "decision_date": application.decision_date}
    return OutcomeForm(
        data, instance=Application(owner_id=application.owner_id), initial=initial, for_round=True
    )


@login_required
@require_POST
def interview_outcome(request, interview_pk: int):
    """The outcome from a round's page: recorded for its whole application, or "cancelled"
    for this round alone."""
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).with_related(), pk=interview_pk
    )
    form = _round_outcome_form(interview, request.POST)
    if form.is_valid():
        interview_set_outcome(interview=interview, **form.cleaned_data)
        messages.success(request, f"Outcome set to “{interview.get_outcome_display()}”.")
        return redirect(interview)
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "round_count": interview.application.rounds.count(),
            "outcome_form": form,
            "hook_forms": _hook_forms(interview),
        },
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete_view(request, interview_pk: int):
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("company"), pk=interview_pk
    )
    if request.method == "POST":
        label = str(interview)
        interview_delete(interview=interview)
        messages.success(request, f"Deleted {label}.")
        return redirect("interviews:list")
    return render(request, "interviews/interview_confirm_delete.html", {"interview": interview})
