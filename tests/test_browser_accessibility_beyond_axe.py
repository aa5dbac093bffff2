"""What axe cannot see, checked in a real headless Chromium: the sticky Save bar never hides
the focused field, focus goes where the person's attention must (the error summary after a
failed submit, a new interviewer's row), large text keeps the desktop nav on screen, phone
charts draw text of 12 px or more in colours of 3:1 or more, a CJK name is not broken in a
heading, a 375 px review table shows its last column, and the composer's preview is one
tap from the text on a phone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import browser_page
from reviews.tests.utils import make_review
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory
from tests.test_browser_design import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def test_the_sticky_save_bar_never_hides_the_focused_field(browser, live_server, alice):
    with browser_page(browser, live_server, viewport=PHONE) as page:
        log_in(page, alice)
        page.goto(reverse("interviews:create"))
        hidden = []
        for field in ("id_role", "id_format", "id_new-0-name", "id_new-0-title"):
            # The field sits just under the bar, on screen: the browser sees no need to
            # scroll to it when it takes the focus.
            page.evaluate(
                """id => {
                const field = document.getElementById(id);
                const bar = document.querySelector('.action-bar--sticky');
                const r = field.getBoundingClientRect(), b = bar.getBoundingClientRect();
                window.scrollBy({top: r.top - b.top - 10, behavior: 'instant'});
                field.closest('details')?.setAttribute('open', '');
            }""",
                field,
            )
            page.evaluate(
                "id => { const all = [...document.querySelectorAll('input, select, button')]"
                ".filter(e => e.offsetParent); const i = all.indexOf("
                "document.getElementById(id)); all[i - 1].focus({preventScroll: true}); }",
                field,
            )
            page.keyboard.press("Tab")
            page.wait_for_timeout(400)  # the page scrolls smoothly to the field
            found = page.evaluate(
                """() => {
                const el = document.activeElement;
                const bar = document.querySelector('.action-bar--sticky');
                const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
                return r.bottom > b.top + 1 ? (el.id || el.tagName) : null;
            }"""
            )
            if found:
                hidden.append(found)
        assert not hidden, f"under the Save bar when focused: {hidden}"


def test_add_another_interviewer_moves_focus_to_the_new_row(browser, live_server, alice):
    with browser_page(browser, live_server, viewport=PHONE) as page:
        log_in(page, alice)
        page.goto(reverse("interviews:create"))
        rows = page.evaluate("document.getElementById('id_new-TOTAL_FORMS').value")
        page.get_by_role("button", name="Add another interviewer").click()
        focused = page.evaluate("document.activeElement.name")
        assert focused == f"new-{rows}-name"


def test_a_failed_submit_moves_focus_to_a_summary_that_links_each_error(
    browser, live_server, alice
):
    with browser_page(browser, live_server, viewport={"width": 1280, "height": 900}) as page:
        log_in(page, alice)
        page.goto(reverse("interviews:create"))
        page.locator("#id_starts_at").fill("")
        page.get_by_role("button", name="Save interview").click()
        page.wait_for_load_state()
        summary = page.locator("[data-error-summary]")
        summary.wait_for()
        assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
        links = summary.get_by_role("link")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert "#id_company_name" in hrefs and "#id_starts_at" in hrefs
        assert "Which company was the interview with?" in summary.inner_text()
        summary.get_by_role("link", name="Company").click()
        assert page.evaluate("document.activeElement.id") == "id_company_name"


def test_at_200_percent_text_the_desktop_nav_stays_on_screen(browser, live_server, alice):
    with browser_page(browser, live_server, viewport={"width": 1280, "height": 900}) as page:
        log_in(page, alice)
        page.goto("/")
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        off = page.evaluate(
            """() => [...document.querySelectorAll('.app-nav a, .app-nav button')]
                .filter(e => e.offsetParent !== null)
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                          || e.getBoundingClientRect().left < -1)
                .map(e => e.textContent.trim())"""
        )
        assert off == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_cjk_name_is_not_broken_in_a_heading(browser, live_server, alice):
    li = ContactFactory(owner=alice, name="欧阳娜娜")
    with browser_page(browser, live_server, viewport=PHONE) as page:
        log_in(page, alice)
        page.goto(reverse("interviews:person", kwargs={"contact_pk": li.pk}))
        lines = page.evaluate(
            """name => {
            const heading = [...document.querySelectorAll('h2')]
                .find(h => h.textContent.includes('Notes to ' + name));
            const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
            let node; while ((node = walker.nextNode()) && !node.data.includes(name)) {}
            const at = node.data.indexOf(name);
            const range = document.createRange();
            range.setStart(node, 0); range.setEnd(node, at + 2);
            // Just wide enough for "Notes to 欧阳": a break inside the name would fit there.
            const wide = range.getBoundingClientRect().right
                - heading.getBoundingClientRect().left;
            heading.style.width = (wide + 1) + 'px';
            range.setStart(node, at); range.setEnd(node, at + name.length);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        }""",
            li.name,
        )
        assert lines == 1


def test_a_375px_review_table_shows_its_last_column(browser, live_server, alice):
    review = make_review(
        owner=alice,
        starts_at=timezone.now() - timedelta(days=3),
        questions=[
            (
                "Internationalisation-and-localisation-strategy",
                2,
                "Research the band and say a range before they ask.",
            )
        ],
    )
    with browser_page(browser, live_server, viewport={"width": 375, "height": 740}) as page:
        log_in(page, alice)
        page.goto(reverse("reviews:detail", kwargs={"review_pk": review.pk}))
        cell = page.get_by_text("Research the band and say a range before they ask.")
        cell.wait_for()
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        # Nothing scrolls it out of sight: the cell is inside the visible part of its parents.
        assert page.evaluate(
            """() => {
            const cell = [...document.querySelectorAll('td')]
                .find(td => td.textContent.includes('Research the band'));
            const r = cell.getBoundingClientRect();
            for (let el = cell.parentElement; el; el = el.parentElement) {
                const p = el.getBoundingClientRect();
                if (getComputedStyle(el).overflowX !== 'visible' && r.right > p.right + 1)
                    return false;
            }
            return true;
        }"""
        )


def _contrast_script():
    return """() => {
        const lum = c => {
            const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
                v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const background = el => {
            for (; el; el = el.parentElement) {
                const bg = getComputedStyle(el).backgroundColor;
                if (bg && !bg.endsWith(', 0)') && bg !== 'transparent') return bg;
            }
            return 'rgb(255, 255, 255)';
        };
        const out = [];
        for (const svg of document.querySelectorAll('svg.chart:not(.chart-spark)')) {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            for (const text of svg.querySelectorAll('text')) {
                const size = parseFloat(getComputedStyle(text).fontSize) * scale;
                if (size < 12) out.push(`text ${text.textContent} ${size.toFixed(1)}px`);
            }
            const bg = lum(background(svg));
            for (const bar of svg.querySelectorAll('.bar')) {
                const fg = lum(getComputedStyle(bar).fill);
                const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
                if (ratio < 3) out.push(`bar ${bar.getAttribute('class')} ${ratio.toFixed(2)}:1`);
            }
        }
        return [...new Set(out)];
    }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_charts_text_is_12px_and_bars_are_3_to_1(browser, live_server, alice, scheme):
    for days, company, questions in [
        (20, "Initech", [("Leadership", 2, "Rehearse"), ("Technical", 5, "")]),
        (40, "Hooli", [("Salary", 1, "Say a range"), ("Conflict", 3, "")]),
    ]:
        make_review(
            owner=alice,
            starts_at=timezone.now() - timedelta(days=days),
            company=company,
            excitement_before=3,
            excitement_after=4,
            want_to_work_there=4,
            want_this_boss=3,
            rapport=5,
            questions=questions,
        )
    with browser_page(browser, live_server, viewport=PHONE, color_scheme=scheme) as page:
        log_in(page, alice)
        page.goto(reverse("reviews:insights"))
        assert page.locator("svg.chart").count() >= 3
        assert page.evaluate(_contrast_script()) == []


def test_the_composers_preview_is_one_tap_from_the_text_on_a_phone(browser, live_server, alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    interview = InterviewFactory(owner=alice, interviewers=[ada])
    note = ThankYouNoteFactory(interview=interview, recipient=ada, body="Thank you, Ada.")
    with browser_page(browser, live_server, viewport=PHONE) as page:
        log_in(page, alice)
        page.goto(reverse("notes:compose", kwargs={"note_pk": note.pk}))
        text = page.get_by_label("Your note")
        jump = page.locator("[data-preview-jump]")
        assert jump.is_visible()
        # Right under the text: within a screen of it.
        assert jump.bounding_box()["y"] - text.bounding_box()["y"] < PHONE["height"]
        jump.click()
        heading = page.locator("#preview-heading")
        page.wait_for_function(
            "() => { const r = document.getElementById('preview-heading')"
            ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"
        )
        assert heading.is_visible()


def test_the_review_form_folds_its_optional_sections(browser, live_server, alice):
    interview = InterviewFactory(owner=alice, interviewers=[])
    with browser_page(browser, live_server, viewport={"width": 1280, "height": 900}) as page:
        log_in(page, alice)
        page.goto(reverse("reviews:edit", kwargs={"interview_pk": interview.pk}))
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 2500  # 3,356 px with every section open
        # Folded, not gone: a section opens with one click on its heading.
        page.get_by_text("8. Key takeaways").click()
        page.get_by_label("Key takeaways").fill("Ask about on-call next time.")
        # An answered section opens by itself when the review is opened again.
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_load_state()
        assert page.get_by_label("Key takeaways").is_visible()
        assert not page.get_by_label("What went well").is_visible()
