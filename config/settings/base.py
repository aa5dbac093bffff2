"""Settings shared by every environment, read from the process environment.

Each value comes through ``env`` so a bad value raises at start-up instead of being
guessed. With nothing set, the app runs on its embedded default: SQLite under ``var/``,
a SQLite-file Celery broker, and emails written to files under ``var/mail/``.
"""

import os
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("AFTERVIEW_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    # Django's staticfiles, with the PDF stylesheet left out of collectstatic.
    "config.apps.StaticFilesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "allauth.usersessions",
    "health_check",
    "csp",
    "anymail",
    "common",
    "accounts",
    "interviews",
    "notes",
    "reviews",
    "reminders",
    "inbox",
    "ninja",
    "api",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The API's own bound on bodies, problem details, RateLimit and ETag headers (/api/v1/).
    "api.middleware.ApiMiddleware",
    # Refuses a body too large before anything reads it (the CSRF check would).
    "config.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # allauth's login stages (email code, second factor) and the sessions page's
    # last-seen, IP and device.
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionLastSeenMiddleware",
    "accounts.middleware.SignInNeedsTheCacheMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.HtmlContentSecurityPolicyMiddleware",
    # Bidi overrides out of every page: a name cannot reorder the text after it.
    "config.middleware.BidiControlsMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
# The largest form we read (Django's default, named here): a bigger POST gets the friendly
# 400 page (config/views.py), or a JSON answer for the page's own background requests.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
WSGI_APPLICATION = "config.wsgi.application"

# --- The API (api/) -------------------------------------------------------------------
# No request the API takes needs more than this; a bigger body is a 413 before it is read.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=1_048_576)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=16)
# Requests per token (or per signed-in person) in each window.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=600)
API_RATE_WINDOW_SECONDS = env.int("API_RATE_WINDOW_SECONDS", default=60)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Badges, stats and times drawn in Python: pages repeat them on every row.
            "libraries": {"components": "common.components"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the Celery worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Email and password, passkeys and social sign-in (the pages in allauth.urls).
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "interviews:dashboard"
LOGOUT_REDIRECT_URL = "account_login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where collectstatic writes (the Dockerfile; `make image-check` writes to a folder of its own).
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Content Security Policy (django-csp, config/middleware.py) ------------------------
# Our own files only: no inline script or style, nothing from another origin. data: images
# are Bootstrap's icons, drawn from its stylesheet. CSP_REPORT_ONLY=1 sends the same policy
# as Content-Security-Policy-Report-Only instead: browsers report violations, block nothing.
_CSP_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
_report_only = env.bool("CSP_REPORT_ONLY", default=False)
CONTENT_SECURITY_POLICY = None if _report_only else _CSP_POLICY
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP_POLICY if _report_only else None

# --- Sign-in (django-allauth: accounts/adapter.py, accounts/forms.py) --------------------
# Email and password; the address is proved by a code typed in the browser that signed up
# (so a stranger who signs up with someone's address can never prove it: the code goes to
# the owner's inbox, the session waiting for it is the stranger's). Sign-up and reset say
# the same thing whether or not an address has an account.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignUpForm"
ACCOUNT_FORMS = {"reset_password_from_key": "accounts.password_reset.ResetPasswordKeyForm"}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Afterview: "
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# How long a typed password or second factor counts as recent (export, deletion, a new
# feed or inbox address, email and password changes ask again after this).
REAUTH_WINDOW_SECONDS = env.int("REAUTH_WINDOW_SECONDS", default=300)
ACCOUNT_REAUTHENTICATION_TIMEOUT = REAUTH_WINDOW_SECONDS
# Rate limits (allauth's, counted in the cache: Redis in production, shared by every web
# process). Failed log-ins count per address (spraying one password across accounts) and
# per account; the second-factor step and re-authentication count as log-ins.
LOGIN_FAILURES_PER_ADDRESS_PER_HOUR = env.int("LOGIN_FAILURES_PER_ADDRESS_PER_HOUR", default=20)
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=5)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": (
        f"10/m/ip,{LOGIN_FAILURES_PER_ADDRESS_PER_HOUR}/h/ip,{LOGIN_FAILURES_PER_ACCOUNT}/15m/key"
    ),
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/10s/key,10/h/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS = 3
# The client address comes from REMOTE_ADDR unless we are told how many proxies we sit
# behind; a client-supplied X-Forwarded-For is never trusted on its own.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Second factor: an authenticator app (TOTP, its QR code drawn here as SVG), recovery
# codes, security keys and passkeys (WebAuthn); passkeys also sign in without a password.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Afterview"
# A code typed as the app's 30 seconds turn over still counts (one step either side, as
# RFC 6238 advises for delay and clock drift); allauth still refuses a code used once.
MFA_TOTP_TOLERANCE = 1
# Browsers allow WebAuthn on http://localhost; allauth must too, for `make run` and tests.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=DEBUG)

