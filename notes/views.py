from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.views.decorators.http import require_http_methods, require_POST

from interviews.forms import ListeningHooksForm
from interviews.models import Interview, ListeningHook
from interviews.services import listening_hooks_set
from notes import assistant, composer, documents
from notes.forms import NoteForm, NoteSentForm
from notes.models import CardFormat, ThankYouNote
from notes.pdf import PdfBusy, PdfError
from notes.services import note_set_status, note_update, notes_start_for_interview


def _note_for(request, note_pk: int) -> ThankYouNote:
    return get_object_or_404(
        ThankYouNote.objects.for_user(request.user).with_related(), pk=note_pk
    )


def _mailto(note: ThankYouNote) -> str:
    if note.is_keep_in_touch:
        subject = f"Keeping in touch — {note.interview.company.name}"
    else:
        subject = f"Thank you — {note.interview.role} at {note.interview.company.name}"
    return (
        f"mailto:{quote(note.recipient.email, safe='@')}"
        f"?subject={quote(subject)}&body={quote(note.plain_text)}"
    )


def _compose_page(
    request,
    note,
    *,
    form=None,
    sent_form=None,
    overflow=None,
    to_write=None,
    suggestion=None,
    status=200,
):
    if form is None:
        form = NoteForm(instance=note)
    parts = composer.guide_for_note(note)
    body = form["body"].value() or ""
    fit = fit_error = None
    fit_retry = False
    # Unsaved, invalid text is not measured: the live check (or saving) measures it.
    if not (form.is_bound and form.errors):
        try:
            fit = documents.note_fit(note)
        except PdfError as exc:
            fit_error = str(exc)
            fit_retry = isinstance(exc, PdfBusy)  # the page's script asks again shortly
    siblings = list(
        ThankYouNote.objects.for_user(request.user)
        .filter(interview=note.interview, kind=note.kind, sequence=note.sequence)
        .select_related("recipient")
    )
    others = [other for other in siblings if other.pk != note.pk]
    context = {
        "note": note,
        "interview": note.interview,
        "form": form,
        "sent_form": sent_form or NoteSentForm(user=request.user),
        "parts": [(part, composer.part_in_body(body, part)) for part in parts],
        "repeats": composer.panel_repeats(body, others),
        "unfinished": composer.unfinished_starters(body, parts),
        "gaps": composer.gaps(body),
        "to_write": to_write,
        "assistant": assistant.enabled(),
        "assist_targets": list(enumerate(assistant.targets(body))) if assistant.enabled() else [],
        "suggestion": suggestion,
        "overflow": overflow,
        "fit": fit,
        "fit_error": fit_error,
        "fit_retry": fit_retry,
        "print_warnings": documents.print_warnings(note),
        "siblings": siblings,
        "mailto": _mailto(note) if note.recipient.email else "",
        "paragraphs": documents.paragraphs(body),
    }
    return render(request, "notes/note_compose.html", context, status=status)


@login_required
@require_POST
def interview_notes_start(request, interview_pk: int):
    """Starts a note for each interviewer. From the hooks form ("Save and write the
    notes"), what each interviewer said is saved first, so nothing typed is lost."""
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).with_related(), pk=interview_pk
    )
    hook_forms = ListeningHooksForm.for_interview(interview, request.POST)
    if any(form.add_prefix("hook_1") in request.POST for form in hook_forms):
        if not all(form.is_valid() for form in hook_forms):
            messages.error(request, "Some lines need another look; nothing you typed was lost.")
            return render(
                request,
                "interviews/interview_hooks.html",
                {"interview": interview, "hook_forms": hook_forms},
                status=400,
            )
        for form in hook_forms:
            listening_hooks_set(
                interview=interview,
                contact=form.contact,
                texts=form.texts(),
                placements=form.placements(),
            )
    notes = notes_start_for_interview(interview=interview)
    if not notes:
        messages.info(request, "Add the interviewers to this interview first: one note each.")
        return redirect(interview)
    first = next((n for n in notes if n.status != ThankYouNote.Status.SENT), notes[0])
    return redirect(first)


