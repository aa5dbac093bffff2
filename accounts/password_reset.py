"""The page a password-reset link opens (``ACCOUNT_FORMS["reset_password_from_key"]``).

Following the link proves the inbox. If the account's address was never proved, whoever
signed up with it may have been a stranger (anyone can type anyone's address): the new
password replaces theirs, the address counts as proved, and the name they typed is
dropped, so nothing of theirs reaches the owner. This is how the owner of an address
takes it back from a sign-up they did not make.
"""

from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.models import EmailAddress
from django.db import transaction


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    def save(self) -> None:
        user = self.user
        with transaction.atomic():
            super().save()
            proved = EmailAddress.objects.filter(user=user, verified=True).exists()
            if not proved:
                EmailAddress.objects.update_or_create(
                    user=user,
                    email=user.email,
                    defaults={"verified": True, "primary": True},
                )
                user.full_name = ""
                user.signature = ""
                user.save(update_fields=["full_name", "signature"])
