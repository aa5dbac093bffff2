"""A request's body is refused by its size before anything reads it, and an upload is
counted as it streams: a 30 MB ``.ics`` costs nothing to refuse (common/uploads.py)."""

import io

import pytest
from django.test.client import encode_multipart
from django.urls import reverse

from interviews.invites import INVITE_MAX_BYTES
from interviews.models import Interview

pytestmark = pytest.mark.django_db

BOUNDARY = "BoUnDaRy"


class CountingInput(io.BytesIO):
    """The request body as the server would hand it over, counting what is read."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def invite_file(size: int) -> io.BytesIO:
    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-PADDING:"
    upload = io.BytesIO(head + b"x" * (size - len(head)))
    upload.name = "invite.ics"
    return upload


def post_counting(client, url: str, data: dict):
    body = encode_multipart(BOUNDARY, data)
    stream = CountingInput(body)
    response = client.generic(
        "POST",
        url,
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **{"wsgi.input": stream},
    )
    return response, stream.bytes_read, len(body)


def test_a_30_mb_invite_is_refused_by_its_size_before_any_of_it_is_read(alice_client):
    response, read, sent = post_counting(
        alice_client, reverse("interviews:invite_import"), {"file": invite_file(30 * 2**20)}
    )

    assert response.status_code == 400  # the import page again, saying why
    assert "This file is larger than 256 KB" in response.content.decode()
    assert sent > 30 * 2**20 and read == 0
    assert not Interview.objects.exists()


def test_a_file_over_the_limit_within_the_body_limit_stops_as_it_streams(alice_client):
    response, read, sent = post_counting(
        alice_client,
        reverse("interviews:invite_import"),
        {"file": invite_file(4 * INVITE_MAX_BYTES)},
    )

    assert response.status_code == 400  # the import page again, saying why
    assert "This file is larger than 256 KB" in response.content.decode()
    assert read < 2 * INVITE_MAX_BYTES < sent  # stopped soon after the limit, not read whole


def test_a_file_posted_to_a_page_that_takes_none_is_refused_unread(alice_client):
    response, read, _ = post_counting(
        alice_client, reverse("interviews:create"), {"file": invite_file(30 * 2**20)}
    )

    assert response.status_code == 400
    assert "That was too much at once" in response.content.decode()
    assert read == 0


def test_an_invite_of_ordinary_size_still_imports(alice_client):
    upload = io.BytesIO(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:upload-limit-test@example.com\r\nDTSTAMP:20260301T090000Z\r\n"
        b"DTSTART:20260302T100000Z\r\nDTEND:20260302T110000Z\r\n"
        b"SUMMARY:Interview: Staff Engineer at Initech\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    upload.name = "invite.ics"
    response = alice_client.post(reverse("interviews:invite_import"), {"file": upload})
    assert response.status_code == 200 and "Initech" in response.content.decode()


def test_a_view_without_its_own_answer_gets_our_413_page(rf, alice):
    from django.http import HttpResponse

    from common.uploads import upload_limits
    from config.middleware import RequestBodyLimitMiddleware

    @upload_limits(body_bytes=10_000, file_bytes=1_000, message="At most 1 KB here.")
    def takes_a_small_file(request):
        return HttpResponse(f"got {request.FILES['file'].size} bytes")

    middleware = RequestBodyLimitMiddleware(takes_a_small_file)

    def send(size: int):
        upload = invite_file(size)
        request = rf.post("/small/", {"file": upload})
        request.user = alice
        return middleware.process_view(request, takes_a_small_file, (), {}) or (
            takes_a_small_file(request)
        )

    assert send(500).content == b"got 500 bytes"
    for size in (5_000, 50_000):  # over the file limit; over the body limit
        refused = send(size)
        assert refused.status_code == 413 and b"At most 1 KB here." in refused.content
