"""The look, checked in a real headless Chromium on every page a signed-in person can reach.

Pages are found from the URLconf (``our_urls`` fills every id and token with alice's rows),
so a page added tomorrow is covered without touching this file; the ones that answer a
signed-in GET with HTML are checked.

- axe-core (``tests/vendor/axe.min.js``, never served to users) on each page, in light and
  dark mode, at 1280 and 360 px wide: no serious or critical violation of WCAG 2.2 A/AA;
- at 360 px, no element is wider than the screen or sticks out of it;
- on a phone, logging an interview with two interviewers takes at most
  ``LOG_INTERVIEW_INTERACTIONS`` taps and fills.

One browser, one logged-in context per test, pages visited in turn.
"""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD, browser_page
from interviews.models import Interview
from interviews.services import sample_interview_create
from notes.services import notes_start_for_interview
from reminders.emails import reminder_message
from reminders.models import Reminder
from reviews.tests.utils import make_review
from tests.auth import browser_log_in, totp_code
from tests.factories import (
    ContactFactory,
    InterviewFactory,
    ReminderFactory,
    ThankYouNoteFactory,
)
from tests.test_state_changes import our_urls
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
# Company, role, time, first name, "Add another interviewer", second name, Save.
LOG_INTERVIEW_INTERACTIONS = 7


def a_full_account(user) -> None:
    """Something on every page: past and upcoming interviews, notes, a review with themes
    for Insights, due reminders with their buttons, a long pasted link, the sample."""
    build_world(user)
    past = user.interviews.order_by("pk").first()
    notes_start_for_interview(interview=past)
    Reminder.objects.for_user(user).update(status=Reminder.Status.SENT)
    InterviewFactory(owner=user, starts_at=timezone.now() + timedelta(days=2), round="Final")
    for days, company, questions in [
        (20, "Initech", [("Leadership", 2, "Rehearse the STAR story"), ("Technical", 5, "")]),
        (40, "Hooli", [("Salary", 1, "Say a range"), ("Technical", 4, "")]),
    ]:
        make_review(
            owner=user,
            starts_at=timezone.now() - timedelta(days=days),
            company=company,
            excitement_before=3,
            excitement_after=4,
            want_to_work_there=4,
            questions=questions,
        )
    InterviewFactory(
        owner=user,
        location="https://meet.example.com/" + "x" * 120,
        interviewers=[ContactFactory(owner=user, name="Name" * 30, title="T" * 60)],
    )
    sample_interview_create(owner=user)


def signed_in_pages(user) -> list[str]:
    """Every URL of ours that answers a signed-in GET with an HTML page."""
    client = Client()
    client.force_login(user)
    pages = []
    for name, url in our_urls(user):
        # The health endpoint is for load balancers, not people: django-health-check's page.
        if name.startswith("admin:") or name in ("account_logout", "health", "health_web"):
            continue
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(url)
    assert len(pages) >= 15, pages
    # People and one person's page, with the panels of notes, reviews and reminders on it.
    assert "/people/" in pages and any(re.fullmatch(r"/people/\d+/", url) for url in pages)
    # The import pages: upload, and a spreadsheet's preview with its rows and fixes.
    assert "/import/" in pages and any(re.fullmatch(r"/import/\d+/", url) for url in pages)
    return pages


def log_in(page, user) -> None:
    browser_log_in(page, user)


def axe_problems(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:4])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


WIDER_THAN_THE_SCREEN = """() => {
  const vw = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  // What scrolls sideways inside a frame that fits (a wide table or chart in a
  // .table-responsive or .chart-scroll) is allowed: the frame itself is measured.
  const inSideScroller = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') return true;
    }
    return false;
  };
  const bad = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (el.closest('.visually-hidden, .visually-hidden-focusable')) continue;
    if (inSideScroller(el)) continue;
    if (r.left < -1 || r.right > vw + 1) {
      bad.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, bad: bad.slice(0, 8)};
}"""


@pytest.fixture
def alice_everywhere(alice):
    a_full_account(alice)
    return alice


def test_every_page_passes_axe_light_and_dark_desktop_and_phone(
    browser, live_server, alice_everywhere
):
    pages = signed_in_pages(alice_everywhere)
    problems = {}
    with browser_page(browser, live_server, viewport=DESKTOP, bypass_csp=True) as page:
        log_in(page, alice_everywhere)
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for mode in ("light", "dark"):
                page.emulate_media(color_scheme=mode)
                for url in pages:
                    page.goto(url)
                    assert page.evaluate("document.documentElement.dataset.bsTheme") == mode
                    found = axe_problems(page)
                    if found:
                        problems[f"{url} {mode} {viewport['width']}px"] = found
        # The phone menu, opened.
        page.goto("/")
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("link", name="Settings").wait_for()
        if found := axe_problems(page):
            problems["/ phone menu open"] = found
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


# Sign-in pages a signed-in GET does not reach: those for people logged out, the steps of a
# log-in, and the re-authentication page that guards adding a key or seeing recovery codes.
SIGNED_OUT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
JUST_PROVED_PAGES = ["/accounts/2fa/webauthn/add/", "/accounts/2fa/recovery-codes/"]


