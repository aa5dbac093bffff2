"""The embedded default a newcomer runs with ``make run``: debug on, a throwaway secret."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-dev-only-key-not-for-production")
