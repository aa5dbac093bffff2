"""The link that confirms a new account's email address."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class SignUpTokenGenerator(PasswordResetTokenGenerator):
    """Valid for ``PASSWORD_RESET_TIMEOUT``; dies once the account is confirmed (``is_active``
    is part of the hash), so a link works once."""

    key_salt = "accounts.tokens.SignUpTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


sign_up_token = SignUpTokenGenerator()
