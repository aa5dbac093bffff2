import django.db.models
from django.db import migrations

import accounts.models


def locale_from_time_zone(apps, schema_editor):
    """Existing people get English in the country of their time zone (Australia/Sydney →
    en-AU), so their dates and default card follow where they live; en-US where the zone
    names no country (UTC). Notes already written keep the card they have."""
    User = apps.get_model("accounts", "User")
    by_zone: dict[str, list[int]] = {}
    for pk, zone in User.objects.values_list("pk", "time_zone"):
        by_zone.setdefault(zone, []).append(pk)
    for zone, pks in by_zone.items():
        locale = accounts.models.locale_for_time_zone(zone)
        if locale != accounts.models.DEFAULT_LOCALE:
            User.objects.filter(pk__in=pks).update(locale=locale)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="locale",
            field=django.db.models.CharField(
                default="en-US",
                help_text=(
                    "Dates on your cards and letters follow it. New notes start on the US A2 "
                    "card in the United States, Canada and Mexico, and on an A6 card elsewhere."
                ),
                max_length=16,
                validators=[accounts.models.validate_locale],
            ),
        ),
        migrations.RunPython(locale_from_time_zone, migrations.RunPython.noop),
    ]
