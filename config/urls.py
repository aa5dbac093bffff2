from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("notes/", include("notes.urls")),
    path("reviews/", include("reviews.urls")),
    path("reminders/", include("reminders.urls")),
    path("", include("interviews.urls")),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