# Sessions page: each session's device, address and last seen. allauth's own tracking
# writes on every request; ours (accounts.middleware.SessionLastSeenMiddleware) writes at
# most once per LAST_SEEN_EVERY_SECONDS per session, so a page costs no query for it.
USERSESSIONS_TRACK_ACTIVITY = False
LAST_SEEN_EVERY_SECONDS = env.int("LAST_SEEN_EVERY_SECONDS", default=600)

# Google and Microsoft sign-in: on only when their client id and secret are set (README).
# A social sign-in never joins an existing account by its email alone: the person logs in
# and connects it from Settings, or the address is one the provider vouches for AND the
# account's own verified address (allauth's rules, accounts/adapter.py).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {}
if env.str("GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [
            {
                "client_id": env.str("GOOGLE_CLIENT_ID"),
                "secret": env.str("GOOGLE_CLIENT_SECRET"),
            }
        ],
        "SCOPE": ["openid", "email", "profile"],
        "OAUTH_PKCE_ENABLED": True,
    }
if env.str("MICROSOFT_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["microsoft"] = {
        "APPS": [
            {
                "client_id": env.str("MICROSOFT_CLIENT_ID"),
                "secret": env.str("MICROSOFT_CLIENT_SECRET"),
                # "common", "organizations", "consumers" or one tenant's id.
                "settings": {"tenant": env.str("MICROSOFT_TENANT", default="common")},
            }
        ],
        "OAUTH_PKCE_ENABLED": True,
    }

# --- Email ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Afterview <reminders@afterview.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = VAR_DIR / "mail"
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- Cache ------------------------------------------------------------------------------
# Shared by every web process through Redis where there is one (rate limits, rendered PDFs);
# per process on the embedded default.
# A web request waits at most this long on Redis (cache or broker) before carrying on
# without it: the cache fails safe (config/cache.py), a publish is left to the sweep.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
REDIS_URL = env.str("REDIS_URL", default="")


def redis_cache(url: str) -> dict:
    return {
        "BACKEND": "config.cache.FailSafeRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "afterview",
        "OPTIONS": {
            "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL",
    default=REDIS_URL or f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}",
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=120)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=100)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
# Publishing must not hang a web request when the broker is down or hung (accepts, never
# answers): one try, and on Redis short socket timeouts. The Reminder rows are the truth
# and the every-minute sweep picks up whatever a failed publish left behind.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0, "interval_start": 0, "interval_step": 0.2}


def redis_transport_options() -> dict:
    """The broker options for Redis (the SQLite-file transport would pass them to SQLAlchemy,
    which refuses them)."""
    return {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
    }


# Every line goes through one handler that keeps the secrets in URLs (the calendar feed's
# token, email links) out of the logs (config/logs.py). Django's own loggers lose their
# default handlers and reach it through the root: by default runserver's request lines and,
# under DEBUG, django.request's "Not Found: <path>" go to handlers that print paths whole.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "config.logs.RedactSecrets"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
    },
}

