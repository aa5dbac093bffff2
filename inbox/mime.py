"""Reading a raw email into plain parts, within bounds: mail is hostile input.

``read_mime`` takes the bytes as they arrived and returns the headers that matter, the
message's text (from its text/plain part, or from its HTML turned into text: the HTML is
never kept or shown), its calendar parts and ``.ics`` attachments (as bytes, for the invite
import), and any whole message attached to it (a forward "as attachment"), read the same way.

Bounds: the parts walked, the depth of attached messages, the bytes decoded per text part
and per calendar part, and the length of the text kept. Nothing remote is ever fetched: a
link is only text here. The walk is a loop, not recursion, so nesting cannot exhaust the
stack; the standard library's parser itself is recursive, so a message nested past what it
can take is refused with a sentence.
"""

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from interviews.invites import INVITE_MAX_BYTES

MAX_PARTS = 500
MAX_ATTACHED_DEPTH = 3
MAX_TEXT_PART_BYTES = 1_000_000
MAX_TEXT_CHARS = 60_000  # inbox.models.TEXT_MAX_CHARS
MAX_CALENDARS = 4
HEADER_MAX_CHARS = 1_000

CALENDAR_TYPES = {"text/calendar", "application/ics", "text/x-vcalendar", "application/x-ics"}
MESSAGE_ID = re.compile(r"<([^<>\s]{1,500})>")


class MimeError(ValueError):
    """The message cannot be read; ``str()`` is a sentence for the person."""


@dataclass
class Attachment:
    filename: str
    content_type: str
    size: int


@dataclass
class MailMessage:
    subject: str = ""
    from_name: str = ""
    from_email: str = ""
    to: tuple[str, ...] = ()
    date: datetime | None = None
    message_id: str = ""
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    text: str = ""
    # Whether ``text`` came from HTML (there was no text/plain part).
    text_from_html: bool = False
    calendars: list[bytes] = field(default_factory=list)
    attached: list["MailMessage"] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    authentication: str = ""
    # What was left out, in sentences ("an attachment of 6.0 MB was not read").
    skipped: list[str] = field(default_factory=list)

    @property
    def sender_domain(self) -> str:
        return self.from_email.rpartition("@")[2].lower()


def parse_bytes(raw: bytes) -> EmailMessage:
    """The standard library's parse, after the leading blank lines some files carry."""
    start = 0
    while start < len(raw) and start < 4096:
        end = raw.find(b"\n", start)
        if end == -1 or raw[start:end].strip():
            break
        start = end + 1
    try:
        message = email.message_from_bytes(raw[start:], policy=email.policy.default)
    except RecursionError:
        raise MimeError("This message is nested too deeply to be read.") from None
    return message


def read_mime(raw: bytes) -> MailMessage:
    """Reads a raw message; MimeError with a sentence if it cannot be read at all."""
    return _read(parse_bytes(raw), depth=0)


def _read(root: Message, *, depth: int) -> MailMessage:
    result = _headers(root)
    plain: list[str] = []
    html: list[str] = []
    seen_calendars: set[str] = set()
    parts = 0
    stack: list[Message] = [root]
    while stack:
        part = stack.pop()
        parts += 1
        if parts > MAX_PARTS:
            result.skipped.append(f"Only the first {MAX_PARTS} parts of this message were read.")
            break
        content_type = part.get_content_type()
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(reversed([p for p in payload if isinstance(p, Message)]))
            continue
        filename = _filename(part)
        if content_type == "message/rfc822" or (
            filename.lower().endswith(".eml") and content_type == "application/octet-stream"
        ):
            _read_attached(part, result, depth)
            continue
        if content_type in CALENDAR_TYPES or filename.lower().endswith((".ics", ".vcs")):
            data = _bytes(part, INVITE_MAX_BYTES)
            if data is None:
                result.skipped.append("A calendar attachment was too large to read.")
                continue
            digest = hashlib.sha256(data.strip()).hexdigest()
            if data.strip() and digest not in seen_calendars:
                seen_calendars.add(digest)
                if len(result.calendars) < MAX_CALENDARS:
                    result.calendars.append(data)
            continue
        disposition = part.get_content_disposition()
        if content_type in {"text/plain", "text/html"} and disposition != "attachment":
            text = _text(part)
            if text is None:
                result.skipped.append("A text part was too large to read.")
            elif content_type == "text/plain":
                plain.append(text)
            else:
                html.append(text)
            continue
        size = _payload_size(part)
        result.attachments.append(Attachment(filename[:200], content_type[:100], size))
        if size > MAX_TEXT_PART_BYTES:
            result.skipped.append(
                f"The attachment {filename[:80] or content_type} ({size / 1_000_000:.1f} MB) "
                "was not read."
            )
    if any(p.strip() for p in plain):
        result.text = "\n\n".join(p for p in plain if p.strip())
    elif html:
        result.text = "\n\n".join(html_to_text(h) for h in html)
        result.text_from_html = True
    result.text = _tidy(result.text)[:MAX_TEXT_CHARS]
    return result


