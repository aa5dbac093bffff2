"""The PDF renderer: what comes out (text, pages, addresses) and what never gets in."""

import io

import pytest
from pypdf import PdfReader

from notes import documents, pdf
from notes.models import CardFormat
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = pytest.mark.django_db

SHORT_BODY = (
    "Thank you for speaking with me on Tuesday about the platform role.\n\n"
    "I especially appreciated learning that the team writes design docs first."
)


def words(text: str) -> str:
    return " ".join(text.split())


def embedded_fonts(data: bytes) -> list:
    return [
        font.get_object()
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    ]


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def note(alice):
    grace = ContactFactory(
        owner=alice,
        name="Grace Hopper",
        title="VP Engineering",
        postal_address="Acme Robotics\n1 Market Street\nSan Francisco, CA 94105",
    )
    interview = InterviewFactory(owner=alice, interviewers=[grace])
    return ThankYouNoteFactory(
        interview=interview,
        recipient=grace,
        salutation="Dear Grace,",
        body=SHORT_BODY,
        closing="With thanks,",
        signature="Alice Example",
    )


def render(note, kind="card", **kw):
    result = pdf.render_pdf(documents.note_html(note, kind, **kw))
    assert all(served for _, served in result.requested), result.requested
    return result


# --- What comes out -----------------------------------------------------------------------


@pytest.mark.parametrize("card_format", [CardFormat.FOLDED_A2, CardFormat.A6])
def test_card_text_reads_back_as_the_note(note, card_format):
    note.card_format = card_format
    result = render(note)

    assert result.pages == 1
    assert [words(t) for t in pdf_text(result.pdf)] == [words(note.plain_text)]


@pytest.mark.parametrize("card_format", [CardFormat.LETTER, CardFormat.A4])
def test_sheet_carries_the_note_under_a_letterhead(note, card_format):
    note.card_format = card_format
    (text,) = pdf_text(render(note).pdf)

    assert words(text).endswith(words(note.plain_text))
    assert "12 Example Street" in text  # alice's return address heads the letter


@pytest.mark.slow
@pytest.mark.parametrize("card_format", list(CardFormat))
def test_a_fitting_note_is_one_card_and_a_long_one_is_not(note, card_format):
    note.card_format = card_format
    assert render(note).pages == 1

    note.body = "\n\n".join([SHORT_BODY] * 12)
    assert render(note).pages > 1