def sign_in_pages_problems(page, user) -> dict:
    """axe and the 360px check on every sign-in page, in light and dark, desktop and phone:
    logged out, on the second-factor step, then logged in just now."""
    problems = {}

    def check(label):
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for mode in ("light", "dark"):
                page.emulate_media(color_scheme=mode)
                # Drawn afresh in this mode: a switch on a drawn page is measured mid-transition.
                page.reload()
                assert page.evaluate("document.documentElement.dataset.bsTheme") == mode
                if found := axe_problems(page):
                    problems[f"{label} {mode} {viewport['width']}px"] = found
            if viewport is PHONE:
                found = page.evaluate(WIDER_THAN_THE_SCREEN)
                if found["scrollWidth"] > PHONE["width"] or found["bad"]:
                    problems[f"{label} wider than 360px"] = found

    for url in SIGNED_OUT_PAGES:
        page.goto(url)
        check(url)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/2fa/authenticate/")
    check("/accounts/2fa/authenticate/")
    page.get_by_label("Code").fill(totp_code(user))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/")
    for url in JUST_PROVED_PAGES:
        page.goto(url)  # allauth asks for the second factor again first: that page is checked
        check(page.url.removeprefix(page.url.split("/accounts/")[0]))
    return problems


def test_sign_in_pages_pass_axe_and_fit_a_phone(browser, live_server, alice_everywhere):
    with browser_page(browser, live_server, viewport=DESKTOP, bypass_csp=True) as page:
        problems = sign_in_pages_problems(page, alice_everywhere)
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_the_sign_up_code_page_passes_axe(browser, live_server):
    from django.core import mail

    with browser_page(browser, live_server, viewport=PHONE, bypass_csp=True) as page:
        page.goto("/accounts/signup/")
        page.get_by_label("Email").fill("new@example.com")
        page.locator("#id_password1").fill("a long and happy passphrase")
        page.locator("#id_password2").fill("a long and happy passphrase")
        page.get_by_role("button", name="Create account").click()
        page.wait_for_url("**/confirm-email/")
        assert mail.outbox
        problems = {}
        for mode in ("light", "dark"):
            page.emulate_media(color_scheme=mode)
            if found := axe_problems(page):
                problems[mode] = found
        found = page.evaluate(WIDER_THAN_THE_SCREEN)
        assert found["scrollWidth"] <= PHONE["width"] and not found["bad"], found
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_nothing_is_wider_than_a_360px_phone(browser, live_server, alice_everywhere):
    pages = signed_in_pages(alice_everywhere)
    too_wide = {}
    with browser_page(
        browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True
    ) as page:
        log_in(page, alice_everywhere)
        for url in pages:
            page.goto(url)
            # Open every "more details" so what they hold is measured too.
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            found = page.evaluate(WIDER_THAN_THE_SCREEN)
            if found["scrollWidth"] > PHONE["width"] or found["bad"]:
                too_wide[url] = found
    assert not too_wide, json.dumps(too_wide, indent=1)


def test_error_messages_are_tied_to_their_fields(browser, live_server, alice):
    with browser_page(
        browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True
    ) as page:
        log_in(page, alice)
        page.goto("/interviews/new/")
        page.get_by_role("button", name="Save interview").click()
        company = page.get_by_label("Company")
        assert company.get_attribute("aria-invalid") == "true"
        described = company.get_attribute("aria-describedby").split()
        messages = " ".join(page.locator(f"[id='{i}']").inner_text() for i in described)
        assert "Which company was the interview with?" in messages
        assert not axe_problems(page)


def test_logging_an_interview_on_a_phone_takes_few_interactions(browser, live_server, alice):
    done = []

    def act(locator, action, *args):
        done.append(action)
        getattr(locator, action)(*args)

    with browser_page(
        browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True
    ) as page:
        log_in(page, alice)
        page.goto("/interviews/new/")
        act(page.get_by_label("Company"), "fill", "Acme Robotics")
        act(page.get_by_label("Role"), "fill", "Platform Engineer")
        act(page.get_by_label("Date and time"), "fill", "2026-11-26T10:00")
        rows = page.locator("[data-formset-rows] .interviewer-row")
        act(rows.nth(0).get_by_label("Name"), "fill", "Grace Hopper")
        act(page.get_by_role("button", name="Add another interviewer"), "tap")
        act(rows.nth(1).get_by_label("Name"), "fill", "Alan Turing")
        act(page.get_by_role("button", name="Save interview"), "tap")
        page.get_by_role("heading", name="Platform Engineer at Acme Robotics").wait_for()

    interview = Interview.objects.for_user(alice).get()
    assert sorted(p.name for p in interview.interviewers.all()) == ["Alan Turing", "Grace Hopper"]
    assert len(done) <= LOG_INTERVIEW_INTERACTIONS, done


