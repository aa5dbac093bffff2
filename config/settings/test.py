"""Settings for the test suite: the embedded default, or PostgreSQL + Redis when
``DATABASE_URL`` / ``REDIS_URL`` are set."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-that-is-only-used-by-the-test-suite-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env.str(
    "TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
ALLOWED_HOSTS = ["*"]

# The reminders tests start a real Celery worker in a subprocess; it must reach the same
# test database (so on SQLite a file, not memory) and its own broker, not the dev one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL",
    default=REDIS_URL or f"sqla+sqlite:///{VAR_DIR / f'test-{os.getpid()}-celery-broker.sqlite3'}",  # noqa: F405
)

# Each test starts from an empty cache (the root conftest clears it); a per-process memory
# cache keeps parallel runs from sharing rate-limit counts through Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The suite shares a loaded machine: render bounds roomy enough that a slow moment is not a
# failure. The tests of the bounds themselves (notes/tests/test_render_limits.py) set them.
NOTES_PDF_TIMEOUT_SECONDS = 20.0
NOTES_FIT_TIMEOUT_SECONDS = 20.0

# The live server of the browser tests serves static files through Django's finders only when
# INSTALLED_APPS names "django.contrib.staticfiles" itself (pytest-django checks the string);
# ours is config.apps.StaticFilesConfig, so WhiteNoise serves them from the finders instead.
WHITENOISE_USE_FINDERS = True

# Each test process has render slots of its own, so parallel runs never take each other's.
NOTES_PDF_SLOTS_DIR = str(VAR_DIR / f"pdf-slots-{os.getpid()}")  # noqa: F405
