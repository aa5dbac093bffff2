"""Finding the message inside a forward, and the new text above a reply's quote.

A person forwards an email from Gmail, Outlook or Apple Mail (or Thunderbird): the client
writes a block of the original headers ("From:", "Date:"/"Sent:", "Subject:", "To:"), in
the client's language, above the original text. A forward of a forward has two. The
innermost block names the company's sender and the original subject, and the text after it
is what the company wrote.

A reply carries the same kind of block below its new text: there the new text is what
counts, and what it quotes is history (a rejection quoted under "my pleasure!" is not a new
rejection).
"""

import re
from dataclasses import dataclass
from datetime import datetime

import dateparser

# Header names in forward blocks, per language, to what they mean.
HEADER_NAMES = {
    "from": "from", "von": "from", "de": "from", "da": "from", "van": "from", "od": "from",
    "sent": "date", "date": "date", "datum": "date", "gesendet": "date", "envoyé": "date",
    "envoyé le": "date", "enviado": "date", "fecha": "date", "data": "date", "verzonden": "date",
    "inviato": "date",
    "subject": "subject", "betreff": "subject", "objet": "subject", "asunto": "subject",
    "oggetto": "subject", "onderwerp": "subject", "assunto": "subject",
    "to": "to", "an": "to", "à": "to", "a": "to", "para": "to", "aan": "to",
    "cc": "cc",
}  # fmt: skip
HEADER_LINE = re.compile(
    r"^[ \t>*]*(?P<name>[A-Za-zÀ-ÿ]{1,12}(?: le)?)[ \t]*:[ \t]*(?P<value>.*)$"
)
# Lines that announce a forward (above the header block) in the common clients.
FORWARD_MARKERS = re.compile(
    r"^[ \t>]*(-{2,}\s*(forwarded message|original message|weitergeleitete nachricht|"
    r"ursprüngliche nachricht|message transféré|message d'origine|mensaje reenviado|"
    r"mensaje original|messaggio inoltrato|doorgestuurd bericht)\s*-{2,}|"
    r"begin forwarded message:|anfang der weitergeleiteten nachricht:|"
    r"début du message réexpédié :?|_{10,})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
SUBJECT_FORWARD = re.compile(r"^\s*((fwd?|fw|wg|tr|rv|enc|doorst|vs|i)\s*:\s*)+", re.IGNORECASE)
SUBJECT_REPLY = re.compile(r"^\s*((re|aw|sv|antw|r)\s*:\s*)+", re.IGNORECASE)
ADDRESS = re.compile(r"([^<>\s\"']+@[^<>\s\"']+\.[A-Za-z]{2,})")


@dataclass(frozen=True)
class QuotedHeaders:
    """One block of original headers inside a forward or a reply."""

    from_name: str
    from_email: str
    subject: str
    date_text: str
    start: int  # where the block starts in the text
    end: int  # where the original text begins

    def date(self) -> datetime | None:
        if not self.date_text:
            return None
        return dateparser.parse(self.date_text[:80], settings={"RETURN_AS_TIMEZONE_AWARE": False})


def strip_subject(subject: str) -> str:
    """The subject without "Fwd:", "RE:" and the like, however many."""
    previous = None
    while previous != subject:
        previous = subject
        subject = SUBJECT_REPLY.sub("", SUBJECT_FORWARD.sub("", subject))
    return subject.strip()


def is_forward_subject(subject: str) -> bool:
    return bool(SUBJECT_FORWARD.match(subject or ""))


def is_reply_subject(subject: str) -> bool:
    return bool(SUBJECT_REPLY.match(subject or "")) and not is_forward_subject(subject)


def quoted_blocks(text: str) -> list[QuotedHeaders]:
    """Every block of at least two original headers, one of them From, in order."""
    blocks: list[QuotedHeaders] = []
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    i = 0
    while i < len(lines):
        fields: dict[str, str] = {}
        j = i
        while j < len(lines) and j - i < 8:
            match = HEADER_LINE.match(lines[j])
            if not match:
                break
            meaning = HEADER_NAMES.get(match.group("name").strip().lower())
            if meaning is None or meaning in fields:
                break
            value = match.group("value").strip()
            # An address list wrapped onto the next line (Outlook wraps long To: lines).
            while (
                j + 1 < len(lines)
                and lines[j + 1].startswith((" ", "\t"))
                and not HEADER_LINE.match(lines[j + 1])
            ):
                j += 1
                value += " " + lines[j].strip()
            fields[meaning] = value
            j += 1
        if "from" in fields and len(fields) >= 2 and ("subject" in fields or "date" in fields):
            name, email = _person(fields["from"])
            end = offsets[j] if j < len(offsets) else len(text)
            blocks.append(
                QuotedHeaders(
                    from_name=name,
                    from_email=email,
                    subject=fields.get("subject", "")[:300],
                    date_text=fields.get("date", "")[:120],
                    start=offsets[i],
                    end=end,
                )
            )
            i = j
        else:
            i += 1
    return blocks


def _person(value: str) -> tuple[str, str]:
    """ "Apptio Recruiting <recruiting@apptio.example>" → (name, address)."""
    value = value.replace("mailto:", " ")
    found = ADDRESS.search(value)
    email = found.group(1).strip(".,;").lower() if found else ""
    name = value
    if found:
        name = value[: found.start()] + value[found.end() :]
    name = re.sub(r"[<>\[\]()\"']", " ", name)
    name = " ".join(name.split()).strip(" ,;")
    return name[:150], email[:254]


def has_forward_marker(text: str) -> bool:
    return bool(FORWARD_MARKERS.search(text[:20_000]))


def new_text_of_reply(text: str, blocks: list[QuotedHeaders]) -> str:
    """A reply's own words: the text above its first quote (lines starting ">" too)."""
    top = text[: blocks[0].start] if blocks else text
    kept = []
    for line in top.split("\n"):
        if line.lstrip().startswith(">"):
            break
        if re.match(r"^\s*On .{5,200} wrote:\s*$", line) or re.match(
            r"^\s*Am .{5,200} schrieb .{1,200}:\s*$", line
        ):
            break
        kept.append(line)
    return "\n".join(kept).strip()
