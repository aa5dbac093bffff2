"""The card PDF endpoint vs. a bare WeasyPrint render of the same HTML, same run.

Also: an unchanged note asked for again — by ETag (304) and without (content-hash cache) —
must not be laid out again, and takes well under 10 ms.
"""

from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bench.harness import Result, median_seconds
from notes import documents
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

BODY = (
    "Thank you for speaking with me on Tuesday about the Senior Backend Engineer role.\n\n"
    "I left our conversation even more excited about the work and the mission behind it.\n\n"
    "I especially appreciated learning that the team is rebuilding its data platform and "
    "that the manager values written design docs.\n\n"
    "I hope our conversation showed how I led the billing migration."
)


def run() -> list[Result]:
    # Bare WeasyPrint, as anyone would call it: the baseline, not application code.
    from weasyprint import HTML

    interview = InterviewFactory.create(
        owner__email="bench-notes@example.com",
        interviewers=[],
    )
    grace = ContactFactory.create(owner=interview.owner, name="Grace Hopper")
    interview.interviewers.set([grace])
    note = ThankYouNoteFactory.create(interview=interview, recipient=grace, body=BODY)
    client = Client()
    client.force_login(interview.owner)
    url = reverse("notes:card_pdf", kwargs={"note_pk": note.pk})

    html = documents.note_html(note, "card")
    static_base = (settings.BASE_DIR / "static").as_uri() + "/"

    def bare():
        HTML(string=html, base_url=static_base).write_pdf()

    def endpoint_uncached():
        cache.clear()
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    first = client.get(url)
    etag = first["ETag"]

    def conditional():
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    def cached():
        assert client.get(url).status_code == 200

    endpoint_uncached()  # starts the render worker
    bare_s = median_seconds(bare, repeat=25)
    ours_s = median_seconds(endpoint_uncached, repeat=25)
    bare_again_s = median_seconds(bare, repeat=25)
    baseline = min(bare_s, bare_again_s)
    client.get(url)
    return [
        Result(
            "card PDF endpoint (uncached)",
            ours_s * 1000,
            baseline * 1000,
            "bare WeasyPrint write_pdf, same HTML",
        ),
        Result("card PDF again, If-None-Match -> 304", median_seconds(conditional) * 1000),
        Result("card PDF again, content-hash cache hit", median_seconds(cached) * 1000),
    ]
