"""Reading a message into what it says about an application: its kind and its fields.

Structure first, free text last:

1. Which message is the news: a forward is unwrapped (an attached message, or the innermost
   block of original headers written by Gmail, Outlook, Apple Mail or Thunderbird); a reply
   counts only its own new words, never the history it quotes.
2. A calendar part or ``.ics`` attachment is read by the invite import
   (``interviews.invites.read_invite``): UID, SEQUENCE and CANCEL keep their meaning.
3. Otherwise the words: the kind from the phrases of its language (``inbox/phrases/``),
   dates and times through dateparser (written in words, in many languages), the zone from
   the words beside the time, the company from the sender, the subject, the text and the
   signature (never an applicant tracking system's or a mail provider's domain), the role,
   the people met, and a meeting link (only read as text, never fetched).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from dateparser.search import search_dates

from inbox import forwards, places
from inbox.mime import MailMessage
from inbox.phrases import Language, language_of, languages
from interviews.invites import (
    GENERIC_DOMAINS,
    MEETING_HOSTS,
    ROUND_WORDS,
    Invite,
    InviteError,
    company_domain,
    company_name_from_domain,
    domain_label,
    read_invite,
)

# Kinds, strongest first: a rejection outranks an offer mentioned in passing, a cancellation
# or a move outranks the invite it changes, "it went well" outranks "send your availability".
KIND_ORDER = (
    "rejection",
    "offer",
    "cancel",
    "reschedule",
    "next_round",
    "invite",
    "scheduling_request",
)

# Senders that are never the company: applicant tracking systems, schedulers, job boards,
# mail providers (the company is then in the display name, the links or the text).
SERVICE_DOMAINS = GENERIC_DOMAINS | {
    "greenhouse.io", "greenhouse-mail.io", "us.greenhouse-mail.io", "lever.co", "hire.lever.co",
    "ashbyhq.com", "myworkday.com", "myworkdayjobs.com", "workday.com", "calendly.com",
    "goodtime.io", "smartrecruiters.com", "icims.com", "jobvite.com", "workable.com",
    "workablemail.com", "bamboohr.com", "recruitee.com", "teamtailor.com", "teamtailor-mail.com",
    "personio.de", "personio.com", "breezy.hr", "jazzhr.com", "applytojob.com", "indeed.com",
    "indeed.example", "indeedemail.com", "linkedin.com", "glassdoor.com", "ziprecruiter.com",
    "paradox.ai", "hirevue.com", "modernhire.com", "codility.com", "hackerrank.com",
    "coderpad.io", "codesignal.com", "successfactors.com", "taleo.net", "oraclecloud.com",
    "zoom.us", "microsoft.com", "office.com", "outlook.office365.com", "onmicrosoft.com",
    "imip.me.com", "google.com", "calendar.google.com", "gmail.com",
}  # fmt: skip
# Applicant tracking systems whose links carry the company's name: where in the link.
ATS_LINKS = (
    (re.compile(r"^https?://(?:boards|job-boards|app)\.greenhouse\.io/([a-z0-9-]+)", re.I), 1),
    (re.compile(r"^https?://jobs\.(?:eu\.)?lever\.co/([a-z0-9-]+)", re.I), 1),
    (re.compile(r"^https?://jobs\.ashbyhq\.com/([a-z0-9-]+)", re.I), 1),
    (re.compile(r"^https?://([a-z0-9-]+)\.wd\d+\.myworkdayjobs\.com", re.I), 1),
    (re.compile(r"^https?://([a-z0-9-]+)\.(?:bamboohr|recruitee|teamtailor)\.com", re.I), 1),
    (re.compile(r"^https?://apply\.workable\.com/([a-z0-9-]+)", re.I), 1),
)
URL = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)
MEETING_WORDS = re.compile(
    r"\b(join|meeting link|video (call|link|interview)|zoom|teams|webex|google meet|"
    r"meet\.|dial[- ]in)\b",
    re.IGNORECASE,
)
NOT_MEETING_HOSTS = ("calendar.google.com", "drive.google.com", "docs.google.com", "support.")
TIME = re.compile(
    r"\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|\bnoon\b|\bmidday\b|"
    r"\b\d{1,2}\s*uhr\b",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"\[[^\]]{1,60}\]")
DURATION = re.compile(
    r"\b(\d{1,3}(?:[.,]\d)?)(?:\s*(?:-|to|–)\s*\d{1,3})?\s*[- ]?(minutes?|mins?|hours?|hrs?)\b",
    re.IGNORECASE,
)
# A capitalised name of something: "Harbourline Logistics", "Omni ePartners",
# "Ejemplo Analítica S.L.", "Mercedes-Benz Research & Development".
_CAP_WORD = (
    r"(?:Inc\.|Co\.|Ltd\.|Corp\.|S\.L\.|S\.A\.|e\.V\.|[A-ZÀ-ÖØ-Þ][\w&'’-]*|"
    r"[a-z][A-Z][\w&'’-]*|[A-Z0-9][A-Z0-9]+)"
)
CAP_PHRASE = rf"{_CAP_WORD}(?:[ ]+(?:&[ ]+|of[ ]+|de[ ]+|and[ ]+)?{_CAP_WORD}){{0,5}}"
COMPANY_IN_TEXT = [
    re.compile(p)
    for p in (
        rf"\b(?:role|position|opening|job|opportunity|team|interview|interviews|offer|"
        rf"career|careers|application|candidacy|hiring)\s+(?:at|with|from)\s+({CAP_PHRASE})",
        rf"\bhere at ({CAP_PHRASE})",
        rf"\b(?:interest in|consider(?:ing)?|apply(?:ing)? to|applying to|welcome to|join(?:ing)?)"
        rf"\s+({CAP_PHRASE})",
        rf"\bhaving you at ({CAP_PHRASE})",
        rf"\b(?:recruiter|coordinator|recruiting|talent\w*)\s+(?:with|at|for)\s+({CAP_PHRASE})",
        rf"\bwith ({CAP_PHRASE})\s*[.!]",
        rf"\b({CAP_PHRASE})(?:'s|’s)\s",
        rf"\b({CAP_PHRASE}) is an equal",
        rf"\b(?:bei|mit|chez|en|em)\s+({CAP_PHRASE})",
    )
]
COMPANY_IN_SUBJECT = [
    re.compile(p)
    for p in (
        rf"\b(?:at|with|from|bei|mit|chez|en)\s+({CAP_PHRASE})",
        rf"\b(?:interest in|applying to|apply to)\s+({CAP_PHRASE})",
        rf"^({CAP_PHRASE})\s*(?:[-–:|]|\s(?:interview|phone|on-?site|next|offer|availability)\b)",
    )
]
LEGAL_SUFFIX = re.compile(
    r"\b(GmbH|AG|Inc\.?|LLC|Ltd\.?|Limited|S\.L\.|S\.A\.|SAS|SARL|e\.V\.|Corp\.?|Corporation|"
    r"Systems|Technologies|Partners|Logistics|Group|Labs|Software|Solutions|Industries|"
    r"Analytics|Health|Holdings|Company|Co\.)$"
)
LEGAL_FORM = re.compile(
    r"GmbH|AG|Inc|LLC|Ltd|Limited|S\.L|S\.A|SAS|SARL|e\.V|Corp|Corporation|Technologies|Group"
)
# Words in a sender's display name that are about the sender, not the company.
SENDER_WORDS = re.compile(
    r"\b(recruiting|recruitment|recruiter|coordinator|talent( acquisition| team| partner)?|"
    r"careers?|jobs?|hiring|hr|human resources|people( team| ops)?|team|technical|senior|sr\.?|"
    r"principal|lead|via|no-?reply|notifications?|the|department|acquisition|staffing)\b",
    re.IGNORECASE,
)
NOT_COMPANIES = {
    "we", "i", "you", "our", "your", "thank", "thanks", "hi", "hello", "dear", "the", "this",
    "please", "unfortunately", "recruiter", "candidate", "applicant", "coordinator", "team",
    "hiring", "interview", "linkedin", "careers", "career", "page", "center", "us", "my",
    "after", "as", "at", "in", "on", "for", "a", "an", "it", "when", "if", "best", "regards",
    "sincerely", "seattle", "bellevue", "mountain", "pacific", "eastern", "central", "time",
}  # fmt: skip
ROLE_WORDS = re.compile(
    r"\b(engineer|developer|manager|analyst|designer|scientist|coordinator|secretary|"
    r"specialist|consultant|director|lead|architect|administrator|intern|associate|officer|"
    r"representative|programmer|tester|writer|editor|accountant|nurse|teacher|assistant|"
    r"researcher|technician|advisor|sre|devops|product owner|marketer|recruiter|"
    r"entwickler\w*|koordinator\w*|berater\w*|ingenieur\w*|leiter\w*|analista|desarrollador\w*|"
    r"ingeniero\w*|ingénieur\w*|développeur\w*|chargée?|responsable)\b",
    re.IGNORECASE,
)
ROLE_IN_TEXT = [
    re.compile(p)
    for p in (
        r"(?:position|role|job) of ([A-Za-zÀ-ÿ][\w /&,()+.-]{2,80}?)"
        r"(?= (?:at|with|in|from|for)\b|[.,;]|$)",
        r"\b(?:for|as|on) (?:the|a|an|our) ([A-Z][\w /&()+.-]{2,80}?) "
        r"(?:position|role|opening|job)\b",
        r"\bthe ([A-Z][\w /&()+.-]{2,80}?) (?:position|role|opening)\b",
        r"\b(?:for|to) ([A-Z][\w /&()+.-]{2,80}?) (?:position|role)\b",
        r"\bapplication to ([A-Z][\w /&()+-]{2,80}?),? at\b",
        r"\bposition ([A-Z][\w /&()+,.-]{2,80}?) (?:you|that you)\b",
        r"\b(?:Stelle|Position) (?:als )?([A-ZÄÖÜ][\w /&()+.-]{2,80}?) (?:in|bei|zu)\b",
        r"\bBewerbung als ([A-ZÄÖÜ][\w /&()+.-]{2,80}?)(?:\s|$)",
        r"\b(?:puesto|cargo) de ([A-ZÁÉÍÓÚ][\w /&()+.-]{2,80}?) en\b",
        r"\b(?:poste|rôle) de ([A-ZÀ-Ý][\w /&()+.-]{2,80}?) (?:chez|au sein|à)\b",
    )
]
ROLE_IN_SUBJECT = re.compile(r"(?:[-–|:]|\bfor|\bals|\bde)\s+([^-–|:]{3,100})$")
NAME = (
    r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+"
    r"(?:\s+(?:van |von |de |da |del |di |le |la )?[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+){1,2}"
)
PEOPLE_IN_TEXT = [
    re.compile(p)
    for p in (
        rf"\b(?:interview|interviews|call|chat|conversation|meet|meeting|speak|talk|screen)"
        rf"(?:ing)?\s+with\s+(?P<names>{NAME}(?:\s*(?:,|and|&)\s*{NAME})*)",
        rf"\binterviewers?\s*:\s*(?P<names>{NAME}(?:\s*(?:,|and|&)\s*{NAME})*)",
        rf"\b(?:mit|avec|con)\s+(?P<names>{NAME}(?:\s*(?:,|und|et|y)\s*{NAME})*)",
    )
]
NOT_NAME_WORDS = re.compile(
    r"\b(team|recruit\w*|engineer\w*|manager|director|hiring|interview\w*|phone|video|"
    r"software|systems|coordinator|technical|senior|office|company|group|inc|llc|gmbh|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december|time|zoom|teams|google|"
    r"microsoft|skype)\b",
    re.IGNORECASE,
)
WITH_NAMES = re.compile(rf"\bwith\s+(?P<names>{NAME}(?:\s*(?:,|and|&)\s*{NAME})*)")
ON_SITE = re.compile(r"\b(on-?site|in[- ]person|at our office|our office|visit us)\b", re.I)
PHONE = re.compile(r"\b(phone (interview|screen|call)|call you|by phone|telephone)\b", re.I)
VIDEO = re.compile(r"\b(video|zoom|teams|google meet|webex|skype)\b", re.I)


@dataclass
class Reading:
    """What a message says, as plain values; ``kind`` is one of InboxMessage.Kind."""

    kind: str = "other"
    company: str = ""
    role: str = ""
    starts_at: datetime | None = None  # UTC
    time_zone: str = ""  # as written in the message; "" when it named none
    duration_minutes: int | None = None
    format: str = ""
    location: str = ""
    meeting_url: str = ""
    round: str = ""
    people: list[dict] = field(default_factory=list)
    invite_uid: str = ""
    invite_sequence: int | None = None
    invite_method: str = ""
    calendar: bytes = b""
    # The message inside a forward, as it was written.
    sender_name: str = ""
    sender_email: str = ""
    subject: str = ""
    original_date: datetime | None = None
    original_message_id: str = ""
    thread_ids: tuple[str, ...] = ()
    body: str = ""
    language: str = "en"
    reason: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def sender_domain(self) -> str:
        return self.sender_email.rpartition("@")[2].lower()

    def as_suggestion(self) -> dict:
        return {
            "company": self.company,
            "role": self.role,
            "starts_at": self.starts_at.isoformat() if self.starts_at else "",
            "time_zone": self.time_zone,
            "duration_minutes": self.duration_minutes,
            "format": self.format,
            "location": self.location,
            "meeting_url": self.meeting_url,
            "round": self.round,
            "people": self.people,
            "invite_uid": self.invite_uid,
            "invite_sequence": self.invite_sequence,
            "language": self.language,
            "notes": self.notes,
        }


def read_message(
    mail: MailMessage,
    *,
    own_emails: tuple[str, ...] = (),
    zone: tzinfo = UTC,
    known_invites: dict[str, int] | None = None,
) -> Reading:
    """Reads one parsed message. ``own_emails`` are the person's addresses, ``zone`` their
    time zone (for times written without one), ``known_invites`` the UIDs they imported or
    were sent already, with the highest SEQUENCE seen (a higher one is a move)."""
    own = {e.lower() for e in own_emails if e}
    reading = Reading()
    original = _original(mail, own, reading)
    calendars = [*mail.calendars]
    for attached in _attached_chain(mail):
        calendars += attached.calendars
    if calendars:
        own |= {a.lower() for a in original_recipients(mail)}
        if _read_calendar(calendars, reading, own, zone, known_invites or {}):
            reading.body = reading.body or original
            _fill_from_text(reading, reading.body, zone, calendar=True)
            return reading
    _read_words(reading, original, zone)
    return reading


def _attached_chain(mail: MailMessage) -> list[MailMessage]:
    found = []
    stack = list(mail.attached)
    while stack:
        inner = stack.pop(0)
        found.append(inner)
        stack.extend(inner.attached)
    return found[:6]


def original_recipients(mail: MailMessage) -> tuple[str, ...]:
    recipients = list(mail.to)
    for inner in _attached_chain(mail):
        recipients += inner.to
    return tuple(recipients)


def _original(mail: MailMessage, own: set[str], reading: Reading) -> str:
    """The text that carries the news, and who sent it (into ``reading``)."""
    reading.subject = mail.subject
    reading.sender_name, reading.sender_email = mail.from_name, mail.from_email
    reading.original_date = mail.date
    reading.original_message_id = mail.message_id
    reading.thread_ids = (*mail.in_reply_to, *mail.references)
    text = mail.text
    from_self = mail.from_email in own
    forwarded = forwards.is_forward_subject(mail.subject) or from_self
    attached = _attached_chain(mail)
    if attached and (forwarded or len(text) < 400):
        inner = attached[-1] if attached[-1].text or attached[-1].calendars else attached[0]
        reading.subject = inner.subject or reading.subject
        reading.sender_name, reading.sender_email = inner.from_name, inner.from_email
        reading.original_date = inner.date or mail.date
        reading.original_message_id = inner.message_id
        reading.thread_ids = (*inner.in_reply_to, *inner.references)
        reading.body = inner.text
        return inner.text
    blocks = forwards.quoted_blocks(text)
    if blocks and (forwarded or forwards.has_forward_marker(text[: blocks[0].start + 200])):
        # A forward (of a forward…): the innermost block wrote the news.
        inner_block = blocks[-1]
        for block in reversed(blocks):
            if block.from_email and block.from_email not in own:
                inner_block = block
                break
        reading.sender_name = inner_block.from_name
        reading.sender_email = inner_block.from_email
        reading.subject = inner_block.subject or forwards.strip_subject(mail.subject)
        reading.original_date = _aware(inner_block.date(), mail.date) or mail.date
        reading.original_message_id = ""
        reading.body = text[inner_block.end :].strip()
        return reading.body
    if blocks:
        # A reply: its own words count, not the history it quotes.
        reading.body = forwards.new_text_of_reply(text, blocks)
        return reading.body
    reading.body = (
        forwards.new_text_of_reply(text, []) if forwards.is_reply_subject(mail.subject) else text
    )
    return reading.body


def _aware(value: datetime | None, reference: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=reference.tzinfo if reference and reference.tzinfo else UTC)
    return value


# --- A calendar part -----------------------------------------------------------------------

METHOD = re.compile(rb"^METHOD:\s*([A-Z-]+)", re.MULTILINE | re.IGNORECASE)
NOT_INVITES = {"REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"}
UPDATE_SUBJECT = re.compile(
    r"^\s*(updated? invitation|update|aktualisierte einladung|mise à jour|actualización)\b",
    re.IGNORECASE,
)


def _read_calendar(calendars, reading, own, zone, known) -> bool:
    """Reads the first calendar part that the invite import accepts. False if none is an
    event to import (the words are read instead)."""
    errors = []
    for data in calendars:
        found = METHOD.search(data[:4096])
        method = found.group(1).decode("ascii", "replace").upper() if found else ""
        if method in NOT_INVITES:
            reading.kind = "other"
            reading.invite_method = method
            reading.reason = (
                "This is an answer to an invitation (someone accepted, declined or proposed "
                "another time), not an invitation: nothing to change."
            )
            return True
        try:
            invite = read_invite(data, own_emails=tuple(own), zone=zone)
        except InviteError as error:
            errors.append(str(error))
            continue
        _from_invite(reading, invite, method, known)
        reading.calendar = data
        return True
    if errors:
        reading.notes.append("The calendar attachment could not be read: " + errors[0])
    return False


def _from_invite(reading: Reading, invite: Invite, method: str, known: dict[str, int]) -> None:
    reading.invite_uid = invite.uid
    reading.invite_sequence = invite.sequence
    reading.invite_method = method or "REQUEST"
    if invite.cancelled:
        reading.kind = "cancel"
    elif (invite.uid in known and invite.sequence > known[invite.uid]) or (
        invite.sequence > 0 and UPDATE_SUBJECT.match(forwards.strip_subject(reading.subject))
    ):
        reading.kind = "reschedule"
    else:
        reading.kind = "invite"
    reading.starts_at = invite.starts_at
    reading.time_zone = invite.time_zone
    reading.duration_minutes = invite.duration_minutes
    reading.location = invite.location
    reading.meeting_url = invite.meeting_url
    reading.format = invite.format
    reading.round = invite.round
    names: set[str] = set()
    for person in invite.people[:12]:
        if person.absent:  # declined or delegated: not someone they met
            continue
        if person.name.lower() not in names:
            names.add(person.name.lower())
            reading.people.append({"name": person.name, "email": person.email})
    domain = company_domain(invite)
    about = _about_an_interview(f"{invite.summary} {reading.subject}")
    if about and domain and not _is_service(domain):
        reading.company = company_name_from_domain(domain)
    if _about_an_interview(invite.summary):
        reading.role = _role_from_title(invite.role, reading.company)
    reading.notes += list(invite.notes)


def _about_an_interview(text: str) -> bool:
    return any(any(p.search(text) for p in lang.interview_words) for lang in languages().values())


def _role_from_title(title: str, company: str) -> str:
    for lang in languages().values():
        for pattern in lang.interview_words:
            title = pattern.sub(" ", title)
    if company:
        title = re.sub(re.escape(company), " ", title, flags=re.IGNORECASE)
    title = re.sub(r"\s*[-–|:/]\s*(?=[-–|:/]|$)", " ", title)
    title = " ".join(title.split()).strip(" -–|:/,")
    return title[:200] if ROLE_WORDS.search(title) else ""


# --- The words -----------------------------------------------------------------------------


def _read_words(reading: Reading, text: str, zone: tzinfo) -> None:
    subject = forwards.strip_subject(reading.subject)
    language = language_of(f"{subject}\n{text}")
    reading.language = language.code
    reading.kind = _kind(language, subject, text, reading)
    _fill_from_text(reading, text, zone, calendar=False)
    if (
        reading.kind == "invite"
        and reading.starts_at is None
        and language.matches("scheduling_request", text)
    ):
        reading.kind = "scheduling_request"
    if reading.kind not in {"invite", "reschedule", "cancel"}:
        reading.time_zone = ""
        if reading.kind != "reschedule":
            reading.starts_at = None
    if reading.kind == "other":
        reading.reason = (
            "This email does not read like news about an application (an invitation, a "
            "move, a rejection, an offer): nothing to change."
        )


def _kind(language: Language, subject: str, text: str, reading: Reading) -> str:
    english = languages()["en"]
    candidates = [language] if language is english else [language, english]
    if forwards.is_reply_subject(reading.subject) and len(text) < 300:
        for lang in candidates:
            if lang.matches("thank_you_reply", text):
                return "thank_you_reply"
    words = f"{subject}\n{text}"
    for kind in KIND_ORDER:
        haystack = text if kind in {"rejection", "offer", "next_round"} else words
        if any(lang.matches(kind, haystack) for lang in candidates):
            if kind == "invite" and not _mentions_interview(words, candidates):
                continue
            return kind
    return "other"


def _mentions_interview(text: str, candidates: list[Language]) -> bool:
    return any(any(p.search(text) for p in lang.interview_words) for lang in candidates)


def _fill_from_text(reading: Reading, text: str, zone: tzinfo, *, calendar: bool) -> None:
    subject = forwards.strip_subject(reading.subject)
    about_interview = not calendar or _about_an_interview(f"{subject}\n{text[:3000]}")
    if not reading.company and about_interview:
        reading.company = company_from_words(
            subject=subject,
            text=text,
            sender_name=reading.sender_name,
            sender_email=reading.sender_email,
        )
    if calendar:
        return
    if not reading.role:
        reading.role = role_from_words(subject, text)
    if reading.kind in {"invite", "reschedule", "cancel", "scheduling_request", "next_round"}:
        _when(reading, text, zone)
        reading.people = people_from_words(text)
        reading.meeting_url = meeting_link(text)
        reading.duration_minutes = duration_from_words(text)
        if reading.meeting_url or VIDEO.search(text):
            reading.format = "video"
        elif PHONE.search(f"{subject} {text}"):
            reading.format = "phone"
        elif ON_SITE.search(f"{subject} {text}"):
            reading.format = "in_person"
        lowered = f"{subject} {text[:600]}".lower()
        reading.round = next((label for word, label in ROUND_WORDS if word in lowered), "")
    elif reading.kind == "offer":
        reading.people = people_from_words(text)


# --- When --------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    flat = " ".join(PLACEHOLDER.sub(" ", text).split())
    return [s for s in re.split(r"(?<=[^\d\s][.!?])\s+(?=[A-Z\d])", flat) if s]


def _when(reading: Reading, text: str, zone: tzinfo) -> None:
    found = dates_in_words(text, language=reading.language, base=reading.original_date)
    if reading.original_date is not None:
        # A date long before the email was sent is history ("your interview on 12 March").
        earliest = reading.original_date.replace(tzinfo=None) - timedelta(days=1)
        found = [f for f in found if f[1] >= earliest]
    if not found:
        reading.time_zone = places.zone_in_text(text)
        return
    _phrase, local, after = found[-1] if reading.kind == "reschedule" else found[0]
    named = places.zone_near(after) or places.zone_in_text(text)
    reading.time_zone = named
    where = ZoneInfo(named) if named else zone
    reading.starts_at = local.replace(tzinfo=where).astimezone(UTC)
    if not named:
        reading.notes.append("The email gives no time zone; the time is read as yours. Check it.")


def dates_in_words(
    text: str, *, language: str = "en", base: datetime | None = None
) -> list[tuple[str, datetime, str]]:
    """(the words, the local date and time they name, the text right after) for each date
    with a time of day in the text, in order. Only sentences with a time are searched, and
    at most 20 of them: dateparser is thorough, and hostile text is long."""
    settings = {
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day"],
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base.replace(tzinfo=None)
    langs = [language] if language == "en" else [language, "en"]
    results = []
    searched = 0
    for sentence in sentences(text[:20_000]):
        if not TIME.search(sentence):
            continue
        searched += 1
        if searched > 20:
            break
        try:
            found = search_dates(sentence[:400], languages=langs, settings=settings) or []
        except Exception:  # dateparser's own errors on odd input: no date here
            continue
        for phrase, value in found:
            if TIME.search(phrase) and _names_a_day(phrase) and 1990 < value.year < 2200:
                end = sentence.find(phrase) + len(phrase)
                results.append((phrase, value, sentence[end : end + 100]))
    return results


def _names_a_day(phrase: str) -> bool:
    """A date, not only a time: a word other than at/on/um, or digits like 4.3. or 2024."""
    words = re.findall(r"[^\W\d_]+", phrase)
    meaningful = [w for w in words if w.lower() not in _TIME_ONLY]
    return bool(meaningful) or bool(re.search(r"\d{1,2}[./-]\d{1,2}|\d{4}", phrase))


_TIME_ONLY = {"at", "on", "um", "am", "pm", "a", "p", "m", "uhr", "noon", "midday", "h", "à"}


def duration_from_words(text: str) -> int | None:
    for match in DURATION.finditer(text[:5000]):
        number = float(match.group(1).replace(",", "."))
        minutes = number * 60 if match.group(2).lower().startswith(("h",)) else number
        if 5 <= minutes <= 720:
            return int(minutes)
    return None


# --- Who ---------------------------------------------------------------------------------


def people_from_words(text: str) -> list[dict]:
    found: list[dict] = []
    flat = " ".join(PLACEHOLDER.sub(" ", text[:20_000]).split())
    matches = [m for pattern in PEOPLE_IN_TEXT for m in pattern.finditer(flat)]
    for sentence in sentences(flat):
        if _about_an_interview(sentence):
            matches += list(WITH_NAMES.finditer(sentence))
    for match in matches:
        for name in re.split(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b)\s*", match["names"]):
            name = name.strip()
            if (
                len(name.split()) >= 2
                and not NOT_NAME_WORDS.search(name)
                and all(p["name"] != name for p in found)
            ):
                found.append({"name": name[:150], "email": ""})
    return found[:12]


def meeting_link(text: str) -> str:
    for line in text.split("\n"):
        for match in URL.finditer(line):
            url = match.group(0).rstrip(".,;>)")
            host = url.split("/", 3)[2].split("@")[-1].split(":")[0].lower()
            if any(host.startswith(h) or h in host for h in NOT_MEETING_HOSTS):
                continue
            if any(host == h or host.endswith("." + h) for h in (*MEETING_HOSTS, "skype.com")):
                return url[:500]
            if host.startswith("meet.") or MEETING_WORDS.search(line):
                return url[:500]
    return ""


# --- Which company -----------------------------------------------------------------------


def fold_key(text: str) -> str:
    """What two spellings of one company share: accents, case, legal form and punctuation
    gone ("Ejemplo Analítica S.L." ~ "ejemplo-analitica")."""
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()
    text = re.sub(
        r"\b(inc|llc|ltd|gmbh|ag|plc|corp|corporation|co|s\.?l|s\.?a|sas|bv|e\.?v)\b\.?", "", text
    )
    return "".join(ch for ch in text if ch.isalnum())


def _is_service(domain: str) -> bool:
    domain = domain.lower()
    return any(domain == d or domain.endswith("." + d) for d in SERVICE_DOMAINS)


def company_from_words(*, subject: str, text: str, sender_name: str, sender_email: str) -> str:
    """The company an email is from: names found in the text, the subject, the signature
    and the sender's display name, preferring one that agrees with the sender's domain,
    then with the links' domains; a name made from the domain if nothing else."""
    domain = sender_email.rpartition("@")[2].lower()
    domain_key = "" if not domain or _is_service(domain) else fold_key(domain_label(domain))
    link_keys = _link_keys(text)
    candidates: list[tuple[float, str]] = []

    def add(name: str, weight: float, *, trim: bool = False) -> None:
        name = _clean_company(name)
        if domain_key:
            name = _trim_to(name, domain_key, hard=trim)
        if not name:
            return
        key = fold_key(name)
        score = weight
        if domain_key and (key.startswith(domain_key) or domain_key.startswith(key)):
            score += 3
        elif any(key == k or key.startswith(k) or k.startswith(key) for k in link_keys):
            score += 2
        candidates.append((score + min(len(name), 40) / 100, name))

    flat = " ".join(PLACEHOLDER.sub(" ", text[:20_000]).split())
    for pattern in COMPANY_IN_TEXT:
        for match in pattern.finditer(flat):
            add(match.group(1), 2)
    for pattern in COMPANY_IN_SUBJECT:
        for match in pattern.finditer(subject):
            add(match.group(1), 2, trim=True)
    for line in _signature(text):
        for piece in re.split(r"\s*[,|]\s*", line):
            if LEGAL_SUFFIX.search(piece.strip()):
                add(piece, 2.5)
    display = SENDER_WORDS.sub(" ", sender_name)
    if " ".join(display.split()) and not _looks_like_a_person(sender_name, sender_email):
        add(display, 1.5, trim=True)
    if not candidates:
        if domain_key:
            return company_name_from_domain(domain)
        for _link_key, name in _link_names(text):
            return name
        return ""
    candidates.sort(reverse=True)
    return candidates[0][1]