def _read_attached(part: Message, result: MailMessage, depth: int) -> None:
    if depth + 1 > MAX_ATTACHED_DEPTH:
        result.skipped.append("A message attached inside attached messages was not read.")
        return
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        inner = payload[0]
    else:
        data = _bytes(part, MAX_TEXT_PART_BYTES * 4)
        if not data:
            return
        try:
            inner = parse_bytes(data)
        except MimeError as error:
            result.skipped.append(str(error))
            return
    result.attached.append(_read(inner, depth=depth + 1))


def _headers(message: Message) -> MailMessage:
    result = MailMessage()
    result.subject = header_text(message, "Subject")
    name, address = first_address(message, "From")
    result.from_name, result.from_email = name, address
    result.to = tuple(a for _, a in all_addresses(message, "To")[:20])
    raw_date = header_text(message, "Date")
    if raw_date:
        try:
            result.date = parsedate_to_datetime(raw_date)
        except (TypeError, ValueError, IndexError, OverflowError):
            result.date = None
        if result.date is not None and result.date.tzinfo is None:
            result.date = None
    result.message_id = message_id(header_text(message, "Message-ID"))
    result.in_reply_to = tuple(message_ids(header_text(message, "In-Reply-To")))
    result.references = tuple(message_ids(header_text(message, "References")))[-20:]
    result.authentication = header_text(message, "Authentication-Results")
    return result


def whole_text(mail: MailMessage) -> str:
    """The text to show: the message's own, then each attached message's, headed by who
    sent it. Bounded like the text itself."""
    pieces = [mail.text]
    stack = list(mail.attached)
    while stack and len(pieces) < 8:
        inner = stack.pop(0)
        who = f"{inner.from_name} <{inner.from_email}>" if inner.from_email else inner.from_name
        pieces.append(f"--- Attached message from {who}: {inner.subject} ---\n{inner.text}")
        stack.extend(inner.attached)
    return "\n\n".join(p for p in pieces if p.strip())[:MAX_TEXT_CHARS]


def without_attachments(raw: bytes, *, keep_bytes: int) -> bytes:
    """The message with every part but its text, calendars and attached messages emptied
    (each replaced by a line saying what it was): what is kept of a big message once read.
    Falls back to the headers alone if the message cannot be written back."""
    try:
        message = parse_bytes(raw)
        parts = 0
        stack: list[Message] = [message]
        while stack and parts < MAX_PARTS:
            part = stack.pop()
            parts += 1
            payload = part.get_payload()
            if part.is_multipart() and isinstance(payload, list):
                stack.extend(p for p in payload if isinstance(p, Message))
                continue
            content_type = part.get_content_type()
            if content_type in CALENDAR_TYPES or content_type in {"text/plain", "text/html"}:
                continue
            if content_type == "message/rfc822" or _filename(part).lower().endswith(".ics"):
                continue
            size = _payload_size(part)
            part.set_payload(f"[{content_type}, {size} bytes: not kept]")
            del part["Content-Transfer-Encoding"]
        data = message.as_bytes()
    except Exception:
        end = raw.find(b"\r\n\r\n")
        end = raw.find(b"\n\n") if end == -1 else end
        data = raw[: end if end != -1 else 0] + b"\n\n[The body was too large to keep.]\n"
    return data[:keep_bytes] if len(data) > keep_bytes else data