def test_the_theme_switch_is_remembered_and_set_before_the_first_paint(
    browser, live_server, alice
):
    with browser_page(browser, live_server, viewport=DESKTOP, color_scheme="light") as page:
        log_in(page, alice)
        html = page.locator("html")
        expect(html).to_have_attribute("data-bs-theme", "light")
        switch = page.get_by_role("button", name="Theme: System")
        switch.click()
        expect(html).to_have_attribute("data-bs-theme", "dark")
        page.reload()
        expect(html).to_have_attribute("data-bs-theme", "dark")
        page.get_by_role("button", name="Theme: Dark").click()
        expect(html).to_have_attribute("data-bs-theme", "light")
        page.get_by_role("button", name="Theme: Light").click()
        page.emulate_media(color_scheme="dark")  # back on System: follows it, live
        expect(html).to_have_attribute("data-bs-theme", "dark")
        # No flash: the mode is set by a blocking script in <head>, before the stylesheets.
        first = page.evaluate(
            "[...document.head.children].find(e => e.matches('script, link[rel=stylesheet]'))"
            ".outerHTML"
        )
        assert "theme.js" in first and "defer" not in first and "async" not in first


def test_reminder_emails_pass_axe_in_light_and_dark_mail_clients(browser, live_server, alice):
    problems = {}
    with browser_page(browser, live_server, viewport=PHONE) as page:
        for kind in Reminder.Kind.values:
            reminder = ReminderFactory(
                owner=alice, interview=InterviewFactory(owner=alice), kind=kind
            )
            html = reminder_message(reminder).alternatives[0][0]
            for mode in ("light", "dark"):
                page.emulate_media(color_scheme=mode)
                page.set_content(html)
                if found := axe_problems(page):
                    problems[f"{kind} {mode}"] = found
                assert page.evaluate(WIDER_THAN_THE_SCREEN)["bad"] == [], kind
    assert not problems, json.dumps(problems, indent=1)


def font_families(page, selector: str) -> set[str]:
    """The fonts Chromium drew the element's own text in (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"] for font in fonts}


@pytest.mark.parametrize("name", ["李小龙", "山田花子", "김민지"])
def test_a_cjk_name_is_drawn_in_one_font_on_web_pages(browser, live_server, alice, name):
    # Left to the system, Chromium picks a font per character: on a machine with our PDF
    # handwriting fonts, 李小 came out in a Korean brush script and 龙 in another font.
    contact = ContactFactory(owner=alice, name=name)
    with browser_page(browser, live_server, viewport=DESKTOP) as page:
        log_in(page, alice)
        page.goto(f"/people/{contact.pk}/")
        page.locator("h1 bdi").wait_for()
        families = font_families(page, "h1 bdi")
    assert len(families) == 1, families


@pytest.mark.parametrize(
    ("typeface", "family"), [("serif", "Noto Serif CJK JP"), ("handwriting", "Klee One")]
)
def test_the_card_preview_draws_japanese_in_the_cards_japanese_face(
    browser, live_server, alice, typeface, family
):
    contact = ContactFactory(owner=alice, name="山田花子")
    note = ThankYouNoteFactory(
        interview=InterviewFactory(owner=alice, interviewers=[contact]),
        recipient=contact,
        salutation="山田花子さま",
        body="火曜日はお時間をいただきありがとうございました。",
        typeface=typeface,
    )
    with browser_page(browser, live_server, viewport=DESKTOP) as page:
        log_in(page, alice)
        page.goto(note.get_absolute_url())
        page.locator("[data-preview-body] p").wait_for()
        assert font_families(page, "[data-preview-salutation]") == {family}
        assert font_families(page, "[data-preview-body] p") == {family}
        # A name in Han characters alone, beside the Japanese note, is Japanese too.
        page.get_by_label("Salutation").fill("山田花子")
        assert page.locator("[data-preview-salutation]").get_attribute("lang") == "ja"
        assert font_families(page, "[data-preview-salutation]") == {family}


def test_the_api_docs_page_passes_axe_and_fits_a_phone(browser, live_server, alice):
    """The API's interactive docs (Swagger UI from our static files, with our fixes in
    static/css/api-docs.css and static/js/api-docs.js): outside the URL walk above (the
    API's routes are swept by its own tests), so checked here, signed in, with an operation
    opened (its parameters, selects and examples drawn). Swagger UI has no dark theme; both
    modes are checked so one added later is too."""
    problems = {}
    with browser_page(browser, live_server, viewport=DESKTOP, bypass_csp=True) as page:
        log_in(page, alice)
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for mode in ("light", "dark"):
                page.emulate_media(color_scheme=mode)
                page.goto("/api/v1/docs")
                page.locator(".opblock-summary").first.wait_for()
                page.locator(".opblock-summary").first.click()
                page.locator(".opblock-body").first.wait_for()
                if found := axe_problems(page):
                    problems[f"{mode} {viewport['width']}px"] = found
            if viewport is PHONE:
                found = page.evaluate(WIDER_THAN_THE_SCREEN)
                if found["scrollWidth"] > PHONE["width"] or found["bad"]:
                    problems["wider than 360px"] = found
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
