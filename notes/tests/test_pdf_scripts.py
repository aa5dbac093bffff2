"""Every script a name, note or address may be written in prints, in a matching typeface.

Renders a card, an envelope and a copy sheet for each script in both typefaces, reads the
text back with a PDF library (right-to-left text comes back in logical order), and checks
the fonts embedded in the PDF are the ones the stylesheet names for that script, not a
fallback.
"""

import io
import unicodedata

import pytest
from pypdf import PdfReader

from notes import documents, pdf
from notes.models import CardFormat
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# script: (name, one paragraph of a note, postal address)
SAMPLES = {
    "chinese": (
        "李小龙",
        "感谢您周二抽出时间和我交流。我很高兴了解到团队正在重建数据平台。",
        "上海市浦东新区世纪大道100号\n200120",
    ),
    "japanese": (
        "山田花子",
        "火曜日はお時間をいただきありがとうございました。設計書を大切にする文化に共感しました。",
        "東京都千代田区丸の内一丁目1番1号\n〒100-0005",
    ),
    "korean": (
        "김민지",
        "화요일에 시간을 내어 주셔서 감사합니다. 팀의 설계 문서 문화가 인상 깊었습니다.",
        "서울특별시 중구 세종대로 110\n04524",
    ),
    "arabic": (
        "نور الهدى",
        "شكرا جزيلا على وقتك يوم الثلاثاء. سعدت بمعرفة أن الفريق يعيد بناء منصة البيانات.",
        "شارع التحرير ١٢\nالقاهرة ١١٥١١",
    ),
    "hebrew": (
        "דוד לוי",
        "תודה רבה על הזמן ביום שלישי. שמחתי לשמוע שהצוות בונה מחדש את פלטפורמת הנתונים.",
        "רחוב הרצל 12\nתל אביב 6100000",
    ),
    "devanagari": (
        "प्रिया शर्मा",
        "मंगलवार को समय देने के लिए धन्यवाद। यह जानकर खुशी हुई कि टीम डेटा प्लेटफ़ॉर्म फिर से बना रही है।",
        "12 महात्मा गांधी मार्ग\nनई दिल्ली 110001",
    ),
    "thai": (
        "สมชาย ใจดี",
        "ขอบคุณที่สละเวลาพูดคุยกับผมในวันอังคาร ผมดีใจที่ได้รู้ว่าทีมกำลังสร้างแพลตฟอร์มข้อมูลใหม่",
        "99 ถนนสุขุมวิท\nกรุงเทพมหานคร 10110",
    ),
    "cyrillic": (
        "Анна Петрова",
        "Спасибо, что нашли время поговорить со мной во вторник. "
        "Было интересно узнать о платформе.",
        "ул. Тверская, 7\nМосква 125009",
    ),
    "greek": (
        "Ελένη Παπαδοπούλου",
        "Σας ευχαριστώ για τον χρόνο σας την Τρίτη. "
        "Χάρηκα που έμαθα για τη νέα πλατφόρμα δεδομένων.",
        "Οδός Ερμού 12\nΑθήνα 105 63",
    ),
}

# The font (as named in the PDF) each script must print in, per typeface.
EXPECTED_FONT = {
    "serif": {
        "chinese": "NotoSerifCJK",
        "japanese": "NotoSerifCJK",
        "korean": "NotoSerifCJK",
        "arabic": "NotoNaskhArabic",
        "hebrew": "NotoSerifHebrew",
        "devanagari": "NotoSerifDevanagari",
        "thai": "NotoSerifThai",
        "cyrillic": "EBGaramond",
        "greek": "EBGaramond",
    },
    "handwriting": {
        "chinese": "ARPLUKai",
        "japanese": "KleeOne",
        "korean": "NanumPen",
        "arabic": "NotoNaskhArabic",
        "hebrew": "NotoSerifHebrew",
        "devanagari": "Kalam",
        "thai": "Purisa",
        "cyrillic": "Caveat",
        "greek": "HandGreek",  # EB Garamond's italic
    },
}
LATIN_FONT = {"serif": "EBGaramond", "handwriting": "Caveat"}


