from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address login attempts are counted against.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many proxies of ours append to
    ``X-Forwarded-For``; then the address the outermost of our proxies saw. Anything a
    client writes further left in the header is ignored, so it cannot dodge the limit.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [
        h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
    ]
    if len(hops) < proxies:
        return remote
    return hops[-proxies]
