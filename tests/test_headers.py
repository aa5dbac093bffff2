"""Security headers on what we serve."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from notes.services import notes_start_for_interview
from tests.factories import InterviewFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


# Our own files only: no inline script or style, nothing from another origin.
POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";") if part.strip()}


def test_html_pages_carry_the_content_security_policy(client):
    response = client.get(reverse("account_login"))

    assert directives(response["Content-Security-Policy"]) == POLICY
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_pdf_is_left_to_the_browsers_viewer(alice_client, alice):
    note = notes_start_for_interview(interview=InterviewFactory(owner=alice))[0]
    response = alice_client.get(reverse("notes:card_pdf", kwargs={"note_pk": note.pk}))

    assert response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response


def test_report_only_sends_the_same_policy_and_enforces_none(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None

    response = client.get(reverse("account_login"))

    assert directives(response["Content-Security-Policy-Report-Only"]) == POLICY
    assert "Content-Security-Policy" not in response


@pytest.mark.parametrize("value, enforced", [("", True), ("0", True), ("1", False)])
def test_the_environment_switches_the_policy_to_report_only(value, enforced):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env.pop("CSP_REPORT_ONLY", None)
    if value:
        env["CSP_REPORT_ONLY"] = value
    code = (
        "from django.conf import settings as s; "
        "print(s.CONTENT_SECURITY_POLICY is not None, "
        "s.CONTENT_SECURITY_POLICY_REPORT_ONLY is None)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(enforced), str(enforced)]


def test_no_policy_under_debug_whose_error_pages_are_inline_scripts(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get(reverse("account_login"))
