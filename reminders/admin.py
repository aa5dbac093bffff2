from django.contrib import admin

from reminders.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("interview", "kind", "status", "due_at", "attempts", "sent_at", "last_error")
    list_filter = ("status", "kind")
    raw_id_fields = ("owner", "interview")
    date_hierarchy = "due_at"