def test_envelope_carries_both_addresses(note):
    (text,) = pdf_text(render(note, "envelope").pdf)

    assert "Alice Example" in text
    assert "12 Example Street" in text and "10115 Berlin" in text
    assert "Grace Hopper" in text
    assert "1 Market Street" in text and "San Francisco, CA 94105" in text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("card_format", "size_pt"),
    [
        (CardFormat.FOLDED_A2, (414, 315)),  # A2 envelope, 5¾ × 4⅜ in
        (CardFormat.A6, (459, 323)),  # C6
        (CardFormat.LETTER, (684, 297)),  # No. 10
        (CardFormat.A4, (624, 312)),  # DL
    ],
)
def test_envelope_size_matches_the_card(note, card_format, size_pt):
    note.card_format = card_format
    box = PdfReader(io.BytesIO(render(note, "envelope").pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size_pt


def test_copy_sheet_is_large_type_with_the_whole_note(note):
    result = render(note, "copy")
    text = " ".join(pdf_text(result.pdf))

    assert words(note.plain_text) in words(text)
    assert "Copy sheet" in text


def test_interview_bundle_has_card_envelope_and_copy_sheet_per_note(note, alice):
    alan = ContactFactory(owner=alice, name="Alan Turing")
    note.interview.interviewers.add(alan)
    other = ThankYouNoteFactory(interview=note.interview, recipient=alan, body="Thanks, Alan.")
    result = pdf.render_pdf(documents.interview_html(note.interview, [note, other]))

    pages = pdf_text(result.pdf)
    assert len(pages) == 6
    assert "Grace Hopper" in pages[1] and "Dear Alan" in pages[3]


def test_handwriting_typeface_prints_in_the_bundled_font(note):
    note.typeface = "handwriting"
    fonts = {f["/BaseFont"] for f in embedded_fonts(render(note).pdf)}
    # The render worker loads every font once; the PDF names the ones it drew with.
    assert any(name.endswith("+Caveat") for name in fonts), fonts


@pytest.mark.slow
def test_fit_measures_real_layout_and_suggests_a_larger_card(note):
    fit = documents.note_fit(note)
    assert fit.fits and 0 < fit.fill < 1

    note.body = "\n\n".join([SHORT_BODY] * 5)
    fit = documents.note_fit(note)
    assert not fit.fits
    assert fit.suggestion in {CardFormat.LETTER, CardFormat.A4}
    assert "Too long for the Folded A2 card" in fit.message


@pytest.mark.slow
@pytest.mark.parametrize(
    ("country", "card", "sheet"),
    [("US", CardFormat.FOLDED_A2, CardFormat.LETTER), ("AU", CardFormat.A6, CardFormat.A4)],
)
def test_a_note_too_long_for_its_card_is_offered_the_sheet_sold_where_they_live(
    note, country, card, sheet
):
    note.interview.owner.locale = f"en-{country}"
    note.card_format = card
    note.body = "\n\n".join([SHORT_BODY] * 5)
    fit = documents.note_fit(note)
    assert not fit.fits and fit.suggestion == sheet


# --- What never gets in -------------------------------------------------------------------

HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel=attachment href="file:///etc/passwd">',
    "<style>@import url(http://169.254.169.254/)</style>",
    "<p style=\"background: url('http://169.254.169.254/latest/meta-data/')\">x</p>",
    "url(/dev/urandom)",
    '<svg><image href="file:///etc/shadow"/></svg>',
    "<object data=file:///etc/passwd></object>",
    "{{ request }} {% debug %}",
]


@pytest.mark.slow
@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_bodies_print_as_literal_text_and_fetch_nothing(note, body):
    note.body = body
    result = render(note)  # asserts every fetch was an allow-listed asset

    # Long tokens may wrap anywhere, so compare without whitespace.
    assert "".join(pdf_text(result.pdf)[0].split()) == "".join(note.plain_text.split())
    for url, _ in result.requested:
        assert pdf.asset_name_for(url) in pdf.allowed_assets()
    assert PdfReader(io.BytesIO(result.pdf)).attachments == {}


def test_right_to_left_text_prints(note):
    note.body = "שלום וברכה"
    (text,) = pdf_text(render(note).pdf)
    assert "שלום" in text or "םולש" in text  # logical or visual order, but the text


@pytest.mark.parametrize("body", ["谢谢你的时间", "ありがとう", "감사합니다"])
def test_cjk_prints(note, body):
    note.body = body
    assert words(body) in words(pdf_text(render(note).pdf)[0])
    assert documents.print_warnings(note) == []


def test_an_emoji_is_named_and_the_rest_prints(note):
    note.body = "Thank you 🙏 so much"
    assert "Thank you □ so much" in words(pdf_text(render(note).pdf)[0])
    (warning,) = documents.print_warnings(note)
    assert warning.startswith("Note: 🙏 (Person With Folded Hands) cannot be printed")


@pytest.mark.slow
def test_a_long_word_wraps_inside_the_card(note):
    note.body = "z" * 3_000
    result = render(note)
    text = "".join(pdf_text(result.pdf))
    assert text.count("z") == 3_000
    assert result.pages >= 2  # it flows on, never off the edge


def test_a_one_megabyte_word_is_a_clear_error(note):
    note.body = "x" * 1_000_000
    with pytest.raises(pdf.PdfInputTooLarge, match="too long to print"):
        documents.note_html(note, "card")


def test_ten_thousand_lines_is_a_clear_error(note):
    note.body = "line\n" * 10_000
    with pytest.raises(pdf.PdfInputTooLarge, match="too long to print"):
        documents.note_html(note, "card")


def test_renderer_refuses_oversized_html_before_rendering():
    with pytest.raises(pdf.PdfInputTooLarge, match="too much text"):
        pdf.render_pdf("<p>" + "x" * (pdf.MAX_HTML_CHARS + 1) + "</p>")


@pytest.mark.slow
def test_a_render_that_overruns_its_time_is_stopped_and_the_next_one_works(note):
    html = documents.note_html(note, "card")
    big = "<p>" + "word " * 60_000 + "</p>"
    with pytest.raises(pdf.PdfTimeout, match="longer than"):
        pdf.render_pdf(big, timeout=0.05)
    assert pdf.render_pdf(html).pages == 1


# --- The fetcher --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://169.254.169.254/",
        "https://example.com/fonts/eb-garamond/EBGaramond12-Regular.otf",
        "data:text/css,body{}",
        "ftp://assets.afterview.invalid/pdf/notes.css",
        f"{pdf.ASSET_BASE_URL}dev/urandom",
        f"{pdf.ASSET_BASE_URL}../../etc/passwd",
        f"{pdf.ASSET_BASE_URL}pdf/../../config/settings/base.py",
        f"{pdf.ASSET_BASE_URL}pdf/%2e%2e/%2e%2e/etc/passwd",
        f"{pdf.ASSET_BASE_URL}pdf/notes.css?x=1",
        f"{pdf.ASSET_BASE_URL}fonts/eb-garamond/OFL.txt",
        f"{pdf.ASSET_BASE_URL}css/app.css",
        "https://user@assets.afterview.invalid/pdf/notes.css",
        "https://assets.afterview.invalid:8443/pdf/notes.css",
    ],
)
def test_fetcher_refuses_everything_off_the_allow_list(url):
    fetcher = pdf.StaticAssetFetcher()
    with pytest.raises(pdf.AssetRefused):
        fetcher.fetch(url)
    assert fetcher.requested == [(url, False)]