def _trim_to(name: str, domain_key: str, *, hard: bool) -> str:
    """ "Apptio Availability Request" from apptio.com → "Apptio"; a legal form or a word
    like "Technologies" after it stays ("WatchGuard Technologies"). Not ``hard`` (a name
    from a sentence), the words after stay too, unless a sentence ended before them."""
    words = name.split()
    for end in range(1, len(words) + 1):
        if fold_key(" ".join(words[:end])) == domain_key:
            while end < len(words) and LEGAL_FORM.fullmatch(words[end].strip(".,")):
                end += 1
            if not hard and end < len(words) and not words[end - 1].endswith("."):
                return name
            return " ".join(words[:end]).strip(" ,")
    return name


def _clean_company(name: str) -> str:
    name = PLACEHOLDER.sub(" ", name)
    name = " ".join(name.split()).strip(" .,;:!?'\"’-–")
    name = re.sub(r"\s+(is|are|has|have|was|will|we|team|recruiting)$", "", name, flags=re.I)
    name = re.sub(r"\s+X{2,}$", "", name)
    words = name.split()
    while words and words[0].lower() in NOT_COMPANIES:
        words = words[1:]
    while words and words[-1].lower() in NOT_COMPANIES:
        words = words[:-1]
    name = " ".join(words)
    if (
        not name
        or len(name) > 80
        or name.lower() in NOT_COMPANIES
        or re.fullmatch(r"X+\b.*", name)
        or (ROLE_WORDS.search(name) and not LEGAL_SUFFIX.search(name))
    ):
        return ""
    return name


