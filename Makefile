# Afterview — everyday commands. `make run` starts the app; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails point here; follows HOST and PORT unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
# The inbox's SMTP receiver (forwarded mail) listens here beside the web server.
SMTP_PORT ?= 2525

# Python packages come from uv.lock through uv: every install is exactly the locked versions,
# and `--locked` refuses to go on if pyproject.toml changed without `make lock`.
# uv is taken from PATH, or installed from PyPI into .uv/ the first time.
UV_VERSION := 0.13.9
UV ?= $(or $(shell command -v uv 2>/dev/null),.uv/bin/uv)
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(PYTHON)

.PHONY: install install-dev lock system-deps run worker test test-fast lint format typecheck check image-check ci bench bench-smoke clean

# Straight into .uv/ with this Python's pip; without pip (or where it refuses), a small venv.
.uv/bin/uv:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
		--target .uv "uv==$(UV_VERSION)" 2>/dev/null \
	|| { rm -rf .uv && PYTHON=$(PYTHON) bash scripts/system-deps.sh venv && $(PYTHON) -m venv .uv \
		&& .uv/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"; }

# What the app needs to run (no test tools; leaves them in place if they are there).
install: | $(UV)
	$(UV) sync --locked --inexact

# The app and its test and lint tools, and nothing else.
install-dev: | $(UV)
	$(UV) sync --locked --extra dev

# After changing dependencies in pyproject.toml. Upgrade one package:
# make lock LOCK_ARGS="--upgrade-package django"
lock: | $(UV)
	$(UV) lock $(LOCK_ARGS)

# The Debian packages the running app needs for PDFs (Pango, HarfBuzz, fonts), if missing.
system-deps:
	bash scripts/system-deps.sh runtime

# The embedded default: SQLite, a SQLite-file Celery broker, mail written to var/mail/.
# One foreground command; Ctrl-C stops the web server and the worker together.
# runserver skips the system checks that migrate has just run.
run: system-deps install
	$(BIN)/python manage.py migrate --noinput
	@echo ""
	@echo "  Afterview is running at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo "  Emails are written to var/mail/"
	@echo "  Forwarded mail is received on smtp://$(HOST):$(SMTP_PORT) (see README: Inbox)"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	SITE_URL=$(SITE_URL) $(BIN)/celery -A config worker --beat --concurrency=1 --loglevel=INFO \
		--schedule=var/celerybeat-schedule & \
	$(BIN)/python manage.py inbox_smtpd --host $(HOST) --port $(SMTP_PORT) & \
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT) --skip-checks

worker: system-deps install
	SITE_URL=$(SITE_URL) $(BIN)/celery -A config worker --beat --concurrency=1 --loglevel=INFO --schedule=var/celerybeat-schedule

# The whole suite. Set DATABASE_URL / REDIS_URL to run it on PostgreSQL and Redis.
# Ends with the slowest tests, so a test that grows slow shows.
test: install-dev
	bash scripts/system-deps.sh runtime test
	$(BIN)/pytest --durations=20 $(PYTEST_ARGS)

# The edit-test loop: no browser journeys, no Celery worker, no test marked slow (servers,
# subprocesses, migrations, hundreds of rows or PDFs), two processes (pytest-xdist).
# `make test` (and CI) still runs everything.
test-fast: install-dev
	bash scripts/system-deps.sh runtime test
	$(BIN)/pytest -m "not browser and not celery and not slow" -n 2 --durations=10 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# mypy with django-stubs over our own code (configured in pyproject.toml).
typecheck: install-dev
	$(BIN)/mypy

check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') \
	ALLOWED_HOSTS=afterview.example.com \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# The production image's build steps that run without Docker, as the Dockerfile runs them
# (scripts/image-build-steps.sh): collectstatic with production settings, into a throwaway
# folder, and `check --deploy`. CI runs this; `docker build .` runs the same script.
image-check: install
	bash scripts/system-deps.sh runtime
	@static=$$(mktemp -d); trap 'rm -rf "$$static"' EXIT; \
	PYTHON=$(BIN)/python STATIC_ROOT=$$static bash scripts/image-build-steps.sh

ci:
	bash .ci/run

# Every benchmark, to the end (bench/README.md). One: `make bench BENCH=dashboard`.
bench: install-dev
	$(BIN)/python -m bench $(BENCH)

# Every benchmark once on tiny data: fails if one no longer runs (CI runs this).
bench-smoke: install-dev
	BENCH_SMOKE=1 $(BIN)/python -m bench $(BENCH)

clean:
	rm -rf var/staticfiles .pytest_cache .mypy_cache
