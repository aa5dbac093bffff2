from django.contrib import admin

from inbox.models import InboxMessage


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "owner", "via", "status", "kind", "received_at"]
    list_filter = ["status", "kind", "via"]
    # The raw bytes and the text are the person's mail: not shown in the admin.
    exclude = ["raw", "text"]
    readonly_fields = ["owner", "message_key", "original_key"]
