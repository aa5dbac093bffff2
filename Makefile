# Afterview — everyday commands. `make run` starts the app; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails point here; follows HOST and PORT unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install install-dev run worker test lint format check ci bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# The embedded default: SQLite, a SQLite-file Celery broker, mail written to var/mail/.
# One foreground command; Ctrl-C stops the web server and the worker together.
run: install
	$(BIN)/python manage.py migrate --noinput
	@echo ""
	@echo "  Afterview is running at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo "  Emails are written to var/mail/"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	SITE_URL=$(SITE_URL) $(BIN)/celery -A config worker --beat --concurrency=1 --loglevel=INFO \
		--schedule=var/celerybeat-schedule & \
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	SITE_URL=$(SITE_URL) $(BIN)/celery -A config worker --beat --concurrency=1 --loglevel=INFO --schedule=var/celerybeat-schedule

# The whole suite. Set DATABASE_URL / REDIS_URL to run it on PostgreSQL and Redis.
test: install-dev
	bash scripts/system-deps.sh
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') \
	ALLOWED_HOSTS=afterview.example.com \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

ci:
	bash .ci/run

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf var/staticfiles .pytest_cache
