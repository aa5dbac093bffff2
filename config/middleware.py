"""Response headers Django's SecurityMiddleware does not set, and the bound on request bodies."""

import re

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import RequestDataTooBig

from common.text import BIDI_CONTROLS
from common.uploads import BoundedUploadHandler
from config.views import bad_request


class HtmlContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, for HTML pages only and not under DEBUG.

    The policy is ``CONTENT_SECURITY_POLICY`` (or ``…_REPORT_ONLY``, see settings).
    Everything a person types is escaped by the templates; this is the second line: if a
    bug ever let markup through, the browser would still run no inline script, load
    nothing from another origin, and post no form off-site. Pages here need no exception
    (and no nonce): scripts and styles are files under /static/, and there is no inline
    ``<script>``, ``<style>`` or ``style=``. Only HTML gets it (a PDF viewer or a JSON reply
    has no use for it), and not under DEBUG, whose error pages are built from inline scripts.
    """

    def process_response(self, request, response):
        if settings.DEBUG or not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)


_BIDI_CONTROL_BYTES = re.compile(b"|".join(re.escape(char.encode()) for char in BIDI_CONTROLS))


class BidiControlsMiddleware:
    """Drops bidi embeddings, overrides and isolates (``common.text.BIDI_CONTROLS``) from
    every HTML page we send, whatever put them there (a form, an import, a forwarded mail):
    an override in a name could otherwise reorder the rest of its line on the page. No
    template of ours writes them; direction is set by markup (``dir``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.charset.lower().replace("-", "") != "utf8"
        ):
            return response
        content = _BIDI_CONTROL_BYTES.sub(b"", response.content)
        if len(content) != len(response.content):
            response.content = content
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(content))
        return response


class RequestBodyLimitMiddleware:
    """A limit on every request's body, checked on its ``Content-Length`` before anything
    reads it (gunicorn has none of its own): ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for a view,
    or what a view that takes files declares (``common.uploads.upload_limits``), whose
    files are also counted as they stream (``BoundedUploadHandler``).

    Runs its view check before CsrfViewMiddleware's, which reads the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limits = getattr(view_func, "upload_limits", None)
        if limits is None:
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                # The same answer as Django's own for a form too large to read.
                return bad_request(request, RequestDataTooBig())
            return None
        body_bytes, file_bytes, message, refuse = limits
        if length > body_bytes:
            return refuse(request, message)
        request.upload_handlers.insert(0, BoundedUploadHandler(request, file_bytes))
        return None