def test_fetcher_serves_allow_listed_assets_from_disk():
    fetcher = pdf.StaticAssetFetcher()
    response = fetcher.fetch(f"{pdf.ASSET_BASE_URL}pdf/notes.css")
    assert b"@font-face" in response.read()
    assert response.content_type == "text/css"
    assert set(pdf.allowed_assets()) >= {
        "pdf/notes.css",
        "fonts/eb-garamond/EBGaramond12-Regular.otf",
        "fonts/caveat/caveat-latin-400-normal.ttf",
    }


def test_raw_hostile_html_gets_nothing_from_the_fetcher():
    """Even HTML that bypassed our templates could load nothing but our assets."""
    raw = (
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<link rel="attachment" href="file:///etc/passwd">'
        "<style>@import url(http://169.254.169.254/);"
        "body{background:url(/dev/urandom)}</style>"
        '<img src="file:///etc/passwd"><img src="data:image/png;base64,iVBORw0KGgo=">'
        "<p>hello</p>"
    )
    result = pdf.render_pdf(raw)

    assert result.requested and not any(served for _, served in result.requested)
    assert PdfReader(io.BytesIO(result.pdf)).attachments == {}
    assert "root:" not in "".join(pdf_text(result.pdf))


def test_pdf_templates_autoescape_even_outside_django_settings():
    html = pdf.render_html("document.html", {"title": "<b>x</b>", "sections": []})
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_envelope_prints_a_name_once_when_the_address_repeats_it(note, alice):
    alice.return_address = "Alice Example\n12 Example Street\n10115 Berlin"
    alice.save()
    note.recipient.postal_address = "grace  hopper\nAcme Robotics\n1 Market Street"
    note.recipient.save()

    (text,) = pdf_text(render(note, "envelope").pdf)

    assert text.count("Alice Example") == 1
    assert text.casefold().count("grace hopper") == 1
    assert "12 Example Street" in text and "Acme Robotics" in text


def test_many_unprintable_characters_are_named_then_summed_up(note):
    note.body = "".join(chr(0x13000 + i) for i in range(10))  # Egyptian hieroglyphs
    (warning,) = documents.print_warnings(note)

    assert warning.startswith("Note: 𓀀 (Egyptian Hieroglyph A001), 𓀁")
    assert "and more cannot be printed" in warning
