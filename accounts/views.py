import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.forms import (
    DeleteAccountForm,
    ExportForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    SignUpConfirmForm,
    SignUpForm,
)
from accounts.security import (
    RateLimitUnavailable,
    client_ip,
    count_login_failure,
    login_failures_exceeded,
    mark_password_confirmed,
    password_recently_confirmed,
    within_rate,
)
from accounts.services import (
    SIGN_UP_CONFIRM_TRIES_PER_HOUR,
    AccountExists,
    pending_sign_up_for_link,
    profile_update,
    user_confirm_sign_up,
    user_delete,
    user_export_data,
    user_sign_up,
)

# Sign-ups from one address an hour: a household or an office, not a script.
SIGN_UPS_PER_ADDRESS_PER_HOUR = 10


@require_http_methods(["GET", "POST"])
def signup(request):
    """The same answer whether or not the address has an account: "check your email"."""
    if request.user.is_authenticated:
        return redirect("interviews:dashboard")
    form = SignUpForm(request.POST or None)
    if form.is_valid():
        try:
            allowed = within_rate(
                f"sign-up-ip:{client_ip(request)}",
                limit=SIGN_UPS_PER_ADDRESS_PER_HOUR,
                window_seconds=3600,
            )
        except RateLimitUnavailable as exc:
            form.add_error(None, exc.message)
            return render(request, "accounts/signup.html", {"form": form}, status=503)
        if not allowed:
            form.add_error(
                None,
                "Too many sign-ups from your network in the last hour. Please try again later.",
            )
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        user_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
            time_zone=form.cleaned_data["time_zone"],
            locale=form.cleaned_data["locale"],
        )
        return redirect("accounts:sign_up_sent")
    return render(request, "accounts/signup.html", {"form": form})


def sign_up_sent(request):
    return render(request, "accounts/sign_up_sent.html")


@require_http_methods(["GET", "POST"])
def sign_up_confirm(request, key: str):
    """The emailed link: proves the inbox. The page asks for the password chosen at sign-up,
    which picks the reader's own sign-up among the address's (a stranger may have signed up
    with it too). GET changes nothing, so link scanners confirm nothing."""
    pending = pending_sign_up_for_link(key)
    if pending is None:
        return render(request, "accounts/sign_up_confirm.html", {"valid": False}, status=400)
    form = SignUpConfirmForm(request.POST or None)
    context = {"valid": True, "email": pending.email, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            allowed = within_rate(
                f"sign-up-confirm:{pending.email}",
                limit=SIGN_UP_CONFIRM_TRIES_PER_HOUR,
                window_seconds=3600,
            )
        except RateLimitUnavailable as exc:
            form.add_error(None, exc.message)
            return render(request, "accounts/sign_up_confirm.html", context, status=503)
        if not allowed:
            form.add_error(None, "Too many tries with this link. Please try again in an hour.")
            return render(request, "accounts/sign_up_confirm.html", context, status=429)
        try:
            user = user_confirm_sign_up(pending=pending, password=form.cleaned_data["password"])
        except AccountExists:
            return render(request, "accounts/sign_up_confirm.html", {"valid": False}, status=400)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            mark_password_confirmed(request)
            messages.success(request, "Welcome to Afterview. Log your first interview to begin.")
            return redirect("interviews:dashboard")
        form.add_error(
            "password",
            "That is not the password chosen when this address signed up. Type it again, "
            "or sign up again with a new password and follow the link in that email.",
        )
    return render(request, "accounts/sign_up_confirm.html", context)


def sign_up_link_outdated(request, uidb64: str, token: str):
    """A confirmation link in the form sent before sign-ups asked for the password."""
    return render(request, "accounts/sign_up_confirm.html", {"valid": False}, status=400)


class LoginView(auth_views.LoginView):
    """django-axes limits failures per (account, address); this view adds a limit per
    address across accounts (spraying), and records that the password was just typed."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if login_failures_exceeded(request):
            return render(request, "accounts/lockout.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        mark_password_confirmed(self.request)
        return response

    def form_invalid(self, form):
        if any(e.code == "invalid_login" for e in form.non_field_errors().as_data()):
            count_login_failure(self.request)
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm  # its email comes from templates/emails/password_reset/
    success_url = reverse_lazy("accounts:password_reset_done")

    # Enough for a person who mistyped or lost an email; too few to flood someone's inbox.
    RESETS_PER_EMAIL_PER_HOUR = 3
    RESETS_PER_ADDRESS_PER_HOUR = 10

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        try:
            allowed = within_rate(
                f"reset-email:{email}", limit=self.RESETS_PER_EMAIL_PER_HOUR, window_seconds=3600
            ) and within_rate(
                f"reset-ip:{client_ip(self.request)}",
                limit=self.RESETS_PER_ADDRESS_PER_HOUR,
                window_seconds=3600,
            )
        except RateLimitUnavailable as exc:
            # Fail closed: no limit, no email. Said the same way for every address.
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=503)
        if not allowed:
            # The same "check your email" page either way, so it reveals nothing.
            return redirect(self.success_url)
        return super().form_valid(form)

    @property
    def extra_email_context(self):
        # The link goes to our own site, not to whatever Host header the request carried:
        # a forged Host would otherwise send alice a reset link to the forger's server.
        site = urlsplit(settings.SITE_URL)
        return {"protocol": site.scheme, "domain": site.netloc}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


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
    """Everything the person has, as one JSON file: only after they typed their password
    within ``REAUTH_WINDOW_SECONDS`` (a stolen session must not carry their data away).
    Settings' button posts here; without a recent password the page asks for it."""
    typed = request.method == "POST" and "password" in request.POST
    form = ExportForm(request.POST if typed else None, request=request)
    allowed = form.is_valid() if typed else password_recently_confirmed(request)
    if request.method == "POST" and allowed:
        data = user_export_data(user=request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
        )
        # Today where the person lives: in Sydney at 8 a.m. it is not yesterday's export.
        stamp = timezone.localdate(timezone=request.user.zone).strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="afterview-export-{stamp}.json"'
        return response
    return render(request, "accounts/export.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, request=request)
    if form.is_valid():
        user_delete(user=request.user, request=request)
        messages.info(request, "Your account and everything in it has been deleted.")
        return redirect("accounts:login")
    return render(request, "accounts/delete_account.html", {"form": form})
