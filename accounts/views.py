import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    SignUpForm,
)
from accounts.security import RateLimitUnavailable, client_ip, within_rate
from accounts.services import (
    profile_update,
    user_confirm_sign_up,
    user_delete,
    user_export_data,
    user_sign_up,
)
from accounts.tokens import sign_up_token

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
def sign_up_confirm(request, uidb64: str, token: str):
    """The emailed link. GET shows a button (link scanners must not confirm); POST confirms."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
        user = get_user_model().objects.get(pk=pk, is_active=False)
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist):
        user = None
    if user is None or not sign_up_token.check_token(user, token):
        return render(request, "accounts/sign_up_confirm.html", {"valid": False}, status=400)
    if request.method == "POST":
        user_confirm_sign_up(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Afterview. Log your first interview to begin.")
        return redirect("interviews:dashboard")
    return render(request, "accounts/sign_up_confirm.html", {"valid": True, "email": user.email})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
@require_POST
def export(request):
    data = user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="afterview-export-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if form.is_valid():
        user_delete(user=request.user, request=request)
        messages.info(request, "Your account and everything in it has been deleted.")
        return redirect("accounts:login")
    return render(request, "accounts/delete_account.html", {"form": form})