@login_required
@require_http_methods(["GET", "POST"])
def note_compose(request, note_pk: int):
    note = _note_for(request, note_pk)
    if request.method != "POST":
        return _compose_page(request, note)

    data = request.POST.copy()
    parts = {part.key: part for part in composer.guide_for_note(note)}
    if data.get("switch_format") in CardFormat.values:
        data["card_format"] = data["switch_format"]
    if starter := _starter(parts, data.get("add_starter", "")):
        data["body"] = composer.body_with_starter(data.get("body", ""), starter)
    elif (key := data.get("add_part")) in parts:
        data["body"] = composer.body_with_part(data.get("body", ""), parts[key])
    elif (key := data.get("drop_part")) in parts:
        data["body"], dropped = composer.body_without_part(data.get("body", ""), parts[key])
        if not dropped:
            messages.warning(
                request,
                f"“{parts[key].title}” is edited beyond its example; delete it in the text.",
            )
    accepted = False
    if data.get("accept_suggestion") and (target := data.get("suggestion_target", "")):
        wording = " ".join(data.get("suggestion_wording", "").split())
        if wording and target in data.get("body", ""):
            data["body"] = data["body"].replace(target, wording, 1)
            accepted = True
    then = data.get("then", "")
    if then.startswith("ready-in-") and then[9:] in CardFormat.values:
        data["card_format"], then = then[9:], ThankYouNote.Status.READY
    form = NoteForm(data, instance=note)
    if not form.is_valid():
        if then == ThankYouNote.Status.DRAFT:
            # Back to draft needs nothing of the text: it moves, and what was typed stays
            # on the page, unsaved, with the reason it could not be saved.
            note_set_status(note=note, status=then)
            messages.error(
                request,
                "Moved back to draft. The note itself needs another look before it can be "
                "saved; what you typed is still here.",
            )
        else:
            messages.error(request, "The note needs another look; nothing you typed was lost.")
        return _compose_page(request, note, form=form)
    note_update(note=note, **form.cleaned_data, **({"assisted": True} if accepted else {}))
    if "suggest" in data:
        return _suggest(request, note, data)
    if accepted:
        messages.success(request, "Saved, with the suggested wording.")
    return _then(request, note, then)


def _suggest(request, note: ThankYouNote, data):
    """Asks the writing assistant for wording for one gap or paragraph (the text is saved
    first); the page shows the suggestion for the person to accept or edit."""
    choice = (
        data.get("suggest")
        if data.get("suggest") != "paragraph"
        else data.get("suggest_paragraph")
    )
    targets = assistant.targets(note.body)
    if not (choice or "").isdigit() or int(choice) >= len(targets):
        messages.error(request, "Pick a sentence or paragraph to word.")
        return redirect(f"{note.get_absolute_url()}#note-form")
    try:
        suggestion = assistant.suggest(note, targets[int(choice)])
    except assistant.AssistantUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(f"{note.get_absolute_url()}#note-form")
    return _compose_page(request, note, suggestion=suggestion)


# What the composer's other buttons do once the text is saved: every one of them submits
# the note's form, so nothing typed is lost whichever is pressed.
PDF_ACTIONS = {
    "download": ("notes:card_pdf", True),
    "preview": ("notes:card_pdf", False),
    "envelope": ("notes:envelope_pdf", True),
    "copy": ("notes:copy_pdf", True),
}


def _then(request, note: ThankYouNote, then: str):
    if then in PDF_ACTIONS:
        name, download = PDF_ACTIONS[then]
        url = reverse(name, kwargs={"note_pk": note.pk})
        return redirect(f"{url}?download=1" if download else url)
    if then == "print_all":
        return redirect("notes:interview_print", interview_pk=note.interview_id)
    if then in ThankYouNote.Status.values:
        return _set_status(request, note, then, saved=True)
    messages.success(request, "Saved.")
    return redirect(f"{note.get_absolute_url()}#note-form")


def _set_status(request, note: ThankYouNote, action: str, *, saved: bool = False):
    saved_text = "Saved and marked" if saved else "Marked"
    if action == ThankYouNote.Status.SENT:
        sent_form = NoteSentForm(request.POST, user=request.user)
        if not sent_form.is_valid():
            messages.error(request, "Say when and how you sent it.")
            return _compose_page(request, note, sent_form=sent_form)
        note_set_status(note=note, status=action, **sent_form.cleaned_data)
        messages.success(request, f"{saved_text} as sent to {note.recipient.name}.")
    elif action == ThankYouNote.Status.READY and (to_write := _left_to_write(note)):
        messages.error(
            request, "Not marked ready: there is still something for you to write in the note."
        )
        return _compose_page(request, note, to_write=to_write, status=409)
    elif action == ThankYouNote.Status.READY and (overflow := documents.card_overflow(note)):
        messages.error(request, f"Not marked ready. {overflow.message}")
        return _compose_page(request, note, overflow=overflow, status=409)
    elif action in (ThankYouNote.Status.READY, ThankYouNote.Status.DRAFT):
        note_set_status(note=note, status=action)
        messages.success(request, f"{saved_text} as {note.get_status_display().lower()}.")
    else:
        messages.error(request, "Unknown status.")
    return redirect(note)


def _left_to_write(note: ThankYouNote) -> list[str]:
    """The gaps and unfinished sentence starters still in the note's text."""
    return composer.left_to_write(note.body, composer.guide_for_note(note))


