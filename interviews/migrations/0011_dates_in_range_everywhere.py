import datetime

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0010_bring_dates_into_range"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "starts_at__range",
                        (
                            datetime.datetime(1900, 1, 1, 0, 0, tzinfo=datetime.UTC),
                            datetime.datetime(2199, 12, 31, 0, 0, tzinfo=datetime.UTC),
                        ),
                    )
                ),
                name="interview_starts_at_in_range",
                violation_error_message="Pick a date between 1900 and 2199.",
            ),
        ),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("decision_date__isnull", True),
                    (
                        "decision_date__range",
                        (datetime.date(1900, 1, 1), datetime.date(2199, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="interview_decision_date_in_range",
                violation_error_message="Pick a date between 1900 and 2199.",
            ),
        ),
    ]
