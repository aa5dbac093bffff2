# The production image: gunicorn for the web, the same image runs the Celery worker and beat.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy UV_NO_CACHE=1 PATH=/opt/venv/bin:$PATH
# What the app needs at run time for PDFs (Pango, HarfBuzz, fonts): the list `make run` uses.
COPY scripts/system-deps.sh /tmp/system-deps.sh
RUN bash /tmp/system-deps.sh runtime && rm -rf /var/lib/apt/lists/* /tmp/system-deps.sh

RUN useradd --create-home --uid 1000 afterview
WORKDIR /app
# Exactly the versions in uv.lock, without the dev extra; fails if the lock is stale.
COPY pyproject.toml uv.lock ./
RUN pip install "uv==0.13.9" && uv sync --locked && pip uninstall --yes uv
COPY . .
# collectstatic and `check --deploy` with production settings: the steps CI runs too
# (`make image-check`), so what fails here fails CI first.
RUN bash scripts/image-build-steps.sh \
 && mkdir -p /app/var && chown -R afterview /app/var
USER afterview
EXPOSE 8000
# config/gunicorn.py: the access log, with the secrets in URLs (feed tokens, email links) redacted.
CMD ["gunicorn", "--config=python:config.gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
