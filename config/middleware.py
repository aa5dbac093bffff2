"""Response headers Django's SecurityMiddleware does not set."""

from csp.middleware import CSPMiddleware
from django.conf import settings


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
