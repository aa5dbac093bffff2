"""Sign-in moves to django-allauth: every existing person keeps their password (the hash in
``User.password`` is left as it is) and their verified state, as allauth's EmailAddress row.

An active account proved its address under the old sign-up (no account was made before
the emailed link was followed), so its address is verified. An inactive one was never
finished: its address is kept unverified, and allauth asks for a code at its first log-in.
Sign-ups still waiting for their link (PendingSignUp) are dropped with the table: their
links stop working and those people sign up again.
"""

from django.db import migrations


def email_addresses_for_users(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email.lower(), verified=active, primary=True)
            for pk, email, active in User.objects.order_by("pk").values_list(
                "pk", "email", "is_active"
            )
            if pk not in have
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_remove_user_data_version"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(email_addresses_for_users, migrations.RunPython.noop),
        migrations.DeleteModel(name="PendingSignUp"),
    ]
