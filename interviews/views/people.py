"""People: the list, a person's page, their vCards, editing a contact, and the greeting a
new interviewer's name suggests."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from common.text import squash_spaces
from interviews import names, vcards
from interviews.forms import (
    ContactForm,
    PeopleFilterForm,
)
from interviews.models import (
    Application,
    Contact,
    Interview,
    ListeningHook,
)
from interviews.selectors import people_page

PEOPLE_PER_PAGE = 50


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
    company_id, by_name = filters.chosen()
    page = people_page(
        request.user,
        company_id=company_id,
        by_name=by_name,
        now=timezone.now(),
        number=request.GET.get("page"),
        per_page=PEOPLE_PER_PAGE,
    )
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
    rounds = _rounds_with(request.user, contact)
    # Latest first, as the page lists them.
    interviews = [round_ for round_, with_person in reversed(rounds) if with_person]
    # What they said, as text: the interviews are the owner's already, so no join to check.
    hooks: dict[int, list[str]] = defaultdict(list)
    for interview_id, text in ListeningHook.objects.filter(
        interview_id__in=[interview.pk for interview in interviews], contact=contact
    ).values_list("interview_id", "text"):
        hooks[interview_id].append(text)
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
            "applications": _applications_with(interviews, rounds),
            "upcoming": upcoming,
        },
    )


ROUND_FIELDS = (
    "role",
    "starts_at",
    "round",
    "cancelled",
    "company__name",
    "application__role",
    "application__outcome",
    "application__latest_round_at",
    "application__company__name",
)


def _rounds_with(user, contact) -> list[tuple]:
    """Every round of every application the person was on a panel of, in time order, as
    (round, with the person?) (one query: the interviews with them are among these)."""
    through = Interview.interviewers.through
    theirs = through.objects.filter(contact=contact)
    rounds = (
        Interview.objects.for_user(user)
        .filter(application__in=theirs.values("interview__application_id"))
        .annotate(with_person=Exists(theirs.filter(interview=OuterRef("pk"))))
        .select_related("company", "application__company")
        # What the page, its timelines and the reviews panel show of a round: not the
        # notes, the invite's fields or the half-dozen timestamps of each row.
        .only(*ROUND_FIELDS)
        .order_by("starts_at", "pk")
    )
    return [(round_, round_.with_person) for round_ in rounds]


def _applications_with(
    interviews: list[Interview], rounds: list[tuple]
) -> list[tuple[Application, list]]:
    """The applications these interviews (latest first) are rounds of, latest first, each
    with all its rounds in time order as (round, with the person?): the ones with the
    person are these interviews (with their hooks), the others show where the person came
    in."""
    applications: dict[int, tuple[Application, list]] = {}
    for interview in interviews:
        applications.setdefault(interview.application_id, (interview.application, []))
    for round_, with_person in rounds:
        applications[round_.application_id][1].append((round_, with_person))
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
