from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts.security import reauthentication_required
from api.urls import api_urls
from config.health import HealthView

# For load balancers and docker-compose: the database, the broker, the cache, and when
# beat's reminder sweep last completed. /health/web/ leaves the sweep out, for the web
# containers themselves (restarting web does not bring a dead beat back).
WEB_CHECKS = ["health_check.checks.Database", "health_check.checks.Cache", "config.health.Broker"]

reauth_urlpatterns = [
    # allauth asks for the password again before these itself; a person with a second factor
    # is asked for that instead (allauth alone would take the password).
    path(
        "email/",
        reauthentication_required(account_views.email, methods=("POST",)),
        name="account_email",
    ),
    path(
        "password/change/",
        reauthentication_required(account_views.password_change, methods=("POST",)),
        name="account_change_password",
    ),
]

# The admin logs in through our log-in page, second factor and all (not around it).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path(
        "health/",
        HealthView.as_view(checks=[*WEB_CHECKS, "config.health.LastSweep"]),
        name="health",
    ),
    path("health/web/", HealthView.as_view(checks=WEB_CHECKS), name="health_web"),
    path("admin/", admin.site.urls),
    # Our pages first: re-authentication, email and password changes ask a person with a
    # second factor for it (accounts/security.py), then allauth's own pages.
    path("accounts/", include(reauth_urlpatterns)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("notes/", include("notes.urls")),
    path("reviews/", include("reviews.urls")),
    path("reminders/", include("reminders.urls")),
    path("inbox/", include("inbox.urls")),
    path("import/", include("imports.urls")),
    path("api/v1/", api_urls),
    path("", include("api.urls")),
    path("", include("interviews.urls")),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
