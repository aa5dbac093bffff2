"""Bounds on what a request may send, enforced before it is read.

gunicorn has no limit on a request's body, and Django reads a multipart body in full,
spooling its files to disk, as soon as anything touches ``request.POST`` (the CSRF check
does, for every POST): a 30 MB ``.ics`` was read whole before the import's size check.
``config.middleware.RequestBodyLimitMiddleware`` refuses a body by its ``Content-Length``
before anything reads it: at ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for every view, or at what a
view that takes files declares with ``upload_limits``. While such a view's body is read,
``BoundedUploadHandler`` counts each file as it streams and stops at the view's limit.
"""

import functools
from collections.abc import Callable

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.shortcuts import render


def too_large(request, message: str):
    return render(request, "413.html", {"message": message}, status=413)


def upload_limits(
    *, body_bytes: int, file_bytes: int, message: str, refuse: Callable | None = None
) -> Callable:
    """Marks a view that takes uploads: its whole body may be up to ``body_bytes`` (files
    and fields), each file up to ``file_bytes``. A body or file over them is answered,
    before the view sees any of it, by ``refuse(request, message)`` (say, the upload page
    again with ``message``), or a page of ours with status 413."""
    answer = refuse or too_large

    def decorate(view):
        @functools.wraps(view)
        def bounded(request, *args, **kwargs):
            if request.method == "POST":
                request.POST  # noqa: B018 -- read it now, through BoundedUploadHandler
                if getattr(request, "upload_refused", False):
                    return answer(request, message)
            return view(request, *args, **kwargs)

        bounded.upload_limits = (body_bytes, file_bytes, message, answer)  # type: ignore[attr-defined]
        return bounded

    return decorate


class BoundedUploadHandler(FileUploadHandler):
    """Passes each file's chunks on to Django's handlers, counting them; past ``limit``
    bytes in one file it stops reading the body (what is left is never read) and marks
    the request (``upload_refused``): ``upload_limits`` then answers instead of the view."""

    def __init__(self, request: HttpRequest, limit: int):
        super().__init__(request)
        self.bounded_request = request
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.bounded_request.upload_refused = True  # type: ignore[attr-defined]
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler makes the file
