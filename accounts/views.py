"""Settings, export and deletion. Signing up, in and out, two-factor, passkeys and sessions
are django-allauth's pages (``allauth.urls``), in our templates."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.forms import ProfileForm
from accounts.security import reauthentication_required
from accounts.services import profile_update, user_delete, user_export_data


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        profile_update(form=form)
        messages.success(request, "Your settings are saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def export(request):
    """Everything the person has, as one JSON file. The download is a POST, and only for a
    person who proved it is them a moment ago (their second factor if they have one): a
    stolen session must not carry their data away."""
    if request.method == "GET":
        return render(request, "accounts/export.html")
    return _export_download(request)


@reauthentication_required
def _export_download(request):
    data = user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
    )
    # Today where the person lives: in Sydney at 8 a.m. it is not yesterday's export.
    stamp = timezone.localdate(timezone=request.user.zone).strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="afterview-export-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Deletes the account after the person proved it is them (as the export)."""
    if request.method == "GET":
        return render(request, "accounts/delete_account.html")
    return _delete(request)


@reauthentication_required
def _delete(request):
    user_delete(user=request.user, request=request)
    messages.info(request, "Your account and everything in it has been deleted.")
    return redirect("account_login")
