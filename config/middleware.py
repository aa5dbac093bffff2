"""Response headers Django's SecurityMiddleware does not set."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` with every HTML page.

    Everything a person types is escaped by the templates; this is the second line: if a
    bug ever let markup through, the browser would still run no inline script, load
    nothing from another origin, and post no form off-site. Pages here need no exception:
    scripts and styles are files under /static/, and there is no inline ``<script>``,
    ``<style>`` or ``style=``. Only HTML gets it (a PDF viewer or a JSON reply has no use
    for it), and not under DEBUG, whose error pages are built from inline scripts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if (
            policy
            and not settings.DEBUG
            and response.get("Content-Type", "").startswith("text/html")
            and "Content-Security-Policy" not in response
        ):
            response["Content-Security-Policy"] = policy
        return response
