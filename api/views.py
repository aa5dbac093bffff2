"""Settings → API tokens: create one (shown once), see when each was last used, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import TokenForm
from api.models import PersonalToken
from api.services import token_create, token_revoke


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    """The person's tokens and the form for a new one. A new token's secret is shown on
    the answer to the POST only: it is never stored, so it cannot be shown again."""
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, plaintext = token_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(),
            )
            created = (token, plaintext)
            form = TokenForm()
        else:
            status = 400
    tokens = PersonalToken.objects.for_user(request.user)
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens, "created": created, "section": "accounts"},
        status=status,
    )


@login_required
@require_POST
def token_revoke_view(request, token_pk: int):
    token = get_object_or_404(PersonalToken.objects.for_user(request.user), pk=token_pk)
    token_revoke(token=token)
    messages.success(request, f"Revoked “{token.name}”. It no longer works.")
    return redirect("api:tokens")
