import hashlib
from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count, Min, Q
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.cache import cached_for_person, holds_at
from common.text import squash_spaces
from interviews import names, vcards
from interviews.forms import (
    ContactForm,
    InterviewFilterForm,
    InterviewForm,
    ListeningHooksForm,
    MergeForm,
    NewInterviewerFormSet,
    OutcomeForm,
    PeopleFilterForm,
    SplitForm,
)
from interviews.models import (
    CLOSED_OUTCOMES,
    Application,
    Contact,
    Interview,
    ListeningHook,
    outcome_q,
)
from interviews.services import (
    application_merge as application_merge_service,
)
from interviews.services import (
    application_set_outcome,
    interview_create,
    interview_delete,
    interview_set_outcome,
    interview_update,
    listening_hooks_set,
    sample_interview_create,
    sample_interview_delete,
)
from interviews.services import (
    application_split as application_split_service,
)

INTERVIEWS_PER_PAGE = 20
APPLICATIONS_PER_PAGE = 50
# Open applications the dashboard lists; the rest are one click away.
DASHBOARD_APPLICATIONS = 6
PEOPLE_PER_PAGE = 50
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


@login_required
def interview_list(request):
    """The filter and a page of interviews, kept as HTML per person and query until their
    interviews, companies or contacts change (``interviews.figures``)."""

    def body() -> str:
        filters = InterviewFilterForm(request.GET or None, owner=request.user)
        interviews = filters.filter(Interview.objects.for_user(request.user).with_related())
        page = Paginator(interviews.order_by("-starts_at", "-pk"), INTERVIEWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        return render_to_string(
            "interviews/_interview_list_body.html",
            {"filters": filters, "page": page, "query": query.urlencode()},
            request,
        )

    asked = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()
    html = cached_for_person(request.user, f"interviews:list:{get_language()}:{asked}", body)
    # Drawn by our template with autoescaping; the cache keeps it as a plain string.
    return render(request, "interviews/interview_list.html", {"body": mark_safe(html)})


def _logged_by(user, submission_key) -> Interview | None:
    if submission_key is None:
        return None
    return Interview.objects.for_user(user).filter(submission_key=submission_key).first()


def _interview_form_view(request, *, interview: Interview | None):
    form = InterviewForm(request.POST or None, instance=interview, owner=request.user)
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
        {"form": form, "formset": formset, "interview": interview},
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


def _hook_forms(interview: Interview, data=None) -> list[ListeningHooksForm]:
    people = interview.interviewers.all()
    if not people:  # nobody to ask about (prefetched, so this costs no query)
        return []
    hooks = ListeningHook.objects.filter(interview=interview).order_by("contact", "position")
    return ListeningHooksForm.for_people(people, hooks, data)


@login_required
def interview_detail(request, interview_pk: int):
    """The round with its company, application (the outcome form and the page show it),
    interviewers and the application's number of rounds is kept per person until their
    interviews, applications, companies or contacts change (``interviews.figures``); the
    panels of the higher apps keep their own rows the same way."""

    def interview_and_rounds() -> tuple[Interview, int] | None:
        interview = (
            Interview.objects.for_user(request.user).with_related().filter(pk=interview_pk).first()
        )
        return None if interview is None else (interview, interview.application.rounds.count())

    found = cached_for_person(
        request.user, f"interviews:detail:{interview_pk}", interview_and_rounds
    )
    if found is None:
        raise Http404("No such interview.")
    interview, round_count = found
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "round_count": round_count,
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
                listening_hooks_set(interview=interview, contact=form.contact, texts=form.texts())
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


# A name longer than this is cut before it is looked at: a greeting is a few words.
GREETING_NAME_CHARS = 200


@login_required
@require_GET
def greeting_suggestion(request):
    """How a note would greet someone of this name ("Dr. Lovelace", the whole name for
    李小龙): what a new interviewer's "greet as" field shows while the name is typed."""
    name = squash_spaces(request.GET.get("name", "")[:GREETING_NAME_CHARS])
    return JsonResponse({"greeting": names.suggested_greeting(name)})


@login_required
def people(request):
    """Everyone the person has met: company, last contact, how it went; by company, by
    last contact. Costs the same few queries for 5 people or 5,000."""
    filters = PeopleFilterForm(request.GET or None, owner=request.user)
    contacts = filters.filter(
        Contact.objects.for_user(request.user).select_related("company").with_history()
    )
    page = Paginator(contacts, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "interviews/people_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@login_required
def person_detail(request, contact_pk: int):
    """One person's whole history with the job seeker. The interviews together and what
    they said are ours; the notes, the reviews' verdicts and the open follow-ups are
    panels of the apps that own them (docs/architecture.md, "People")."""
    contact = get_object_or_404(
        Contact.objects.for_user(request.user).select_related("company"), pk=contact_pk
    )
    now = timezone.now()
    interviews = list(
        Interview.objects.for_user(request.user)
        .filter(interviewers=contact)
        .select_related("company", "application__company")
        .order_by("-starts_at", "-pk")
    )
    hooks: dict[int, list[ListeningHook]] = defaultdict(list)
    for hook in ListeningHook.objects.for_user(request.user).filter(contact=contact):
        hooks[hook.interview_id].append(hook)
    for interview in interviews:
        interview.hooks_of_person = hooks.get(interview.pk, [])
    upcoming = sorted(
        (i for i in interviews if i.starts_at > now and not i.is_cancelled),
        key=lambda i: i.starts_at,
    )
    return render(
        request,
        "interviews/person_detail.html",
        {
            "contact": contact,
            "interviews": interviews,
            "applications": _applications_with(request.user, interviews),
            "upcoming": upcoming,
        },
    )


def _applications_with(user, interviews: list[Interview]) -> list[tuple[Application, list]]:
    """The applications these interviews are rounds of, latest first, each with all its
    rounds in time order as (round, with the person?): the ones with the person are these
    interviews (with their hooks), the others show where the person came in (one query)."""
    ours = {interview.pk: interview for interview in interviews}
    applications: dict[int, tuple[Application, list]] = {}
    for interview in interviews:
        applications.setdefault(interview.application_id, (interview.application, []))
    for round_ in (
        Interview.objects.for_user(user)
        .filter(application_id__in=applications)
        .only("pk", "application_id", "starts_at", "round", "cancelled")
        .order_by("starts_at", "pk")
    ):
        applications[round_.application_id][1].append(
            (ours.get(round_.pk, round_), round_.pk in ours)
        )
    return list(applications.values())


@login_required
def person_vcard(request, contact_pk: int):
    contact = get_object_or_404(
        Contact.objects.for_user(request.user).select_related("company"), pk=contact_pk
    )
    response = HttpResponse(vcards.contact_vcard_text(contact), content_type=vcards.CONTENT_TYPE)
    response.headers["Content-Disposition"] = vcards.attachment(
        vcards.vcard_filename(contact.name)
    )
    return response


@login_required
def people_vcards(request):
    """Everyone (or everyone at the company filtered on) in one .vcf file, streamed."""
    filters = PeopleFilterForm(request.GET or None, owner=request.user)
    contacts = filters.filter(
        Contact.objects.for_user(request.user).select_related("company").with_history()
    )
    response = StreamingHttpResponse(
        vcards.contacts_vcard_chunks(contacts.iterator(chunk_size=500)),
        content_type=vcards.CONTENT_TYPE,
    )
    response.headers["Content-Disposition"] = vcards.attachment("afterview-people.vcf")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, contact_pk: int):
    contact = get_object_or_404(Contact.objects.for_user(request.user), pk=contact_pk)
    form = ContactForm(request.POST or None, instance=contact, owner=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, f"Saved {contact.name}.")
        return redirect(contact)
    return render(request, "interviews/contact_form.html", {"form": form, "contact": contact})


# --- Applications: one opening, its rounds and its outcome -----------------------------------


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
    shown = shown.by_recency().select_related("company").annotate(round_count=Count("rounds"))
    page = Paginator(shown, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/application_list.html",
        {"page": page, "counts": counts, "show_closed": show_closed},
    )


def _application_page(request, application: Application, *, status=200, **forms_):
    rounds = (
        application.rounds.select_related("company")
        .prefetch_related("interviewers")
        .order_by("starts_at", "pk")
    )
    for interview in rounds:
        interview.application = application  # its outcome reads from here, no query each
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
    context = {
        "application": application,
        "rounds": rounds,
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