# --- Thank-you notes: PDF rendering bounds (notes/pdf/) ---------------------------------
# How long one PDF render may run, and the composer's fit check (which runs while the
# person types, so it may hold a web worker for a fraction of a second at most). A render
# that overruns is stopped, and its failure remembered like a PDF (notes.documents).
NOTES_PDF_TIMEOUT_SECONDS = env.float("NOTES_PDF_TIMEOUT_SECONDS", default=5.0)
NOTES_FIT_TIMEOUT_SECONDS = env.float("NOTES_FIT_TIMEOUT_SECONDS", default=0.75)
# How many PDFs this machine makes at once, whoever asks (every web process, notes/pdf/slots.py):
# a render takes a core, and pages need the rest. Past it, a render waits briefly, then the
# person is asked to try again in a moment (503). The slots are lock files in this folder.
NOTES_PDF_RENDERS_AT_ONCE = env.int(
    "NOTES_PDF_RENDERS_AT_ONCE", default=max(1, (os.cpu_count() or 2) // 2)
)
NOTES_PDF_SLOTS_DIR = env.str("NOTES_PDF_SLOTS_DIR", default=str(VAR_DIR / "pdf-slots"))
# WeasyPrint logs every stylesheet it parses at INFO; keep its warnings only.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}

# --- Thank-you notes: the optional writing assistant (notes/assistant.py) ---------------------
# An OpenAI-compatible chat endpoint (a local Ollama or llama.cpp server, or a hosted one),
# e.g. NOTES_ASSISTANT_URL=http://127.0.0.1:11434/v1 with NOTES_ASSISTANT_MODEL=llama3.1.
# Unset (the default), the composer offers no suggestions and sends nothing anywhere.
NOTES_ASSISTANT_URL = env.str("NOTES_ASSISTANT_URL", default="")
NOTES_ASSISTANT_MODEL = env.str("NOTES_ASSISTANT_MODEL", default="")
NOTES_ASSISTANT_API_KEY = env.str("NOTES_ASSISTANT_API_KEY", default="")
NOTES_ASSISTANT_TIMEOUT_SECONDS = env.float("NOTES_ASSISTANT_TIMEOUT_SECONDS", default=8.0)

# --- Reminders ----------------------------------------------------------------------------
# Beat runs the sweep every minute; it sends what is due and retries what got stuck.
# "expires" drops sweeps that piled up while no worker ran: the next one does their work.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = redis_transport_options()
CELERY_BEAT_SCHEDULE["reminders-sweep"] = {
    "task": "reminders.send_due_reminders",
    "schedule": 60.0,
    "kwargs": {"scheduled": True},  # recorded for the health check (config/health.py)
    "options": {"expires": 55},
}
# Longer than CELERY_TASK_TIME_LIMIT: a row still claimed after this is a dead worker's.
REMINDERS_SENDING_GRACE_SECONDS = env.int("REMINDERS_SENDING_GRACE_SECONDS", default=300)
# The longest one reminder email may take on the SMTP socket; a sweep stops starting new
# messages this long (plus a margin) before its soft time limit (reminders/sweep.py).
REMINDERS_SMTP_TIMEOUT = env.int("REMINDERS_SMTP_TIMEOUT", default=15)
# A save that makes a reminder due asks for a sweep at most this often (all web processes).
REMINDERS_NUDGE_SECONDS = env.int("REMINDERS_NUDGE_SECONDS", default=5)
# The health endpoint reports trouble when beat's last sweep completed longer ago than this.
REMINDERS_SWEEP_STALE_SECONDS = env.int("REMINDERS_SWEEP_STALE_SECONDS", default=300)
REMINDERS_MAX_ATTEMPTS = 5
REMINDERS_RETRY_BACKOFF_SECONDS = 60
REMINDERS_BATCH_SIZE = 200

# --- The private calendar feed (reminders/views.py) ----------------------------------------
# A calendar app fetches a feed every hour or so: a few dozen an hour leaves room for several
# devices. Wrong tokens are counted per address: past the limit that address gets 429 for
# wrong tokens; a valid one is limited by its own fetches alone (reminders/views.py).
REMINDERS_FEED_FETCHES_PER_HOUR = env.int("REMINDERS_FEED_FETCHES_PER_HOUR", default=60)
REMINDERS_FEED_MISSES_PER_HOUR = env.int("REMINDERS_FEED_MISSES_PER_HOUR", default=20)

# --- The inbox: forwarded mail (inbox/) ----------------------------------------------------
# Each person's private address is <token>@INBOX_DOMAIN; our SMTP receiver accepts mail for
# this domain only (point its MX here), and the providers' webhooks are given the same.
INBOX_DOMAIN = env.str("INBOX_DOMAIN", default="inbox.localhost")
# The largest message taken in (SMTP SIZE, webhooks, uploads): enough for an invite with a
# PDF attached. Once read, a message larger than INBOX_KEEP_BYTES keeps its text, calendars
# and headers only.
INBOX_MAX_MESSAGE_BYTES = env.int("INBOX_MAX_MESSAGE_BYTES", default=10 * 1024 * 1024)
INBOX_KEEP_BYTES = env.int("INBOX_KEEP_BYTES", default=512 * 1024)
# Messages an hour per person, and per sender to one person: past them SMTP answers "try
# later" (451) and a webhook's message is dropped.
INBOX_MESSAGES_PER_HOUR = env.int("INBOX_MESSAGES_PER_HOUR", default=200)
INBOX_MESSAGES_PER_SENDER_PER_HOUR = env.int("INBOX_MESSAGES_PER_SENDER_PER_HOUR", default=30)
# How long reading one message may take in the worker.
INBOX_READ_SECONDS = env.int("INBOX_READ_SECONDS", default=30)
# Where `manage.py inbox_smtpd` listens (make run: 127.0.0.1:2525).
INBOX_SMTP_HOST = env.str("INBOX_SMTP_HOST", default="127.0.0.1")
INBOX_SMTP_PORT = env.int("INBOX_SMTP_PORT", default=2525)
CELERY_BEAT_SCHEDULE["inbox-read-pending"] = {
    "task": "inbox.read_pending",
    "schedule": 60.0,
    "options": {"expires": 55},
}
# The providers' inbound webhooks (django-anymail). WEBHOOK_SECRET is the "user:password"
# the provider sends as HTTP basic auth; Mailgun also signs each post with its signing key,
# and Amazon SES's notifications are signed by SNS.
ANYMAIL = {
    "WEBHOOK_SECRET": env.str("ANYMAIL_WEBHOOK_SECRET", default="") or None,
    "MAILGUN_WEBHOOK_SIGNING_KEY": env.str("MAILGUN_WEBHOOK_SIGNING_KEY", default="") or None,
    "POSTMARK_WEBHOOK_SECRET": None,
}
ANYMAIL = {name: value for name, value in ANYMAIL.items() if value}
