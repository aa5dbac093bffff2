from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"

    def ready(self) -> None:
        # Declares what the kept reads watch, before any migrate writes the triggers.
        import reviews.insights
        import reviews.plans  # noqa: F401
