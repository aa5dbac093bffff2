from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("<int:reminder_pk>/snooze/", views.reminder_snooze_view, name="snooze"),
    path("<int:reminder_pk>/done/", views.reminder_done_view, name="done"),
    # Links in emails: no login, a signed token; GET only shows a page with a POST button.
    path("email/<str:token>/", views.email_action, name="email_action"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
