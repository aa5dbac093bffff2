"""Fixtures every app's tests share: named users, logged-in clients, a browser."""

import os
from contextlib import contextmanager

import pytest

from tests.factories import InterviewFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(db):
    return UserFactory(email="alice@example.com", full_name="Alice Example")


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@example.com", full_name="Bob Other", time_zone="UTC")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def interview(alice):
    return InterviewFactory(owner=alice)


@pytest.fixture(scope="session")
def browser():
    """A real headless Debian Chromium, driven by Playwright."""
    if not os.path.exists("/usr/bin/chromium"):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing; `scripts/system-deps.sh test` installs it.")
        pytest.skip("Chromium is not installed (run `scripts/system-deps.sh test`)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still plain synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield chromium
        chromium.close()


@contextmanager
def browser_page(browser, live_server, **options):
    """A fresh browser context on the live server (Berlin time), and its one page."""
    context = browser.new_context(base_url=live_server.url, timezone_id="Europe/Berlin", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    with browser_page(browser, live_server, viewport={"width": 1280, "height": 900}) as page:
        yield page


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counts and cached PDFs never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _redis_trusted_again():
    """A test that made the broker or cache fail does not leave them skipped for the next."""
    from config import cache as failsafe
    from reminders import scheduling

    yield
    scheduling._broker_down_until = 0.0
    failsafe._down_until.clear()


@pytest.fixture(autouse=True)
def _change_stamps_at_once(request):
    """On PostgreSQL the change stamps (common.kept) move when a transaction commits, and a
    test's own transaction never does: in such a test they move at each statement instead,
    as on SQLite. Tests with committed transactions (``transaction=True``) are left as is."""
    from django.db import connection

    marker = request.node.get_closest_marker("django_db")
    wrapped = marker is not None or "db" in request.fixturenames
    committed = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not wrapped or committed or os.environ.get("DATABASE_URL", "").startswith("sqlite"):
        return
    request.getfixturevalue("db")
    if connection.vendor != "postgresql":
        return
    from common.kept import constraint_names

    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {', '.join(constraint_names())} IMMEDIATE")


@pytest.fixture
def without_change_stamps(django_db_blocker):
    """For tests that run migrations with Django's executor, not ``migrate`` (so no
    pre/post_migrate): the change-stamp triggers go first, as ``migrate`` removes them, and
    are written anew after."""
    from common.kept import install_triggers, remove_triggers

    with django_db_blocker.unblock():
        remove_triggers()
    yield
    with django_db_blocker.unblock():
        install_triggers()
