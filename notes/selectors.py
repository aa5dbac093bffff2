"""Reads the notes panels need, as plain functions their template tags call (the pages
that show them belong to ``interviews``, which cannot import us: docs/architecture.md).

Each is one query whatever the number of notes; nothing is kept between requests.
"""

from notes.models import ThankYouNote


def interview_notes(interview) -> list[ThankYouNote]:
    """The interview's notes, thank-you and keep-in-touch, with only what its panel shows
    (1 query)."""
    return list(
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
    )


def person_notes(contact) -> list[ThankYouNote]:
    """Every note to a person — sent (when, how), ready or a draft — latest interview first
    (1 query)."""
    return list(
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
