#!/usr/bin/env bash
# The production image's build steps once its packages are installed: static files collected
# with production settings, then Django's deploy checks (which include that every font the
# PDF stylesheet names is on the machine). The Dockerfile runs this script; so does
# `make image-check` (CI), into a throwaway STATIC_ROOT, so an image that would not build
# fails CI first, where Docker cannot run.
#
#   PYTHON=.venv/bin/python STATIC_ROOT=$(mktemp -d) bash scripts/image-build-steps.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=config.settings.production
# Values for the build only: the running container gets its own from the environment.
export SECRET_KEY="${SECRET_KEY:-build-only-secret-key-that-is-long-enough-to-pass-the-check-0123456789}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-build}"
PYTHON="${PYTHON:-python}"

"$PYTHON" manage.py collectstatic --noinput
"$PYTHON" manage.py check --deploy --fail-level WARNING