def _starter(parts: dict, value: str) -> str | None:
    """The sentence starter a button names ("learned:0"), or None."""
    key, _, index = value.partition(":")
    part = parts.get(key)
    if part is None or not index.isdigit() or int(index) >= len(part.starters):
        return None
    return part.starters[int(index)]


@login_required
def hook_sentence(request, interview_pk: int):
    """The sentence a hook being typed will make in its interviewer's note (the hooks form
    asks while the person types, so the grammar lives in one place)."""
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).with_related(), pk=interview_pk
    )
    contact_pk = request.GET.get("contact", "")
    recipient = next((p for p in interview.interviewers.all() if str(p.pk) == contact_pk), None)
    if recipient is None:
        raise Http404("No such interviewer.")
    text = request.GET.get("text", "")[: ListeningHook.MAX_CHARS]
    placement = request.GET.get("placement", "")
    if placement not in ListeningHook.Placement.values:
        placement = ""
    if not text.strip():
        return JsonResponse({"placed": False, "kind": "", "sentence": "", "message": ""})
    return JsonResponse(composer.hook_preview(interview, recipient, text, placement).as_json())


hook_sentence.answers_json = True  # type: ignore[attr-defined]


@login_required
@require_POST
def note_fit_check(request, note_pk: int):
    """Does the text being typed fit the chosen card? Laid out by WeasyPrint, not saved."""
    note = _note_for(request, note_pk)
    form = NoteForm(request.POST, instance=note)
    if not form.is_valid():
        return JsonResponse(
            {
                "fits": False,
                "message": " ".join(str(e) for errs in form.errors.values() for e in errs),
            },
            status=400,
        )
    try:
        fit = documents.note_fit(form.instance)
    except PdfBusy as exc:
        # Nothing is known about the text yet: the script asks again in a moment.
        return JsonResponse({"fits": False, "message": str(exc), "retry": True}, status=503)
    except PdfError as exc:
        return JsonResponse({"fits": False, "message": str(exc)}, status=422)
    others = ThankYouNote.objects.for_user(request.user).filter(
        interview=note.interview, kind=note.kind, sequence=note.sequence
    )
    repeats = composer.panel_repeats(
        form.instance.body, list(others.exclude(pk=note.pk).select_related("recipient"))
    )
    return JsonResponse(
        {
            **fit.as_json(),
            "words": form.instance.word_count,
            "warnings": documents.print_warnings(form.instance),
            "repeats": [
                {"sentence": r.sentence, "recipient": r.other_recipient, "exact": r.exact}
                for r in repeats
            ],
        }
    )


# Its errors (a 404, a body too large, an expired CSRF token) come back as JSON too
# (config/views.py), since the composer's script reads every answer as JSON.
note_fit_check.answers_json = True  # type: ignore[attr-defined]


@login_required
@require_POST
def note_status(request, note_pk: int):
    """The status alone, without the text (the composer's buttons post the whole form)."""
    note = _note_for(request, note_pk)
    return _set_status(request, note, request.POST.get("status", ""))


@login_required
@require_POST
def note_switch_format(request, note_pk: int):
    """One click to another card size; then, if asked, mark it ready or download it."""
    note = _note_for(request, note_pk)
    card_format = request.POST.get("card_format")
    if card_format not in CardFormat.values:
        messages.error(request, "Pick one of the card sizes.")
        return redirect(note)
    note_update(note=note, card_format=card_format)
    label = CardFormat(card_format).label
    if overflow := documents.card_overflow(note):
        messages.error(request, f"Switched to the {label}, but: {overflow.message}")
        return redirect(note)
    then = request.POST.get("then")
    if then == ThankYouNote.Status.READY:
        if _left_to_write(note):
            messages.error(
                request, f"Switched to the {label}; write what is left, then mark it ready."
            )
            return redirect(note)
        note_set_status(note=note, status=ThankYouNote.Status.READY)
        messages.success(request, f"Switched to the {label} and marked ready.")
    elif then == "download":
        return redirect(f"{reverse('notes:card_pdf', kwargs={'note_pk': note.pk})}?download=1")
    elif then == "print_all":
        messages.success(request, f"Switched the note to {note.recipient.name} to the {label}.")
        return redirect("notes:interview_print", interview_pk=note.interview_id)
    else:
        messages.success(request, f"Switched to the {label}.")
    return redirect(note)


def _pdf_error_page(request, exc: PdfError, *, back_url: str):
    """Why the PDF could not be made, in words for the person, with a way back. "Busy" is
    a 503 to try again shortly; anything else is about the note (422)."""
    busy = isinstance(exc, PdfBusy)
    response = render(
        request,
        "notes/pdf_error.html",
        {"message": str(exc), "back_url": back_url},
        status=503 if busy else 422,
    )
    if busy:
        response["Retry-After"] = "2"
    return response


