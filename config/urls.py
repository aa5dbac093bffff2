from django.contrib import admin
from django.urls import include, path

from api.urls import api_urls
from config.health import HealthView

# For load balancers and docker-compose: the database, the broker, the cache, and when
# beat's reminder sweep last completed. /health/web/ leaves the sweep out, for the web
# containers themselves (restarting web does not bring a dead beat back).
WEB_CHECKS = ["health_check.checks.Database", "health_check.checks.Cache", "config.health.Broker"]

urlpatterns = [
    path(
        "health/",
        HealthView.as_view(checks=[*WEB_CHECKS, "config.health.LastSweep"]),
        name="health",
    ),
    path("health/web/", HealthView.as_view(checks=WEB_CHECKS), name="health_web"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
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