def words(text: str) -> str:
    return " ".join(text.split())


def letters(text: str) -> str:
    """The letters and digits of a text, in order, without their marks: what must come
    back out of the PDF whatever spacing and line breaks the layout chose (a PDF maps each
    drawn glyph back to text, and a vowel sign drawn with its letter may come back apart)."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c)[0] in "LN"
    )


def reads_back(expected: str, text: str) -> bool:
    """Whether each word of ``expected`` comes back out of a PDF's ``text``, letter for letter
    in logical order (right-to-left words too).

    Two allowances for what a PDF can say, not for what was printed: a number inside
    right-to-left text comes back with its digits in drawing order, so digits are compared
    as a set; and in Devanagari a letter drawn with its sign or in a conjunct (मं, र्ग)
    maps back as one cluster that may lose the letter, so two words in three suffice.
    """
    found = letters(text)

    def back(word: str) -> bool:
        if letters(word).isdigit():
            return any(
                sorted(found[i : i + len(letters(word))]) == sorted(letters(word))
                for i in range(len(found))
            )
        return letters(word) in found

    words = expected.split()
    missing = [word for word in words if not back(word)]
    if any("\u0900" <= c <= "\u097f" for c in expected):
        return len(missing) * 3 <= len(words)
    return not missing


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def glyph_fonts(data: bytes) -> dict[str, set[str]]:
    """Each character drawn in the PDF → the fonts (subset prefix dropped) it was drawn in."""
    import pdfplumber

    fonts: dict[str, set[str]] = {}
    with pdfplumber.open(io.BytesIO(data)) as document:
        for page in document.pages:
            for char in page.chars:
                # "ABCDEF+Noto-Serif-CJK" → "NotoSerifCJK"
                name = "".join(c for c in char["fontname"].split("+", 1)[-1] if c.isalnum())
                for c in letters(char["text"]):
                    fonts.setdefault(c, set()).add(name)
    return fonts


def script_note(owner, script: str, *, typeface="serif", card_format=CardFormat.LETTER):
    name, paragraph, address = SAMPLES[script]
    person = ContactFactory(owner=owner, name=name, title="", postal_address=address)
    interview = InterviewFactory(owner=owner, interviewers=[person])
    return ThankYouNoteFactory(
        interview=interview,
        recipient=person,
        salutation=f"{name},",
        body=f"{paragraph}\n\n{paragraph}",
        closing="With thanks,",
        signature="Alice Example",
        card_format=card_format,
        typeface=typeface,
    )


def render(note, kind):
    return pdf.render_pdf(documents.note_html(note, kind))


@pytest.mark.parametrize("typeface", ["serif", "handwriting"])
@pytest.mark.parametrize("script", list(SAMPLES))
def test_every_script_prints_in_its_own_typeface(alice, script, typeface):
    name, paragraph, address = SAMPLES[script]
    note = script_note(alice, script, typeface=typeface)
    expected = EXPECTED_FONT[typeface][script]

    card = render(note, "card")
    assert card.pages == 1
    text = pdf_text(card.pdf)
    assert reads_back(paragraph, text), text
    assert reads_back(name, text), text
    fonts = glyph_fonts(card.pdf)
    # The letters a PDF gives back for this script (not every one of a Devanagari
    # paragraph's; see reads_back).
    script_chars = {c for c in letters(paragraph) if c.isalpha() and not c.isascii()}
    script_chars &= set(fonts)
    for char in script_chars:
        assert any(expected in font for font in fonts[char]), (char, fonts[char], expected)
    for char in "With thanks":
        if char.isalpha():
            assert any(LATIN_FONT[typeface] in font for font in fonts[char]), (char, fonts[char])

    envelope = render(note, "envelope")
    text = pdf_text(envelope.pdf)
    assert reads_back(f"{name} {address}", text), text
    serif = EXPECTED_FONT["serif"][script]
    fonts = glyph_fonts(envelope.pdf)
    name_chars = {c for c in letters(name) if c.isalpha() and not c.isascii()} & set(fonts)
    assert name_chars and all(any(serif in font for font in fonts[c]) for c in name_chars)

    copy = render(note, "copy")
    assert reads_back(paragraph, pdf_text(copy.pdf))
    fonts = glyph_fonts(copy.pdf)
    for char in script_chars & set(fonts):
        assert any(expected in font for font in fonts[char]), (char, fonts[char], expected)


@pytest.mark.parametrize("script", ["arabic", "hebrew"])
def test_right_to_left_addresses_are_set_right_to_left_and_aligned_right(alice, script):
    import pdfplumber

    address = SAMPLES[script][2]
    note = script_note(alice, script)  # US Letter: a No. 10 envelope
    assert 'dir="rtl"' in documents.note_html(note, "envelope")
    data = render(note, "envelope").pdf

    # No. 10: 9.5 in wide, 0.35 in margins; the delivery block spans 45%-98% of the rest.
    content = (9.5 - 0.7) * 72
    left, right = 0.35 * 72 + 0.45 * content, 0.35 * 72 + 0.98 * content
    with pdfplumber.open(io.BytesIO(data)) as document:
        page = document.pages[0]
        # The delivery block: right of its left edge, below the stamp.
        chars = [c for c in page.chars if c["x0"] > left - 1 and c["top"] > page.height * 0.35]
    rows: dict[int, list] = {}
    for char in chars:  # one row per baseline
        rows.setdefault(round(char["matrix"][5]), []).append(char)
    # The name and company (no title here), then each line of the address: one block.
    assert len(rows) == 2 + len(address.splitlines())
    for row in rows.values():
        # Right aligned: every line ends at the block's right edge, however long it is.
        assert abs(max(c["x1"] for c in row) - right) < 2, (row[0]["text"], right)
        assert min(c["x0"] for c in row) > left + 20


def test_mixed_direction_greeting_keeps_its_words_in_order(alice):
    note = script_note(alice, "arabic", card_format=CardFormat.A6)
    note.salutation = "Dear نور الهدى,"
    text = pdf_text(render(note, "card").pdf)
    assert "Dear" in text and letters("نور الهدى") in letters(text)


@pytest.mark.parametrize(
    ("typeface", "face"), [("serif", "NotoSerifCJKJP"), ("handwriting", "KleeOne")]
)
def test_a_name_in_han_characters_alone_prints_in_the_language_of_its_note(alice, typeface, face):
    # 山田花子 could be Chinese, Japanese or Korean; beside a Japanese note it is Japanese,
    # and prints in the same face as the note (Chinese glyph forms differ).
    note = script_note(alice, "japanese", typeface=typeface, card_format=CardFormat.A6)
    note.salutation = "山田花子,"
    note.recipient.name = "山田花子"
    assert 'lang="ja">山田花子,' in documents.note_html(note, "card")
    assert 'lang="ja">山田花子' in documents.note_html(note, "envelope")

    fonts = glyph_fonts(render(note, "card").pdf)
    for char in "山田花子":
        assert all(face in font for font in fonts[char]), (char, fonts[char])


def test_a_name_in_han_characters_alone_beside_latin_text_is_chinese(alice):
    note = script_note(alice, "cyrillic", card_format=CardFormat.A6)
    note.salutation = "李小龙,"
    assert 'lang="zh">李小龙,' in documents.note_html(note, "card")


@pytest.mark.parametrize("typeface", ["serif", "handwriting"])
@pytest.mark.parametrize("kind", ["card", "copy"])
def test_korean_lines_break_between_words_not_inside_them(alice, kind, typeface):
    note = script_note(alice, "korean", typeface=typeface, card_format=CardFormat.A6)
    paragraph = SAMPLES["korean"][1]
    note.body = f"{paragraph} {paragraph}"
    words = set(paragraph.split())

    text = pdf_text(render(note, kind).pdf)
    lines = [line for line in text.splitlines() if line.strip() and line[0] >= "\uac00"]
    assert len(lines) > 2  # the paragraph wraps
    for line in lines[1:]:  # after the greeting: whole words, each line
        assert set(line.split()) <= words, line
    assert "\u2060" not in text  # the joiners are not copied out


def test_a_character_no_font_has_is_named_with_its_field_and_the_rest_prints(alice):
    note = script_note(alice, "chinese", card_format=CardFormat.A6)
    note.body = "Thank you for the tour 𓀀 of the lab.\n\nI enjoyed meeting the team."

    warnings = documents.print_warnings(note)
    assert len(warnings) == 1
    assert warnings[0].startswith("Note: 𓀀 (Egyptian Hieroglyph A001)")

    text = pdf_text(render(note, "card").pdf)
    assert "Thank you for the tour" in text and "I enjoyed meeting the team." in text
    assert documents.PLACEHOLDER in text


def test_only_fields_a_format_prints_are_checked(alice):
    note = script_note(alice, "chinese", card_format=CardFormat.A6)
    note.recipient.postal_address = "Street 𓀀 1"  # printed on the envelope only

    assert documents._section(note, "card")["unprintable"] == []
    assert documents._section(note, "copy")["unprintable"] == []
    (problem,) = documents._section(note, "envelope")["unprintable"]
    assert problem.field == "Recipient's postal address" and problem.characters == ("𓀀",)


def test_the_renderer_sees_no_font_but_ours(alice):
    note = script_note(alice, "chinese", card_format=CardFormat.A6)
    # A family every Debian machine has, asked for by name, must not be found.
    html = documents.note_html(note, "card").replace(
        "</head>", "<style>.note { font-family: 'DejaVu Sans' }</style></head>"
    )
    data = pdf.render_pdf(html).pdf
    assert data is not None
    fonts = glyph_fonts(data)
    assert not any("DejaVu" in font for found in fonts.values() for font in found), fonts


def test_every_listed_system_font_is_installed():
    assert pdf.fonts.missing_system_fonts() == {}, (
        "Install the fonts with `bash scripts/system-deps.sh runtime` (PDF_FONT_PACKAGES)."
    )


@pytest.mark.parametrize(
    ("script", "common", "rare", "subset"),
    [
        ("chinese", "李小", "龍", "NotoSerifCJKSCCommon"),  # 龍: traditional, not in GB 2312
        ("japanese", "火曜日", "鷗", "NotoSerifCJKJPCommon"),  # 鷗: not in JIS X 0208
        ("korean", "김민", "똠", "NotoSerifCJKKRCommon"),  # 똠: not among KS X 1001's hangul
    ],
)
def test_cjk_prints_from_the_bundled_subset_and_a_rarer_character_from_the_full_font(
    alice, script, common, rare, subset
):
    note = script_note(alice, script, card_format=CardFormat.A6)
    note.salutation = f"{SAMPLES[script][0]} {rare},"
    data = render(note, "card").pdf

    fonts = glyph_fonts(data)  # by letter: a hangul syllable counts as its jamo
    printed_elsewhere = set(letters(note.body + SAMPLES[script][0]))
    for char in set(letters(common)) - set(letters(rare)):
        assert fonts[char] == {subset}, (char, fonts[char])
    # Same design, from the full collection the subset was made from.
    only_rare = set(letters(rare)) - printed_elsewhere
    assert only_rare and all(fonts[c] == {"NotoSerifCJK"} for c in only_rare), fonts
    assert rare in pdf_text(data)
