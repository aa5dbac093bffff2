from django.apps import AppConfig


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"

    def ready(self) -> None:
        # The lower apps announce changes through signals of their own; listening here
        # keeps every import pointing down (docs/architecture.md).
        import reminders.ical  # noqa: F401  (declares what the feed's stamp watches)
        from accounts.signals import profile_changed
        from interviews.signals import application_changed, interview_changed
        from notes.signals import keep_in_touch_note_changed
        from reminders import receivers

        interview_changed.connect(receivers.replan_interview, dispatch_uid="reminders.replan")
        application_changed.connect(
            receivers.replan_application, dispatch_uid="reminders.replan_application"
        )
        keep_in_touch_note_changed.connect(
            receivers.replan_keep_in_touch_note, dispatch_uid="reminders.replan_note"
        )
        profile_changed.connect(receivers.replan_user, dispatch_uid="reminders.replan_user")
