from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("due/", views.due_list, name="due"),
    path("<int:reminder_pk>/snooze/", views.reminder_snooze_view, name="snooze"),
    path("<int:reminder_pk>/done/", views.reminder_done_view, name="done"),
    # Links in emails: no login, a signed token; GET only shows a page with a POST button.
    path("email/<str:token>/", views.email_action, name="email_action"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The private calendar feed: no login, the secret token alone.
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path(
        "keep-in-touch/<int:application_pk>/",
        views.keep_in_touch_plan_view,
        name="keep_in_touch_plan",
    ),
    path("<int:reminder_pk>/write/", views.keep_in_touch_write, name="keep_in_touch_write"),
    path("calendar/settings/", views.calendar_feed_settings, name="calendar_feed_settings"),
    path(
        "interview/<int:interview_pk>/calendar.ics",
        views.interview_calendar_download,
        name="interview_calendar",
    ),
]
