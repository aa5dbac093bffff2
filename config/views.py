"""Error pages: a friendly page for people, JSON for the page's own background requests."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.defaults import page_not_found


def wants_json(request) -> bool:
    """A request from our own scripts (they send ``X-Requested-With``), one asking for JSON,
    or one to a view that only ever answers JSON (marked ``answers_json = True``)."""
    if request.headers.get("X-Requested-With") or (
        "application/json" in request.headers.get("Accept", "")
    ):
        return True
    try:
        return getattr(resolve(request.path_info).func, "answers_json", False)
    except Resolver404:
        return False


def too_big_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return (
        f"That was more than we accept in one go ({limit:.1f} MB). Nothing was saved: "
        "go back, shorten the longest text, and try again."
    )


def bad_request(request, exception=None):
    too_big = isinstance(exception, RequestDataTooBig)
    message = (
        too_big_message()
        if too_big
        else "The page sent something we could not read. Go back and try again."
    )
    if wants_json(request):
        return JsonResponse({"ok": False, "fits": False, "message": message}, status=400)
    return render(request, "400.html", {"message": message, "too_big": too_big}, status=400)


def not_found(request, exception=None):
    if wants_json(request):
        return JsonResponse({"ok": False, "message": "Not found."}, status=404)
    return page_not_found(request, exception)


def csrf_failure(request, reason=""):
    if wants_json(request):
        return JsonResponse(
            {"ok": False, "message": "Your session has expired. Reload the page."}, status=403
        )
    return django_csrf_failure(request, reason=reason)