def _looks_like_a_person(name: str, email: str) -> bool:
    """ "Marta Ruiz <seleccion@…>" is a person, not the company; "Apptio Recruiting" is not."""
    words = name.split()
    if not (2 <= len(words) <= 3) or SENDER_WORDS.search(name):
        return False
    local = email.partition("@")[0].lower()
    folded = fold_key(name)
    return any(fold_key(w) and fold_key(w) in local for w in words) or (
        bool(re.fullmatch(NAME, name))
        and not folded.startswith(fold_key(domain_label(email.rpartition("@")[2]) or "-"))
    )


def _signature(text: str) -> list[str]:
    lines = [line.strip(" ~-–") for line in text.strip().split("\n") if line.strip(" ~-–")]
    return lines[-4:]


def _link_names(text: str) -> list[tuple[str, str]]:
    found = []
    for match in URL.finditer(text[:20_000]):
        url = match.group(0)
        for pattern, group in ATS_LINKS:
            hit = pattern.match(url)
            if hit:
                slug = hit.group(group)
                found.append((fold_key(slug), company_name_from_domain(slug + ".com")))
                break
        else:
            host = url.split("/", 3)[2].split("@")[-1].split(":")[0].lower()
            if (
                host
                and not _is_service(host)
                and not any(host == h or host.endswith("." + h) for h in MEETING_HOSTS)
            ):
                label = domain_label(host)
                if label:
                    found.append((fold_key(label), company_name_from_domain(host)))
    return found