def _pdf_response(request, html: str, filename: str, unicode_filename: str, *, back_url: str):
    etag = f'"{documents.etag_for(html)}"'
    response: HttpResponse
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        try:
            data = documents.pdf_for_html(html, etag.strip('"'), owner_id=request.user.pk)
        except PdfError as exc:
            return _pdf_error_page(request, exc, back_url=back_url)
        response = HttpResponse(data, content_type="application/pdf")
        disposition = "attachment" if request.GET.get("download") else "inline"
        response["Content-Disposition"] = documents.content_disposition(
            disposition, filename, unicode_filename
        )
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _read_only(request):
    """405 for anything but GET/HEAD — checked after the owner lookup, so a stranger's id
    is a 404 whatever the method."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


@login_required
def note_pdf(request, note_pk: int, kind: str):
    note = _note_for(request, note_pk)
    if refused := _read_only(request):
        return refused
    if kind in ("card", "copy") and (to_write := _left_to_write(note)):
        return render(
            request, "notes/note_unwritten.html", {"note": note, "to_write": to_write}, status=409
        )
    if kind == "card" and (overflow := documents.card_overflow(note)):
        # Never a card whose last lines spill onto a second page.
        return render(
            request, "notes/note_overflow.html", {"note": note, "fit": overflow}, status=409
        )
    try:
        html = documents.note_html(note, kind)
    except PdfError as exc:
        return _pdf_error_page(request, exc, back_url=note.get_absolute_url())
    return _pdf_response(
        request,
        html,
        documents.filename_for(note, kind),
        documents.unicode_filename_for(note, kind),
        back_url=note.get_absolute_url(),
    )


def _interview_and_notes(request, interview_pk: int):
    """The person's interview and its notes, or the answer to give instead: a 404 for
    another person's interview, then 405 for anything but GET/HEAD, and back to the
    interview when it has no notes yet."""
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("company", "owner"),
        pk=interview_pk,
    )
    notes = list(
        ThankYouNote.objects.for_user(request.user)
        .filter(interview=interview)
        .thank_you()
        .with_related()
    )
    answer: HttpResponseBase | None = _read_only(request)
    if answer is None and not notes:
        messages.info(request, "There are no notes to print yet.")
        answer = redirect(interview)
    return interview, notes, answer


@login_required
def interview_notes_print(request, interview_pk: int):
    """ "Print all": which notes are in the PDF, and which could not be printed and why."""
    interview, notes, answer = _interview_and_notes(request, interview_pk)
    if answer is not None:
        return answer
    try:
        bundle = documents.interview_bundle(notes, owner_id=request.user.pk)
    except PdfError as exc:  # the renderer is busy: nothing is known about the notes yet
        return _pdf_error_page(request, exc, back_url=interview.get_absolute_url())
    context = {
        "interview": interview,
        "printed": bundle.printed,
        "failed": bundle.failed,
        "papers": bundle.papers(),
    }
    return render(request, "notes/print_all.html", context)


@login_required
def interview_notes_pdf(request, interview_pk: int, paper: str | None = None):
    """Every note that can be printed, in one PDF, or (with ``paper``) only its pages of one
    paper size; the print page names any note that cannot be printed."""
    paper_size = None
    if paper is not None:
        paper_size = documents.PAPERS.get(paper)
        if paper_size is None:
            raise Http404("No such paper size.")
    interview, notes, answer = _interview_and_notes(request, interview_pk)
    if answer is not None:
        return answer
    if paper_size is not None and not any(paper in documents.papers_for(note) for note in notes):
        raise Http404("No note prints on this paper.")
    etag = f'"{documents.interview_bundle(notes, render=False).etag}{paper or ""}"'
    response: HttpResponse
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        try:
            bundle = documents.interview_bundle(notes, owner_id=request.user.pk)
        except PdfError as exc:
            return _pdf_error_page(request, exc, back_url=interview.get_absolute_url())
        if not bundle.printed:
            reasons = " ".join(
                f"Note to {entry.note.recipient.name}: {entry.reason}" for entry in bundle.failed
            )
            return _pdf_error_page(
                request, PdfError(reasons), back_url=interview.get_absolute_url()
            )
        if paper_size is not None and paper_size not in bundle.papers():
            raise Http404("No note printed on this paper.")
        response = HttpResponse(bundle.pdf(paper_size), content_type="application/pdf")
        disposition = "attachment" if request.GET.get("download") else "inline"
        filename = f"thank-you-notes-{interview.pk}{f'-{paper}' if paper else ''}.pdf"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response