def header_text(message: Message, name: str) -> str:
    """A header as one line of text (encoded words decoded), bounded; "" if broken."""
    try:
        value = message.get(name)
    except Exception:  # a header the policy cannot parse
        return ""
    if value is None:
        return ""
    text = str(value)
    return " ".join(text.split())[:HEADER_MAX_CHARS]


def all_addresses(message: Message, name: str) -> list[tuple[str, str]]:
    try:
        values = message.get_all(name) or []
    except Exception:
        return []
    found = []
    for value in values:
        addresses = getattr(value, "addresses", None)
        if addresses is not None:
            found += [(_name(a), (a.addr_spec or "").lower()) for a in addresses]
        else:
            found += [(n, a.lower()) for n, a in getaddresses([str(value)])]
    return [(n[:150], a[:254]) for n, a in found if "@" in a]


def first_address(message: Message, name: str) -> tuple[str, str]:
    found = all_addresses(message, name)
    return found[0] if found else ("", "")


def _name(address: Address) -> str:
    return " ".join((address.display_name or "").split())


def message_id(text: str) -> str:
    found = MESSAGE_ID.search(text or "")
    if found:
        return found.group(1)[:250]
    return (text or "").strip()[:250]


def message_ids(text: str) -> list[str]:
    return [m[:250] for m in MESSAGE_ID.findall(text or "")]


def _filename(part: Message) -> str:
    try:
        return " ".join((part.get_filename() or "").split())
    except Exception:
        return ""


def _payload_size(part: Message) -> int:
    payload = part.get_payload()
    if isinstance(payload, str):
        # Base64 takes 4 characters for 3 bytes; near enough for a sentence.
        return len(payload) * 3 // 4
    return 0


def _bytes(part: Message, limit: int) -> bytes | None:
    """The part's decoded bytes, or None past ``limit`` (checked before decoding)."""
    raw = part.get_payload()
    if isinstance(raw, str) and len(raw) > limit * 4 // 3 + 4096:
        return None
    try:
        data = part.get_payload(decode=True)
    except Exception:
        return None
    if not isinstance(data, bytes) or len(data) > limit:
        return None
    return data


def _text(part: Message) -> str | None:
    data = _bytes(part, MAX_TEXT_PART_BYTES)
    if data is None:
        return None
    charset = part.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


def _tidy(text: str) -> str:
    """Line endings unified, control characters and bidi overrides out, runs of blank
    lines joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch
        for ch in text
        if ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in _BIDI)
    )
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


# --- HTML into text ------------------------------------------------------------------------


class _TextFromHtml(HTMLParser):
    """HTML to plain text with the standard library's tokenizer: scripts, styles and heads
    dropped, blocks on their own lines, and a link's address written after its label when
    it is a web address (``javascript:`` and ``data:`` links keep only their label). Images,
    frames and stylesheets are never loaded: their addresses are ignored."""

    BLOCKS = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
        "ul", "ol", "blockquote", "section", "article", "header", "footer", "hr", "pre",
    }  # fmt: skip
    SKIP = {"script", "style", "head", "title", "noscript", "template", "iframe", "object"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.links: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.out.append("\n")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            href = "".join(href.split())
            self.links.append(href if href.lower().startswith(("http://", "https://")) else None)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.out.append("\n")
        if tag == "a" and self.links:
            href = self.links.pop()
            label = "".join(self.out[-3:])
            if href and href not in label:
                self.out.append(f" ({href})")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)


def html_to_text(html: str) -> str:
    parser = _TextFromHtml()
    try:
        parser.feed(html[:MAX_TEXT_PART_BYTES])
        parser.close()
    except Exception:  # the tokenizer gives up on some broken markup: keep what it read
        pass
    lines = ("".join(parser.out)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines)