def _link_keys(text: str) -> set[str]:
    return {key for key, _ in _link_names(text) if key}


# --- Which role ------------------------------------------------------------------------


def role_from_words(subject: str, text: str) -> str:
    flat = " ".join(PLACEHOLDER.sub(" ", text[:20_000]).split())
    for pattern in ROLE_IN_TEXT:
        for match in pattern.finditer(flat):
            role = _clean_role(match.group(1))
            if role:
                return role
    found = ROLE_IN_SUBJECT.search(PLACEHOLDER.sub(" ", subject))
    if found:
        role = _clean_role(found.group(1))
        if role and ROLE_WORDS.search(role):
            return role
    return ""


def _clean_role(role: str) -> str:
    role = " ".join(role.split()).strip(" .,;:-–|")
    role = re.sub(r"\s+X{2,}$", "", role)
    role = re.sub(r"^(the|a|an|our)\s+", "", role, flags=re.IGNORECASE)
    if (
        not role
        or len(role) > 120
        or any(any(p.search(role) for p in lang.interview_words) for lang in languages().values())
    ):
        return ""
    if not ROLE_WORDS.search(role) and not role[:1].isupper():
        return ""
    if not ROLE_WORDS.search(role) and len(role.split()) > 4:
        return ""
    return role[:200]
