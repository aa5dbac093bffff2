"""Settings for the test suite: the embedded default, or PostgreSQL + Redis when
``DATABASE_URL`` / ``REDIS_URL`` are set."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-that-is-only-used-by-the-test-suite-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env.str(
    "TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
ALLOWED_HOSTS = ["*"]
