"""Starting, editing and sending thank-you notes; the interview learns when all are sent."""

from datetime import date
from typing import cast

from django.db import models, transaction
from django.utils.text import Truncator

from interviews.models import Interview
from interviews.services import interview_set_notes_done
from notes import composer, documents
from notes.models import ThankYouNote, default_card_format
from notes.pdf import PdfError
from notes.signals import keep_in_touch_note_changed


def _sync_interview_done(interview: Interview) -> None:
    """Tells the interview whether every interviewer has been sent a note (reminders follow)."""
    interviewer_ids = set(interview.interviewers.values_list("pk", flat=True))
    sent_ids = set(
        ThankYouNote.objects.thank_you()
        .filter(
            interview=interview, status=ThankYouNote.Status.SENT, recipient_id__in=interviewer_ids
        )
        .values_list("recipient_id", flat=True)
    )
    interview_set_notes_done(
        interview=interview, done=bool(interviewer_ids) and interviewer_ids <= sent_ids
    )


def _fitting(field: str, text: str) -> str:
    """``text`` shortened (with an ellipsis) to what the note's ``field`` holds: a very long
    name starts a draft the person can edit, never a database error."""
    limit = cast(models.CharField, ThankYouNote._meta.get_field(field)).max_length
    return Truncator(text).chars(limit) if limit else text


def note_draft_for(
    *, interview: Interview, recipient, kind: str = ThankYouNote.Kind.THANK_YOU, sequence: int = 0
) -> ThankYouNote:
    """An unsaved note to ``recipient``, addressed and started from the interview record.

    The draft fits its card: when the fullest draft runs over (measured by real layout),
    optional parts are shortened or left out until it fits.
    """
    user = interview.owner
    note = ThankYouNote(interview=interview, recipient=recipient, kind=kind, sequence=sequence)
    parts = composer.guide_for_note(note)
    if note.is_keep_in_touch:
        closing = composer.long_game_closing_for(interview, recipient, sequence)
    else:
        closing = composer.closing_for(interview, recipient)
    note = ThankYouNote(
        interview=interview,
        recipient=recipient,
        kind=kind,
        sequence=sequence,
        salutation=_fitting("salutation", f"Dear {recipient.greeting_name or recipient.name},"),
        closing=closing,
        signature=_fitting("signature", user.signature or user.full_name or user.display_name),
        card_format=default_card_format(user),
    )
    bodies = composer.draft_bodies(parts)
    for body in bodies:
        note.body = body
        try:
            if documents.note_fit(note).fits:
                break
        except PdfError:
            break  # it cannot be measured now; the composer says why when it is opened
    return note


def _thank_you_recipients(interview: Interview) -> set[int]:
    return set(
        ThankYouNote.objects.thank_you()
        .filter(interview=interview)
        .values_list("recipient_id", flat=True)
    )


def notes_start_for_interview(*, interview: Interview) -> list[ThankYouNote]:
    """Makes a draft for each interviewer who has no note yet; returns every note, in order.

    Running it twice makes no second note for anyone (one note per recipient per interview).
    The drafts are written and measured first, with no lock held: measuring lays each card
    out with WeasyPrint, and the interview's row (SQLite's only write lock) must not wait on
    that. Then the interview is locked and only the drafts of people who still have no note
    are saved.
    """
    have = _thank_you_recipients(interview)
    drafts = {
        person.pk: note_draft_for(interview=interview, recipient=person)
        for person in interview.interviewers.all()
        if person.pk not in have
    }
    if drafts:
        with transaction.atomic():
            Interview.objects.select_for_update().filter(pk=interview.pk).first()
            have = _thank_you_recipients(interview)
            new = [note for pk, note in drafts.items() if pk not in have]
            ThankYouNote.objects.bulk_create(new)
            if new:
                _sync_interview_done(interview)
    return list(
        ThankYouNote.objects.for_user(interview.owner)
        .filter(interview=interview)
        .thank_you()
        .with_related()
    )


@transaction.atomic
def note_update(*, note: ThankYouNote, **fields) -> ThankYouNote:
    """Saves the person's edits. Editing a sent note keeps it sent (it went out as it was)."""
    for name, value in fields.items():
        setattr(note, name, value)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_set_status(
    *,
    note: ThankYouNote,
    status: str,
    sent_on: date | None = None,
    sent_how: str = "",
) -> ThankYouNote:
    """Moves the note between draft, ready and sent; records when and how it was sent.

    Whenever the status changes, the interview is told whether all its notes are sent.
    """
    if status == ThankYouNote.Status.SENT and sent_on is None:
        raise ValueError("A sent note needs the date it was sent.")
    note.status = status
    if status == ThankYouNote.Status.SENT:
        note.sent_on, note.sent_how = sent_on, sent_how
    else:
        note.sent_on, note.sent_how = None, ""
    note.save(update_fields=["status", "sent_on", "sent_how", "updated_at"])
    if note.is_keep_in_touch:
        keep_in_touch_note_changed.send(sender=ThankYouNote, note=note)
    else:
        _sync_interview_done(note.interview)
    return note


@transaction.atomic
def note_delete(*, note: ThankYouNote) -> None:
    """Deletes the note; the interview is told again whether all its notes are sent, and a
    keep-in-touch note's reminder follows (a thank-you note can be started afresh)."""
    interview = note.interview
    note.delete()
    if note.is_keep_in_touch:
        keep_in_touch_note_changed.send(sender=ThankYouNote, note=note)
    else:
        _sync_interview_done(interview)


def keep_in_touch_note_start(*, interview: Interview, recipient, sequence: int) -> ThankYouNote:
    """The keep-in-touch note ``sequence`` to ``recipient`` from ``interview``, started as a
    draft built around the long game if there is none yet. Calling it again returns the
    same note; ``recipient`` must be one of the interview's interviewers (a ValueError).
    The draft is measured before the interview's row is locked (see
    ``notes_start_for_interview``)."""
    if sequence < 1:
        raise ValueError("Keep-in-touch notes count from 1.")
    if not interview.interviewers.filter(pk=recipient.pk).exists():
        raise ValueError("A keep-in-touch note goes to someone you met in that interview.")
    same = ThankYouNote.objects.filter(
        interview=interview,
        recipient=recipient,
        kind=ThankYouNote.Kind.KEEP_IN_TOUCH,
        sequence=sequence,
    )
    existing = same.first()
    if existing is not None:
        return existing
    note = note_draft_for(
        interview=interview,
        recipient=recipient,
        kind=ThankYouNote.Kind.KEEP_IN_TOUCH,
        sequence=sequence,
    )
    with transaction.atomic():
        Interview.objects.select_for_update().filter(pk=interview.pk).first()
        existing = same.first()
        if existing is not None:  # started meanwhile, from another tab
            return existing
        note.save()
    return note
