from django import template
from django.conf import settings

from common.cache import cached_for_page_owner
from notes import assistant, composer
from notes.models import ThankYouNote

register = template.Library()


@register.inclusion_tag("notes/panels/interview_panel.html", takes_context=True)
def interview_notes_panel(context, interview):
    """The interview page's list of notes, one row per interviewer: one query, any size;
    none while the person's notes are unchanged (kept per person, see ``notes.figures``)."""
    notes, long_game = {}, []
    kept = cached_for_page_owner(
        context,
        interview.owner_id,
        f"notes:interview-notes:{interview.pk}",
        lambda: list(
            ThankYouNote.objects.filter(interview=interview).only(
                "pk",
                "recipient_id",
                "status",
                "sent_on",
                "sent_how",
                "interview_id",
                "kind",
                "sequence",
            )
        ),
    )
    for note in kept:
        if note.is_keep_in_touch:
            long_game.append(note)
        else:
            notes[note.recipient_id] = note
    people = list(interview.interviewers.all())
    rows = [(person, notes.get(person.pk)) for person in people]
    by_pk = {person.pk: person for person in people}
    return {
        "interview": interview,
        "rows": rows,
        "missing": sum(1 for _, note in rows if note is None),
        "has_notes": bool(notes),
        # Keep-in-touch notes written from this round, months after a "no".
        "long_game": [(by_pk.get(note.recipient_id), note) for note in long_game],
    }


@register.inclusion_tag("notes/panels/person_panel.html")
def person_notes_panel(contact):
    """A person's page: every note to them — sent (when, how), ready or a draft — latest
    interview first (one query, any number of notes)."""
    notes = list(
        ThankYouNote.objects.filter(recipient=contact, interview__owner_id=contact.owner_id)
        .select_related("interview__company")
        .only(
            "pk",
            "kind",
            "status",
            "sent_on",
            "sent_how",
            "interview__id",
            "interview__role",
            "interview__starts_at",
            "interview__company__name",
        )
        .order_by("-interview__starts_at", "-pk")
    )
    return {"contact": contact, "notes": notes}


@register.simple_tag
def hook_preview(interview, contact, text, placement=""):
    """What a saved hook makes in its interviewer's note, beside its field on the hooks
    form (the form's script updates it while the person types). No query: the interview
    comes with its interviewers."""
    if not text or not str(text).strip():
        return ""
    return composer.hook_preview(interview, contact, str(text), placement or "").message


@register.inclusion_tag("notes/_assistant_disclosure.html")
def assistant_disclosure():
    """What the writing assistant sends, and where, for the settings page."""
    return {
        "enabled": assistant.enabled(),
        "endpoint": assistant.endpoint() if assistant.enabled() else "",
        "model": settings.NOTES_ASSISTANT_MODEL,
    }
