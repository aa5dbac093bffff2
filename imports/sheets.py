"""Spreadsheets and other trackers' exports: read, recognise, preview, commit.

Reading uses kept libraries: ``openpyxl`` for XLSX (read-only, streaming, formulas never
evaluated), ``charset-normalizer`` to tell cp1252 from UTF-8 when no byte order mark says,
the standard ``csv`` module (with its ``Sniffer`` for the separator) for CSV and Excel's
"Unicode Text", and ``dateparser`` for dates typed in words or other languages.

``tablib`` / ``django-import-export`` were considered for the preview: they load the whole
sheet into memory and their preview is the admin's, keyed by model fields, with no place for
a person's per-row problems or presets that turn a tracker's statuses into our outcomes. The
rows here go through a small mapping of our own (header synonyms, presets, status words)
instead, and are kept as ``ImportRow`` rows the preview pages through.

Every row becomes one of: ``create`` (a new application), ``merge`` (one like it is
already in the account: nothing added), ``duplicate`` (an earlier row of the file is the
same job), ``lead`` (saved or evaluated, never applied: not an application), ``empty`` (a
blank or placeholder row), ``invalid`` (something must be fixed or the row skipped).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts.models import EMAIL_MAX_CHARS, NAME_MAX_CHARS
from common.limits import LONG_TEXT_MAX_CHARS
from interviews.models import (
    CLOSED_OUTCOMES,
    COMPANY_NAME_MAX_CHARS,
    POSTING_URL_MAX_CHARS,
    ROLE_MAX_CHARS,
    ROUND_MAX_CHARS,
    TITLE_MAX_CHARS,
    Application,
    Company,
    Contact,
    Interview,
    Outcome,
)
from interviews.services import company_for_name, contact_create
from interviews.signals import send_interview_changed
from reminders.models import Reminder

MAX_ROWS = 50_000
# A compressed file may hold at most this much once opened (a zip bomb stops here).
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
# How many cells of one row are kept (a row of a thousand columns is not a tracker).
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
CHUNK = 500

# Our fields a column can be mapped to, in the order the preview offers them.
FIELDS = {
    "company": "Company",
    "role": "Role",
    "posting_url": "Posting link",
    "applied_on": "Date applied",
    "status": "Status",
    "notes": "Notes",
    "location": "Location",
    "applied": "Applied? (yes/no)",
    "interviewed": "Interviewed? (yes/no)",
    "interview_on": "Interview date",
    "interview_time": "Interview time",
    "round": "Interview round or stage",
    "interview_format": "Interview type (video, phone, in person)",
    "interviewer": "Interviewer",
    "contact_name": "Contact (name / title)",
    "contact_email": "Contact's e-mail or phone",
    "offer": "Offer? (yes/no)",
    "response": "Response",
    "archived": "Archived? (yes/no)",
    "source_id": "Tracker's id",
    "created": "Added on",
    "": "(not imported)",
}

# Header words → field. Headers are compared lower-case with everything but letters and
# digits taken out ("Role/Title" → "roletitle").
SYNONYMS = {
    "company": [
        "company",
        "companyname",
        "company name",
        "employer",
        "organisation",
        "organization",
        "firma",
        "unternehmen",
        "arbeitgeber",
        "entreprise",
        "empresa",
        "bedrijf",
    ],
    "role": [
        "role",
        "title",
        "jobtitle",
        "roletitle",
        "position",
        "jobposition",
        "positiontitle",
        "job",
        "stelle",
        "stellenbezeichnung",
        "poste",
        "puesto",
        "functie",
    ],
    "posting_url": [
        "url",
        "joburl",
        "joblink",
        "link",
        "posting",
        "postingurl",
        "joblisting",
        "listing",
        "stellenanzeige",
        "anzeige",
        "lien",
    ],
    "applied_on": [
        "dateapplied",
        "applicationdate",
        "applieddate",
        "appliedon",
        "beworbenam",
        "bewerbungsdatum",
        "date",
        "datum",
        "fecha",
        "dateofapplication",
    ],
    "status": ["status", "stage", "listname", "state", "statut", "estado", "pipeline"],
    "notes": ["notes", "note", "notizen", "bemerkungen", "comments", "comment", "remarks"],
    "location": ["location", "locationremote", "ort", "standort", "city", "lieu"],
    "applied": ["applied"],
    "interviewed": ["interview", "interviewed"],
    "interview_on": [
        "interviewdate",
        "interviewon",
        "dateofinterview",
        "interviewdatetime",
        "gesprächstermin",
        "interviewtermin",
        "vorstellungsgespräch",
    ],
    "interview_time": ["interviewtime", "uhrzeit", "time"],
    "round": ["interviewround", "interviewstage", "round", "runde"],
    "interview_format": ["interviewtype", "interviewformat"],
    "interviewer": ["interviewername", "interviewer", "interviewers", "interviewwith"],
    "contact_name": [
        "contactname",
        "contactnametitle",
        "contact",
        "contactperson",
        "recruiter",
        "recruitername",
        "pointofcontact",
        "hiringmanager",
        "ansprechpartner",
    ],
    "contact_email": [
        "contactemail",
        "contactinfophoneemail",
        "contactinfo",
        "contactdetails",
        "recruiteremail",
        "kontakt",
    ],
    "offer": ["offer"],
    "response": ["responseandfeedback", "response", "feedback", "rückmeldung"],
    "archived": ["archived"],
    "source_id": ["id"],
    "created": ["createdat", "saveddate", "created", "dateadded", "added"],
}
_HEADER_FIELD = {word.replace(" ", ""): name for name, words in SYNONYMS.items() for word in words}

# Statuses, lower-case, of every tracker we know: LinkedIn has none, Huntr's list names,
# Teal's, JobSync's, Simplify's, career-ops', and the words people type (English, German).
LEAD = "lead"
STATUS_WORDS = {
    LEAD: [
        "saved",
        "wishlist",
        "bookmarked",
        "draft",
        "evaluated",
        "discarded",
        "skip",
        "to apply",
        "interested",
        "planned",
        "not applied",
        "n/a",
        "gemerkt",
        "vorgemerkt",
    ],
    Outcome.AWAITING: [
        "applied",
        "waiting",
        "submitted",
        "pending",
        "awaiting",
        "in progress",
        "sent",
        "application sent",
        "under review",
        "beworben",
        "offen",
        "responded",
    ],
    Outcome.NEXT_ROUND: [
        "interview",
        "interviewing",
        "phone screen",
        "screen",
        "screening",
        "onsite",
        "on-site",
        "technical",
        "assessment",
        "next round",
        "final round",
        "oa",
        "vorstellungsgespräch",
        "gespräch",
        "einladung",
    ],
    Outcome.OFFER: ["offer", "offered", "offer received", "angebot"],
    Outcome.ACCEPTED: ["accepted", "offer accepted", "hired", "signed", "zusage", "angenommen"],
    Outcome.REJECTED: [
        "rejected",
        "rejection",
        "declined by company",
        "not selected",
        "no",
        "absage",
        "abgelehnt",
        "turned down",
    ],
    Outcome.WITHDRAWN: [
        "withdrawn",
        "withdrew",
        "offer declined",
        "declined",
        "zurückgezogen",
        "retracted",
    ],
    Outcome.NO_RESPONSE: [
        "ghosted",
        "no response",
        "no reply",
        "expired",
        "archived",
        "keine rückmeldung",
        "keine antwort",
        "closed",
    ],
}
_STATUS = {word: outcome for outcome, words in STATUS_WORDS.items() for word in words}
TRUE_WORDS = {"true", "yes", "y", "ja", "x", "1", "✓", "✔", "oui", "sí", "si"}
FALSE_WORDS = {"false", "no", "n", "nein", "0", "non"}
# Values that mean "nothing here" in trackers' exports and templates.
EMPTY_WORDS = {"", "-", "—", "n/a", "na", "none", "null", "blank", "none yet", "tbd"}

# Presets: a tracker recognised by its headers (all of them present, compared as above).
PRESETS = [
    ("LinkedIn job applications", {"applicationdate", "joburl", "questionandanswers"}, {}),
    ("LinkedIn saved jobs", {"saveddate", "joburl", "jobtitle"}, {"all_leads": True}),
    ("Huntr", {"listname", "boardname", "companyname"}, {}),
    ("JobSync", {"jobtitle", "applieddate", "applied", "jobsource"}, {}),
    ("Simplify", {"statusdate", "archived", "companyname"}, {}),
    ("Teal", {"jobposition", "companyname", "status"}, {}),
    ("career-ops", {"score", "status", "report", "company", "role"}, {}),
    ("Afterview template", {"company", "roletitle", "dateapplied", "responseandfeedback"}, {}),
]


class SheetUnreadable(Exception):
    """The file cannot be read as a table; the message says why, for a person."""


# Opens the upload afresh, as bytes: a file is read in passes (first its header, size and
# date orders; then its rows), never held whole in memory.
Opener = Callable[[], BinaryIO]


@dataclass
class Table:
    headers: list[str]
    open_rows: Callable[[], Iterator[list[str]]]  # every row of the file, from the top
    source: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    header_at: int = 0  # the header's index among the rows
    last_row: int = 0  # the line number of the last row that is not empty
    total: int = 0  # data rows up to it
    day_first: dict[str, bool] = field(default_factory=dict)
    votes: DateVotes | None = None

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number as a person counts, cells) of each data row, read now."""
        for index, cells in enumerate(self.open_rows()):
            number = index + 1
            if number <= self.header_at + 1:
                continue
            if number > self.last_row:
                break
            yield number, [c[:MAX_CELL_CHARS] for c in cells[:MAX_COLUMNS]]


def _key(header: str) -> str:
    return re.sub(r"[^0-9a-zäöüß]", "", header.lower())


# ---------------------------------------------------------------------------------------
# Reading bytes into rows of text


class _Capped(io.RawIOBase):
    """A stream that stops with a clear message past ``limit`` bytes (a zip bomb, a .gz
    that unpacks to gigabytes), and says a damaged archive is damaged."""

    def __init__(self, stream, limit: int = MAX_UNPACKED_BYTES):
        self.stream, self.limit, self.count = stream, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self.stream.read(len(buffer))
        except (OSError, EOFError, zipfile.BadZipFile) as error:
            raise SheetUnreadable("This archive is damaged and cannot be opened.") from error
        self.count += len(data)
        if self.count > self.limit:
            raise SheetUnreadable(
                f"Unpacked, this file is larger than {self.limit // 2**20} MB; "
                "split it into smaller files."
            )
        buffer[: len(data)] = data
        return len(data)


def _buffered(stream) -> BinaryIO:
    return io.BufferedReader(_Capped(stream), buffer_size=256 * 1024)


def file_opener(path: str) -> Opener:
    """Opens the file at ``path`` afresh each time (the reader reads it in passes)."""

    def opener() -> BinaryIO:
        return open(path, "rb")

    return opener


def _encoding(opener: Opener) -> str:
    """The text encoding of CSV bytes: a byte order mark decides; else UTF-8 if every byte
    reads as UTF-8 (checked as the file streams by); else the best guess of
    ``charset-normalizer`` from the bytes around the first that does not (Excel on
    Windows writes cp1252)."""
    with opener() as stream:
        head = stream.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        if head.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        chunk = head
        while chunk:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                bad = offset + error.start
                break
            offset += len(chunk)
            chunk = stream.read(1024 * 1024)
        else:
            return "utf-8"
    from charset_normalizer import from_bytes

    with opener() as stream:
        stream.read(max(0, bad - 1000))
        sample = stream.read(200_000)
    best = from_bytes(sample, cp_isolation=["cp1252", "utf_8", "latin_1", "cp1250"]).best()
    return best.encoding if best is not None else "cp1252"


def _text(opener: Opener, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(opener(), encoding=encoding, errors="replace", newline="")


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    return "\x00" in sample or sum(ch < " " and ch not in "\r\n\t" for ch in sample) > 10


def _dialect(sample: str) -> tuple[Any, str]:
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    # A file with one column sniffs oddly; the separator most used on line one wins then.
    first = sample.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in ",;\t"}
    best = max(counts, key=lambda sep: counts[sep])
    if counts[best] and first.count(dialect.delimiter) < counts[best]:
        return csv.excel, best
    return dialect, dialect.delimiter


def _text_rows(opener: Opener, *, markdown: bool | None = None) -> Callable[[], Iterator]:
    """Rows of a CSV (any separator, Excel's "Unicode Text") or a markdown table, read as
    the file streams by. Refuses a file that is not text."""
    encoding = _encoding(opener)
    with _text(opener, encoding) as text:
        sample = text.read(64_000)
    if _looks_binary(sample):
        raise SheetUnreadable("This file is not a spreadsheet or a CSV file.")
    if markdown is None:
        markdown = re.match(r"^(#[^\n]*\n|\s*\n)*\s*\|", sample) is not None
    if markdown:
        return lambda: _markdown_rows(_text(opener, encoding))
    dialect, delimiter = _dialect(sample)

    def rows() -> Iterator[list[str]]:
        with _text(opener, encoding) as text:
            try:
                yield from csv.reader(text, dialect, delimiter=delimiter)
            except csv.Error as error:
                raise SheetUnreadable(f"This CSV file is damaged: {error}.") from error

    return rows


def _markdown_rows(text: io.TextIOWrapper) -> Iterator[list[str]]:
    with text:
        for line in text:
            line = line.strip()
            if not line.startswith("|"):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue  # the |---|---| line under the header
            yield cells


_HYPERLINK = re.compile(r"^=\s*HYPERLINK\((.*)\)\s*$", re.I | re.S)


def _hyperlink(value: str) -> tuple[str, str] | None:
    """(link, label) of a ``=HYPERLINK(link, label)`` cell, read as text, never run; the
    link only when it is one plain string (not built from other cells)."""
    match = _HYPERLINK.match(value.strip())
    if not match:
        return None
    quoted = re.findall(r'"((?:[^"]|"")*)"', match[1])
    if not quoted:
        return None
    plain = re.fullmatch(r'\s*"[^"]*"\s*(?:[,;].*)?', match[1], re.S) is not None
    link = quoted[0] if plain else ""
    label = quoted[-1] if len(quoted) > 1 else quoted[0]
    return link, label.replace('""', '"')


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):  # a date cell: Excel keeps dates as midnight
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(opener: Opener, options: dict[str, Any]) -> Callable[[], Iterator[list[str]]]:
    """The first sheet's rows as text, streamed (openpyxl's read-only mode; formulas are
    read as their text, never run). How a column displays its real dates (dd/mm/yyyy or
    m/d/yyyy) goes into ``options["column_day_first"]``, so a date typed as text in the
    same column is read the same way."""
    from openpyxl import load_workbook

    def rows() -> Iterator[list[str]]:
        try:
            book = load_workbook(opener(), read_only=True, data_only=False)
        except SheetUnreadable:
            raise
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            raise SheetUnreadable(
                "This file is not a readable Excel workbook (.xlsx); save it again from "
                "your spreadsheet, or as CSV."
            ) from error
        sheet = book.worksheets[0]  # the first sheet holds the data; others are lists
        blank_run = 0
        hints: dict[str, bool] = options.setdefault("column_day_first", {})
        try:
            for row in sheet.iter_rows():
                cells = []
                for index, cell in enumerate(row[:MAX_COLUMNS]):
                    value = getattr(cell, "value", None)
                    if isinstance(value, datetime) and str(index) not in hints:
                        shown = re.sub(r"\[.*?\]|\"[^\"]*\"", "", str(cell.number_format))
                        shown = shown.lower()
                        if "d" in shown and "m" in shown:
                            hints[str(index)] = shown.index("d") < shown.index("m")
                    cells.append(_xlsx_cell(value))
                if any(c.strip() for c in cells):
                    blank_run = 0
                else:
                    blank_run += 1
                    if blank_run > 200:  # formatted down to row 1000: the data has ended
                        break
                yield cells
        finally:
            book.close()

    return rows


JOBSYNC_REFUSED = (
    "This JobSync backup cannot be read ({why}). Export your jobs from JobSync's job list "
    "as CSV instead (Jobs → Export), and upload that file."
)


def _jobsync_backup_rows(data: bytes) -> Iterator[list[str]]:
    """JobSync's backup (a zip with manifest.json and data.json, as its backup schema
    writes it) as the rows of a table: one row per job, its company, title, location and
    source looked up by id, its status from ``statusValue``, its notes joined, its first
    interview as the round and the contacts of its interviews as the interviewers."""
    try:
        backup = json.loads(data)
        jobs = backup["Job"]
        by_id = {
            group: {row["id"]: row for row in backup.get(group) or []}
            for group in ("Company", "JobTitle", "Location", "JobSource")
        }
        notes: dict[str, list[str]] = {}
        for note in backup.get("Note") or []:
            notes.setdefault(note["jobId"], []).append(str(note.get("content") or ""))
        interviews: dict[str, list[dict]] = {}
        for interview in sorted(backup.get("Interview") or [], key=lambda i: i["createdAt"]):
            interviews.setdefault(interview["jobId"], []).append(interview)
        contacts: dict[str, list[dict]] = {}
        for contact in backup.get("Contact") or []:
            contacts.setdefault(contact.get("interviewId") or "", []).append(contact)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise SheetUnreadable(
            JOBSYNC_REFUSED.format(why="its data.json is not as expected")
        ) from error
    if not isinstance(jobs, list):
        raise SheetUnreadable(JOBSYNC_REFUSED.format(why="it holds no list of jobs"))

    def label(group: str, key: Any) -> str:
        found = by_id[group].get(key) if isinstance(key, str) else None
        return str(found.get("label") or "") if isinstance(found, dict) else ""

    yield [
        "Company", "Job Title", "Job URL", "Applied Date", "Applied", "Status", "Location",
        "Notes", "Interview Date", "Interviewer", "Contact Name", "Contact Email", "Created At",
    ]  # fmt: skip
    for job in jobs:
        if not isinstance(job, dict):
            continue
        rounds = interviews.get(job.get("id") or "", [])
        people = [c for r in rounds for c in contacts.get(r["id"], [])]
        extra = [f"Also an interview on {r['createdAt'][:10]}." for r in rounds[1:]]
        yield [
            label("Company", job.get("companyId")),
            label("JobTitle", job.get("jobTitleId")),
            str(job.get("jobUrl") or ""),
            str(job.get("appliedDate") or ""),
            "Yes" if job.get("applied") else "No",
            str(job.get("statusValue") or "").replace("-", " "),
            label("Location", job.get("locationId")),
            "\n".join([*notes.get(job.get("id") or "", []), *extra]),
            str(rounds[0]["createdAt"]) if rounds else "",
            "; ".join(str(c.get("name") or "") for c in people if rounds),
            str(people[0].get("name") or "") if people else "",
            str(people[0].get("email") or "") if people else "",
            str(job.get("createdAt") or ""),
        ]


def _zip_rows(opener: Opener) -> tuple[Callable[[], Iterator], str, dict[str, Any]]:
    try:
        archive = zipfile.ZipFile(opener())
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise SheetUnreadable("This .zip file is damaged and cannot be opened.") from error
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise SheetUnreadable("Unpacked, this archive is too large; export less at once.")
    names = [info.filename for info in members]
    by_tail = {name.rsplit("/", 1)[-1].lower(): name for name in names}

    def member(name: str) -> Opener:
        return lambda: _buffered(zipfile.ZipFile(opener()).open(name))

    if {"manifest.json", "data.json"} <= set(by_tail):  # JobSync's backup (Settings → Export)
        with member(by_tail["data.json"])() as stream:
            data = stream.read()
        return lambda: _jobsync_backup_rows(data), "JobSync backup", {}
    if "job applications.csv" in by_tail:  # LinkedIn's "Get a copy of your data"
        saved = by_tail.get("saved jobs.csv")
        skipped = 0
        if saved:
            skipped = max(0, sum(1 for _ in _text_rows(member(saved), markdown=False)()) - 1)
        rows = _text_rows(member(by_tail["job applications.csv"]), markdown=False)
        return rows, "LinkedIn data export", {"saved_jobs": skipped}
    tables = [n for n in names if n.lower().endswith((".csv", ".xlsx"))]
    if len(tables) == 1:
        if tables[0].lower().endswith(".xlsx"):
            options: dict[str, Any] = {}
            return _xlsx_rows(member(tables[0]), options), "", options
        return _text_rows(member(tables[0]), markdown=False), "", {}
    raise SheetUnreadable(
        "This archive holds no spreadsheet we can read (we read LinkedIn's data export, "
        "or a .zip with one CSV or XLSX file)."
    )


def _rows_of(filename: str, opener: Opener) -> tuple[Callable[[], Iterator], str, dict[str, Any]]:
    name = filename.lower()
    with opener() as stream:
        head = stream.read(8)
    if name.endswith(".gz") or head[:2] == b"\x1f\x8b":
        packed = opener
        opener = lambda: _buffered(gzip.GzipFile(fileobj=packed()))  # noqa: E731
        name = name.removesuffix(".gz")
        with opener() as stream:
            head = stream.read(8)
    if not head.strip():
        with opener() as stream:
            if not stream.read(64 * 1024).strip():
                raise SheetUnreadable("This file is empty.")
    if head[:4] == b"PK\x03\x04":
        if name.endswith(".zip"):
            return _zip_rows(opener)
        options: dict[str, Any] = {}
        return _xlsx_rows(opener, options), "", options
    if name.endswith((".xlsx", ".xlsm", ".zip")):
        raise SheetUnreadable(
            "This file is called .xlsx or .zip but is not one; open it and save it again."
        )
    if name.endswith(".xls") or head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SheetUnreadable(
            "This is an old Excel file (.xls); save it as .xlsx or CSV and upload that."
        )
    if head[:5] == b"%PDF-" or head[:4] in (b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff":
        raise SheetUnreadable("This file is not a spreadsheet (it is a PDF or a picture).")
    return _text_rows(opener, markdown=True if name.endswith(".md") else None), "", {}


def _header_row(rows: list[list[str]]) -> int:
    """The row that holds the column names: the first of the top rows in which most
    names are ones we know (a title or merged group headers may sit above it)."""
    best, best_score = 0, -1
    for index, cells in enumerate(rows[:15]):
        score = sum(1 for c in cells if _key(c) in _HEADER_FIELD)
        if score > best_score and score >= 2:
            best, best_score = index, score
    return best


def _group_headers(cells: list[str], width: int) -> list[str]:
    """The group header over each column, from the row above the column names: a merged
    cell ("Interview" over three columns) holds its text in its first cell only."""
    groups, current = [], ""
    for index in range(width):
        cell = cells[index].strip() if index < len(cells) else ""
        current = cell or current
        groups.append(current)
    return groups


def read_table(filename: str, data: bytes | Opener) -> Table:
    """The header of an upload, what its columns are, how many rows it has and how its
    date columns are ordered: one pass over the file as it streams by (its rows are read
    again, one at a time, by ``Table.rows``). Raises ``SheetUnreadable``, saying why."""
    opener: Opener = (lambda: io.BytesIO(data)) if isinstance(data, bytes) else data
    open_rows, source, options = _rows_of(filename, opener)
    rows_iter = open_rows()
    top: list[list[str]] = []
    for cells in rows_iter:
        top.append(cells[:MAX_COLUMNS])
        if len(top) >= 15:
            break
    if not any(any(c.strip() for c in cells) for cells in top):
        raise SheetUnreadable("This file has no rows." if top else "This file is empty.")
    at = _header_row(top)
    headers = [h.strip()[:200] for h in top[at][:MAX_COLUMNS]]
    groups = _group_headers(top[at - 1], len(headers)) if at else []
    table = Table(headers=headers, open_rows=open_rows, source=source, options=options)
    table.header_at = at
    keys = {_key(h) for h in headers}
    for name, needed, preset_options in PRESETS:
        if needed <= keys:
            table.source = table.source or name
            table.options.update(preset_options)
            break
    table.mapping = recognise(headers, preset=table.source, groups=groups)
    found = set(table.mapping.values())
    if not found & {"company", "role", "posting_url"} and not {"status", "applied_on"} <= found:
        raise SheetUnreadable(
            "No column of this file looks like a company, a role or a job link, so it does "
            "not look like a list of applications. The first row should name the columns."
        )
    votes = DateVotes(table.mapping)
    number = last = at + 1  # the header's line number

    def the_rest() -> Iterator[list[str]]:
        yield from top[at + 1 :]
        yield from rows_iter

    for cells in the_rest():
        number += 1
        if number - at - 1 > MAX_ROWS:
            raise SheetUnreadable(
                f"This file has more than {MAX_ROWS:,} rows; split it into smaller files."
            )
        if any(c.strip() for c in cells):
            last = number
        votes.add(cells)
    table.last_row = last
    table.total = last - at - 1
    table.votes = votes
    return table


def recognise(
    headers: list[str], *, preset: str = "", groups: list[str] | None = None
) -> dict[str, str]:
    """Column index (as text) → our field, from the headers. A field two columns could
    fill comes from the column whose header is the nearer synonym ("Status" before
    "Stage", "Date applied" before "Date"), the first of equals; notes from all of them.
    ``groups`` are the group headers above the columns, if any ("Interview" over "Date",
    "Stage", "With"): a column is read with its group's name first when that says more."""
    best: dict[str, tuple[int, int]] = {}  # field → (rank of the word, column)
    many: list[tuple[int, str]] = []  # fields read from every column that has them
    for index, header in enumerate(headers):
        group = (groups or [])[index] if index < len(groups or []) else ""
        key = _key(f"{group}{header}")
        if not group or key not in _HEADER_FIELD:
            key = _key(header)
        if key not in _HEADER_FIELD:
            key = _key(re.sub(r"\(.*?\)", "", header))  # "Date Applied (yyyy-mm-dd)"
        name = _HEADER_FIELD.get(key, "")
        if preset.startswith("LinkedIn") and name in ("contact_name", "contact_email"):
            name = ""  # LinkedIn's "Contact Email" is the applicant's own, not a recruiter's
        if preset == "Huntr" and key == "title":
            name = "role"
        if preset in ("Huntr", "JobSync") and key == "createdat":
            name = "created"
        if not name:
            continue
        if name in ("notes", "interviewed"):
            many.append((index, name))
            continue
        words = [w.replace(" ", "") for w in SYNONYMS[name]]
        rank = words.index(key) if key in words else len(words)
        if name not in best or rank < best[name][0]:
            if name == "status" and name in best:  # "Stage" beside "Status": the round
                best.setdefault("round", (rank, best[name][1]))
            best[name] = (rank, index)
        elif name == "status":
            best.setdefault("round", (rank, index))
    mapping = {str(index): name for name, (_, index) in best.items()}
    mapping.update({str(index): name for index, name in many})
    return dict(sorted(mapping.items(), key=lambda kv: int(kv[0])))


# ---------------------------------------------------------------------------------------
# One row: values by field, its outcome, its problems

_FORMATS = [
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%fZ",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y",
    "%d.%m.%y",
]


def parse_date(text: str, *, day_first: bool = False) -> date | None:
    """A date typed by a person or written by a tracker; None if it cannot be read.
    Raises ValueError for a date that reads but is out of range (before 1900, after 2199)."""
    text = text.strip()
    if _blank(text):
        return None
    found: datetime | None = None
    for fmt in _FORMATS:
        try:
            found = datetime.strptime(text, fmt)  # noqa: DTZ007 - a date, zone not stated
            break
        except ValueError:
            continue
    if found is None:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,?\s+.*)?", text)
        if match:
            a, b, year = int(match[1]), int(match[2]), int(match[3])
            if len(match[3]) == 2:
                year += 2000 if year < 70 else 1900
            month, day = (b, a) if day_first or a > 12 else (a, b)
            try:
                found = datetime(year, month, day)  # noqa: DTZ001
            except ValueError:
                return None
    if found is None and re.fullmatch(r"\d{5}(\.\d+)?", text):  # an Excel serial number
        found = datetime(1899, 12, 30) + timedelta(days=float(text))  # noqa: DTZ001
    if found is None:
        import dateparser

        found = dateparser.parse(
            text,
            settings={
                "DATE_ORDER": "DMY" if day_first else "MDY",
                "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    if found is None:
        return None
    if not EARLIEST <= found.date() <= LATEST:
        raise ValueError(f"{found.year} is out of range")
    return found.date()


def _blank(value: str | None) -> bool:
    return value is None or value.strip().lower() in EMPTY_WORDS


def _clean_text(value: str) -> tuple[str, bool]:
    """A cell's text, one line; a formula is kept as text (never run): a HYPERLINK gives
    its label. Returns (text, was_formula)."""
    value = value.strip()
    link = _hyperlink(value)
    if link is not None:  # a link with its label: the label is the text, nothing runs
        return (link[1] or link[0]).strip(), False
    return " ".join(value.split()), value[:1] in ("=", "+", "@") or value.startswith("-=")


def _flag(value: str) -> bool | None:
    value = value.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS or _blank(value):
        return False if value in FALSE_WORDS else None
    return True  # "2nd", "Video Call", a date: something happened


def _status(value: str) -> str | None:
    value = " ".join(value.strip().lower().split())
    if value in _STATUS:
        return _STATUS[value]
    for word, outcome in sorted(_STATUS.items(), key=lambda kv: -len(kv[0])):
        if len(word) > 3 and word in value:
            return outcome
    return None


def row_values(cells: list[str], mapping: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {"_cells": cells}
    for index, name in mapping.items():
        if not name:
            continue
        i = int(index)
        cell = cells[i] if i < len(cells) else ""
        if name in ("notes", "interviewed"):
            if not _blank(cell):
                values[name] = " · ".join(filter(None, [values.get(name, ""), cell.strip()]))
            else:
                values.setdefault(name, "")
            continue
        values.setdefault(name, cell)
    return values


def _outcome(v: dict[str, Any], problems: list[str], options: dict[str, Any]) -> str:
    notes = f"{v.get('notes', '')} {v.get('response', '')}".lower()
    status_text = (v.get("status") or "").strip()
    if options.get("all_leads"):
        return LEAD
    if v.get("applied") is not None and _flag(v["applied"]) is False:
        return LEAD
    outcome = _status(status_text) if not _blank(status_text) else None
    if outcome is None and not _blank(status_text):
        problems.append(f"Status “{status_text[:40]}” is not one we know: read as awaiting.")
        outcome = Outcome.AWAITING
    if outcome is None:  # no status column: read what the other columns say
        response = (v.get("response") or "").lower()
        interview = (v.get("interviewed") or "").lower()
        if _flag(v.get("offer") or "") is True:
            outcome = Outcome.OFFER
        elif "reject" in response or "reject" in notes.split("·")[0]:
            outcome = Outcome.REJECTED
        elif "declined" in interview or re.search(r"\bwithdr[ae]w", notes):
            outcome = Outcome.WITHDRAWN
        elif "positive" in response or (_flag(interview) and "declined" not in interview):
            outcome = Outcome.NEXT_ROUND
        else:
            outcome = Outcome.AWAITING
    if outcome == Outcome.OFFER and re.search(r"\baccepted\b", notes):
        outcome = Outcome.ACCEPTED
    if outcome == Outcome.AWAITING:
        if re.search(r"\bwithdr[ae]w", notes):
            outcome = Outcome.WITHDRAWN
        elif (
            re.search(r"\bghosted\b|\bno (reply|response|answer)\b", notes)
            or _flag(v.get("archived") or "") is True
        ):
            outcome = Outcome.NO_RESPONSE
        elif v.get("interviewed") is not None and _flag(v["interviewed"]) is True:
            outcome = Outcome.NEXT_ROUND
    if outcome == LEAD and v.get("applied") is not None and _flag(v["applied"]) is True:
        outcome = Outcome.NO_RESPONSE  # archived after applying (JobSync)
    return outcome


# The text fields of a round and of the people in it, read like any other text cell.
ROUND_TEXT_FIELDS = ("round", "interview_format", "interviewer", "contact_name", "contact_email")
# What a tracker writes in an "interviewer" column that is not a person's name.
NOT_A_PERSON = {
    "panel", "recruiter", "hr", "em", "team", "the team", "hiring manager", "manager",
    "engineering manager", "cto", "ceo", "founder", "founders", "talent", "recruiting",
    "interviewer", "interviewers", "tbd", "unknown", "pairing", "tech lead", "engineers",
}  # fmt: skip


def _order(day_first: bool | dict[str, bool], name: str) -> bool:
    """Whether the column of field ``name`` is read day first (one answer per column)."""
    if isinstance(day_first, dict):
        return bool(day_first.get(name, False))
    return day_first


_TIME = re.compile(
    r"(?<![\d.])(\d{1,2})(?:[:.h](\d{2}))?\s*([ap])\.?\s?m\.?|(?<![\d.])(\d{1,2})[:h](\d{2})",
    re.I,
)


def parse_time(text: str) -> time | None:
    """A time of day as people and spreadsheets write it ("2:30 PM", "14:00", "10h30",
    Excel's day fraction 0.4166…); None if there is none."""
    text = (text or "").strip()
    if re.fullmatch(r"0?\.\d+", text):  # a day fraction
        minutes = round(float(text) * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    match = _TIME.search(text)
    if not match:
        return None
    if match[3]:
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
    else:
        hour, minute = int(match[4]), int(match[5])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _interview_at(v: dict[str, Any], problems: list[str], *, day_first: bool) -> str:
    """When the row's interview round was, as ISO text: a date and time ("2024-01-16T10:00",
    read where the person lives), an instant with its zone (a tracker's UTC time), or ""."""
    text = (v.get("interview_on") or "").strip()
    if _blank(text):
        return ""
    instant = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z", text)
    if instant:
        return f"{instant[1]}T{instant[2]}+00:00"
    # "2024-01-16 10:00" or "16.01.2024, 10:30": the date, then maybe a time.
    date_part = re.sub(r"[ ,T]+\d{1,2}[:h]\d{2}.*$", "", text) or text
    try:
        day = parse_date(date_part, day_first=day_first)
    except ValueError:
        problems.append(f"The interview date “{text[:30]}” is out of range: no round made.")
        return ""
    if day is None:
        problems.append(f"The interview date “{text[:30]}” cannot be read: no round made.")
        return ""
    at = parse_time(v.get("interview_time") or "") or parse_time(text[len(date_part) :])
    return f"{day.isoformat()}T{(at or time(12, 0)).strftime('%H:%M')}"


def _with_interview_signal(v: dict[str, Any]) -> dict[str, Any]:
    """The row with ``interviewed`` saying what its interview columns say together (a
    type, a round, a date: something happened), as the outcome reads it."""
    fields = ("interviewed", "interview_format", "round", "interview_on")
    present = [v.get(name) for name in fields if v.get(name) is not None]
    if not present:
        return v
    said = [str(text).strip() for text in present if not _blank(str(text))]
    return {**v, "interviewed": " · ".join(said)}


def people_of(v: dict[str, Any]) -> list[dict[str, str]]:
    """The people a row names: its contact ("Dana Ruiz / Recruiter", with an e-mail or a
    phone beside) and its interviewer, once each (the same name is one person). Each is
    {"name", "title", "email", "phone", "interviewer": "1" or ""}."""
    people: list[dict[str, str]] = []
    contact = (v.get("contact_name") or "").strip()
    reach = (v.get("contact_email") or "").strip()
    if contact and contact.lower() not in NOT_A_PERSON:
        name, title = _name_and_title(contact)
        email = (re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", reach) or [""])[0]
        phone = "" if email or not re.search(r"\d{5}", reach) else reach
        people.append(_person(name, title=title, email=email, phone=phone))
    for name in re.split(r"\s*(?:[;&]|,\s|\band\b|\bund\b)\s*", v.get("interviewer") or ""):
        name = name.strip()
        if not name or name.lower() in NOT_A_PERSON or _blank(name):
            continue
        same = next((p for p in people if p["name"].lower() == name.lower()), None)
        if same is not None:
            same["interviewer"] = "1"
        else:
            people.append(_person(name, interviewer="1"))
    return people


def _person(name: str, *, title="", email="", phone="", interviewer="") -> dict[str, str]:
    person = {"name": name, "title": title, "email": email, "phone": phone}
    return {**person, "interviewer": interviewer}


def _name_and_title(text: str) -> tuple[str, str]:
    """ "Dana Ruiz / Recruiter" → ("Dana Ruiz", "Recruiter"); a name alone has no title."""
    parts = re.split(r"\s+[/|–—-]\s+|\s*/\s*|,\s+", text, maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1].strip()
    return text.strip(), ""


def row_read(
    values: dict[str, Any], *, options: dict[str, Any], day_first: bool | dict[str, bool] = False
) -> dict[str, Any]:
    """Our reading of one row: cleaned values, the outcome, the action and problems."""
    problems: list[str] = []
    out: dict[str, Any] = dict(values)
    formula = False
    for name in ("company", "role", "location", "notes", "status", *ROUND_TEXT_FIELDS):
        if name in out and out[name] is not None:
            text, was_formula = _clean_text(str(out[name]))
            if name == "contact_email" and re.fullmatch(r"\+?[\d\s()./-]+", text):
                was_formula = False  # "+44 20 …" is a phone number
            out[name] = "" if _blank(text) else text
            formula = formula or was_formula
    url = (out.get("posting_url") or "").strip()
    link = _hyperlink(url)
    if link is not None:
        url = link[0]
    if _blank(url) or not re.match(r"^https?://\S+$", url):
        if not _blank(url):
            problems.append("The job link is not a web address: left out.")
        url = ""
    out["posting_url"] = url[:POSTING_URL_MAX_CHARS]
    if formula:
        problems.append("A cell held a spreadsheet formula: kept as text, never run.")
    company, role = out.get("company") or "", out.get("role") or ""
    meaningful = bool(company or role or url)
    if not meaningful and options.get("no_company_column"):
        # A tracker without company or role columns: a row says something if it has a
        # status or a date ("Company unknown" below).
        meaningful = not _blank(out.get("status") or "") or not _blank(out.get("applied_on"))
    if not role and not url and any(str(c).startswith("=") for c in values.get("_cells", [])):
        # A summary under the table ("Total applications", =COUNTA(...)): not a job.
        return {"values": out, "problems": [], "action": "empty"}
    applied_on = None
    for name in ("applied_on", "created"):
        text = out.get(name) or ""
        if _blank(text):
            continue
        try:
            applied_on = parse_date(text, day_first=_order(day_first, name))
        except ValueError:
            problems.append(f"The date “{text[:30]}” is out of range (1900 to 2199).")
            out["_bad_date"] = True
            break
        if applied_on is None:
            problems.append(f"The date “{text[:30]}” cannot be read.")
            out["_bad_date"] = True
        break
    out["applied_iso"] = applied_on.isoformat() if applied_on else ""
    out["interview_iso"] = _interview_at(
        out, problems, day_first=_order(day_first, "interview_on")
    )
    outcome = _outcome(_with_interview_signal(out), problems, options) if meaningful else None
    out["outcome"] = outcome or ""
    if not meaningful or (company and company.lower() == "blank"):
        return {"values": out, "problems": [], "action": "empty"}
    if outcome == LEAD or (
        "applied_on" in values
        and _blank(values.get("applied_on"))
        and _blank(values.get("status") or "")
        and "response" not in values
    ):
        out["outcome"] = LEAD
        return {"values": out, "problems": problems, "action": "lead"}
    invalid = False
    if not company:
        out["company"] = "Company unknown"
        if not options.get("no_company_column"):
            problems.append("No company: saved as “Company unknown” unless you type one.")
    if len(out.get("company", "")) > COMPANY_NAME_MAX_CHARS:
        problems.append(f"The company name is longer than {COMPANY_NAME_MAX_CHARS} characters.")
        invalid = True
    if len(role) > ROLE_MAX_CHARS:
        problems.append(f"The role is longer than {ROLE_MAX_CHARS} characters.")
        invalid = True
    if out.get("_bad_date"):
        invalid = True
    action = "invalid" if invalid else "create"
    return {"values": out, "problems": problems, "action": action}


DATE_FIELDS = ("applied_on", "created", "interview_on")


def owner_day_first(owner) -> bool:
    """Whether the person writes the day before the month (25/03/2024), from their
    locale; from their time zone when they kept the default locale (someone in London who
    never changed "English (United States)" still writes dates the British way)."""
    from babel import Locale, UnknownLocaleError

    from accounts.models import DEFAULT_LOCALE

    locale = getattr(owner, "locale", "") or DEFAULT_LOCALE
    zone = getattr(owner, "time_zone", "") or "UTC"
    if locale == DEFAULT_LOCALE and zone != "UTC":
        return not zone.startswith(("America/", "US/", "Pacific/Honolulu", "Canada/"))
    try:
        pattern = Locale.parse(locale.replace("-", "_")).date_formats["short"].pattern
    except (UnknownLocaleError, ValueError, KeyError):
        return False
    return pattern.lower().find("d") < pattern.find("M")


class DateVotes:
    """Each date column's votes, row by row, for reading it day first or month first: a
    value that can be read only one way (25/03/2024: day first; 03/25/2024: month first;
    25.03.2024: day first) is a vote."""

    def __init__(self, mapping: dict[str, str]):
        self.columns = {int(i): n for i, n in mapping.items() if n in DATE_FIELDS}
        self.votes: dict[int, list[int]] = {i: [0, 0] for i in self.columns}

    def add(self, cells: list[str]) -> None:
        for i in self.columns:
            if i >= len(cells):
                continue
            m = re.match(r"\s*(\d{1,2})([/.-])(\d{1,2})[/.-]\d{2,4}\b", cells[i])
            if not m:
                continue
            if m[2] == "." or int(m[1]) > 12:
                self.votes[i][0] += 1
            elif int(m[3]) > 12:
                self.votes[i][1] += 1

    def orders(self, *, owner=None, hints: dict[str, bool] | None = None) -> dict[str, bool]:
        """Date field → whether its column is read day first: as its own values settle
        it, else as the workbook displays that column's real dates (``hints``:
        dd/mm/yyyy), else as the person writes dates (their locale or time zone)."""
        fallback = owner_day_first(owner) if owner is not None else False
        orders: dict[str, bool] = {}
        for i, name in self.columns.items():
            day, month = self.votes[i]
            if day or month:
                orders[name] = day >= month
            elif hints and str(i) in hints:
                orders[name] = hints[str(i)]
            else:
                orders[name] = fallback
        return orders


def date_orders(
    rows: Iterable[tuple[int, list[str]]],
    mapping: dict[str, str],
    *,
    owner=None,
    hints: dict[str, bool] | None = None,
) -> dict[str, bool]:
    """Date field → whether its column is read day first, from ``rows`` (``DateVotes``)."""
    votes = DateVotes(mapping)
    for _, cells in rows:
        votes.add(cells)
    return votes.orders(owner=owner, hints=hints)


def _existing_keys(owner) -> tuple[set[str], set[tuple[str, str, str]]]:
    urls: set[str] = set()
    pairs: set[tuple[str, str, str]] = set()
    for url, company, role, created in Application.objects.for_user(owner).values_list(
        "posting_url", "company__name", "role", "created_at"
    ):
        if url:
            urls.add(url)
        pairs.add((company.lower(), role.lower(), created.date().isoformat()))
    return urls, pairs


def rows_preview(
    rows: Iterable[tuple[int, list[str]]],
    *,
    mapping: dict[str, str],
    owner,
    options: dict[str, Any] | None = None,
    day_first: dict[str, bool] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every row read, with what the commit will do with it (kwargs for ``ImportRow``),
    one at a time. Without ``day_first`` the date orders are read from ``rows`` first
    (then a list)."""
    options = dict(options or {})
    options["no_company_column"] = "company" not in mapping.values()
    if day_first is None:
        rows = list(rows)
        day_first = date_orders(
            rows, mapping, owner=owner, hints=options.get("column_day_first") or {}
        )
    urls, pairs = _existing_keys(owner)
    # What names each job seen so far (a link, or company, role and day): kept small,
    # whatever the file's size.
    seen: set[str] = set()
    by_source_id: dict[str, tuple[str, str]] = {}
    row_options = {k: v for k, v in options.items() if k not in ("saved_jobs", "column_day_first")}
    for number, cells in rows:
        values = row_values(cells, mapping)
        values["_options"] = row_options
        values["_day_first"] = day_first
        read = row_read(values, options=options, day_first=day_first)
        v = read["values"]
        if read["action"] in ("create", "invalid"):
            source_id = (v.get("source_id") or "").strip()
            ident = (v.get("company", "").lower(), v.get("role", "").lower())
            if source_id and source_id in by_source_id and by_source_id[source_id] != ident:
                read["problems"].append(
                    "Another row has the same tracker id with a different job: both are "
                    "kept, neither overwrites the other."
                )
                source_id = f"{source_id}|{'|'.join(ident)}"
            elif source_id:
                by_source_id.setdefault(source_id, ident)
            key = v["posting_url"] or "|".join([*ident, v.get("applied_iso", "")])
            if not v["posting_url"] and not (ident[1] and not options["no_company_column"]):
                key = f"row:{number}"  # nothing names the job: every row is its own
            if read["action"] == "create":
                if (source_id and f"id:{source_id}" in seen) or key in seen:
                    read["action"] = "duplicate"
                elif (v["posting_url"] and v["posting_url"] in urls) or (
                    (*ident, v.get("applied_iso") or "") in pairs
                ):
                    read["action"] = "merge"
                seen.add(key)
                if source_id:
                    seen.add(f"id:{source_id}")
        yield {
            "number": number,
            "values": v,
            "problems": read["problems"],
            "action": read["action"],
        }


def table_preview(table: Table, *, owner) -> Iterator[dict[str, Any]]:
    """The rows of a table read for the preview, one at a time, as the file streams by."""
    assert table.votes is not None  # read_table counted the rows and their dates
    day_first = table.votes.orders(owner=owner, hints=table.options.get("column_day_first"))
    table.day_first = day_first
    return rows_preview(
        table.rows, mapping=table.mapping, owner=owner, options=table.options, day_first=day_first
    )


def row_fix(values: dict[str, Any], typed: dict[str, str], *, owner) -> dict[str, Any]:
    """One row read again after the person typed over some of its values."""
    base = {
        k: values.get(k)
        for k in (*FIELDS, "_cells", "_options", "_day_first")
        if k and values.get(k) is not None
    }
    for name, text in typed.items():
        if name in FIELDS and name:
            base[name] = text[:MAX_CELL_CHARS]
    base.pop("applied_iso", None)
    if "applied_iso" in values and "applied_on" not in typed and values.get("applied_iso"):
        base["applied_on"] = values["applied_iso"]
    base.pop("_bad_date", None)
    options = base.get("_options") or {}
    read = row_read(base, options=options, day_first=base.get("_day_first") or False)
    if read["action"] == "create":
        v = read["values"]
        urls, pairs = _existing_keys(owner)
        if (v["posting_url"] and v["posting_url"] in urls) or (
            v.get("company", "").lower(),
            v.get("role", "").lower(),
            v.get("applied_iso") or "",
        ) in pairs:
            read["action"] = "merge"
    return read


def run_summary(run) -> dict[str, Any]:
    counts: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    problems = rounds = named = noted = 0
    for (
        action,
        skip,
        outcome,
        has_problems,
        round_at,
        contact,
        interviewer,
        notes,
    ) in run.rows.values_list(
        "action",
        "skip",
        "values__outcome",
        "problems",
        "values__interview_iso",
        "values__contact_name",
        "values__interviewer",
        "values__notes",
    ):
        action = "skipped" if skip else action
        counts[action] = counts.get(action, 0) + 1
        if action == "create":
            if outcome:
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            rounds += bool(round_at)
            named += bool(contact or interviewer)
            noted += bool(notes)
        if has_problems and not skip:
            problems += 1
    return {
        "actions": counts,
        "outcomes": outcomes,
        "rows_with_problems": problems,
        "rounds": rounds,
        "rows_naming_people": named,
        "rows_with_notes": noted,
    }


# ---------------------------------------------------------------------------------------
# Committing


def _applied_at(iso: str, zone) -> datetime | None:
    if not iso:
        return None
    day = date.fromisoformat(iso)
    return datetime.combine(day, time(12, 0), tzinfo=zone).astimezone(UTC)


def _round_starts(iso: str, zone) -> datetime | None:
    """The start of a row's round: a local date and time where the person lives, or an
    instant a tracker wrote with its zone."""
    if not iso:
        return None
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _round_format(v: dict[str, Any]) -> str:
    said = f"{v.get('interview_format') or ''} {v.get('round') or ''}".lower()
    if re.search(r"video|zoom|meet|teams|skype|webex|hangout", said):
        return Interview.Format.VIDEO
    if re.search(r"phone|telephone|telefon|\bcall\b", said):
        return Interview.Format.PHONE
    if re.search(r"in person|in-person|onsite|on-site|office|vor ort|präsenz", said):
        return Interview.Format.IN_PERSON
    return Interview.Format.VIDEO


def _round_label(v: dict[str, Any]) -> str:
    """The round's name: what the row calls it, and who it was with when that is not a
    person's name ("Onsite with Panel")."""
    label = v.get("round") or ""
    others = [
        name.strip()
        for name in re.split(r"\s*[;&,]\s*", v.get("interviewer") or "")
        if name.strip().lower() in NOT_A_PERSON
    ]
    if others:
        label = f"{label} with {', '.join(others)}".strip()
    return " ".join(label.split())[:ROUND_MAX_CHARS]


class _People:
    """The owner's contacts by company and name, created the first time a row names one
    (a name at a company is one person, across rows and across imports)."""

    def __init__(self, owner, created: list):
        self.owner = owner
        self.created = created
        self.known: dict[tuple[int, str], Contact] = {
            (c.company_id or 0, c.name.lower()): c
            for c in Contact.objects.for_user(owner).only("pk", "name", "company_id")
        }

    def get(self, company: Company, person: dict[str, str]) -> Contact | None:
        name = " ".join(person["name"].split())[:NAME_MAX_CHARS]
        if not name:
            return None
        key = (company.pk, name.lower())
        if key not in self.known:
            email = person["email"][:EMAIL_MAX_CHARS]
            try:
                validate_email(email) if email else None
            except ValidationError:
                email = ""
            contact = contact_create(
                owner=self.owner,
                company=company,
                name=name,
                title=" ".join(person["title"].split())[:TITLE_MAX_CHARS],
                email=email,
                notes=f"Phone: {person['phone']}"[:LONG_TEXT_MAX_CHARS] if person["phone"] else "",
            )
            self.known[key] = contact
            self.created.append([contact.pk, None])
        return self.known[key]


def sheet_commit(*, run, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Creates one application per row to create, with its notes, its interview round
    (when the row dates one) and the people it names (contacts; the interviewers on the
    round), in chunks of ``CHUNK`` rows, each in its own transaction so the page can follow
    the progress. If a chunk fails, its transaction takes back what it wrote and what the
    earlier chunks created is removed again (nothing half-saved); SheetUnreadable says why.

    Applications and rounds are created with ``bulk_create``, and the per-row services
    (``application_for``, ``interview_create``) are not used: they would merge two
    postings of one role, which a tracker's export keeps apart, and plan reminders for
    every round. A round still to come is announced (``interview_changed``) so its
    reminders are planned; a round in the past is not, so an import never sends a late
    reminder. Companies and contacts come from the services, as everywhere.
    """
    from imports.undo import created_undo

    owner = run.owner
    created: dict[str, list] = {
        "interviews.company": [],
        "interviews.contact": [],
        "interviews.application": [],
        "interviews.interview": [],
        "reminders.reminder": [],
    }
    companies: dict[str, Company] = {
        c.name.lower(): c for c in Company.objects.for_user(owner).only("pk", "name")
    }
    people = _People(owner, created["interviews.contact"])
    rows = run.rows.filter(action="create", skip=False).order_by("number")
    done = made = rounds_made = 0
    now = timezone.now()
    try:
        pks = list(rows.values_list("pk", flat=True))
        for start in range(0, len(pks), CHUNK):
            chunk = list(run.rows.filter(pk__in=pks[start : start + CHUNK]).order_by("number"))
            with transaction.atomic():
                made_now, rounds = _chunk_commit(
                    chunk,
                    owner=owner,
                    now=now,
                    companies=companies,
                    people=people,
                    created=created,
                )
                made += made_now
                rounds_made += rounds
            done += len(chunk)
            if progress is not None:
                run.__class__.objects.filter(pk=run.pk).update(done_rows=done)
    except Exception as error:
        with transaction.atomic():
            created_undo(created=created)
        raise SheetUnreadable(
            "The import stopped and nothing of it was kept: "
            f"{type(error).__name__}: {str(error)[:200]}"
        ) from error
    summary = {
        "created": made,
        "merged": run.rows.filter(action="merge", skip=False).count(),
        "rounds": rounds_made,
        "contacts": len(created["interviews.contact"]),
    }
    return {"created": {k: v for k, v in created.items() if v}, "summary": summary}


def stamps(model, pks) -> list[list]:
    """[pk, updated_at] of rows just written: undo removes only rows still as they were."""
    rows = model.objects.filter(pk__in=list(pks)).values_list("pk", "updated_at")
    return [[pk, stamp.isoformat()] for pk, stamp in rows]


def _chunk_commit(chunk, *, owner, now, companies, people, created) -> tuple[int, int]:
    """One chunk of rows written, inside the caller's transaction (which takes it all back
    if anything fails); what it created is added to ``created``. Returns (applications,
    rounds)."""
    zone = owner.zone
    new_companies: list = []
    batch = []
    for row in chunk:
        v = row.values
        name = " ".join(v["company"].split())[:COMPANY_NAME_MAX_CHARS]
        company = companies.get(name.lower())
        if company is None:
            company = company_for_name(owner=owner, name=name)
            companies[name.lower()] = company
            new_companies.append(company)
        applied = _applied_at(v.get("applied_iso", ""), zone) or now
        outcome = v.get("outcome") or Outcome.AWAITING
        batch.append(
            Application(
                owner=owner,
                company=company,
                role=" ".join((v.get("role") or "").split())[:ROLE_MAX_CHARS],
                posting_url=v.get("posting_url", ""),
                outcome=outcome,
                notes=(v.get("notes") or "")[:LONG_TEXT_MAX_CHARS],
                closed_at=applied if outcome in CLOSED_OUTCOMES else None,
                latest_round_at=_round_starts(v.get("interview_iso", ""), zone),
            )
        )
    made = Application.objects.bulk_create(batch)
    # created_at is the day they applied (auto_now_add set it to now).
    by_day: dict[datetime, list[int]] = {}
    for app, row in zip(made, chunk, strict=True):
        day = _applied_at(row.values.get("applied_iso", ""), zone)
        if day is not None:
            by_day.setdefault(day, []).append(app.pk)
    for day, day_pks in by_day.items():
        Application.objects.filter(pk__in=day_pks).update(created_at=day)

    rounds: list[Interview] = []
    panels: list[list[Contact]] = []
    for app, row in zip(made, chunk, strict=True):
        v = row.values
        named = [(people.get(app.company, p), p["interviewer"]) for p in people_of(v)]
        starts_at = _round_starts(v.get("interview_iso", ""), zone)
        if starts_at is None:
            continue
        said = f"{v.get('interview_format') or ''} {v.get('round') or ''}".lower()
        rounds.append(
            Interview(
                owner=owner,
                company=app.company,
                application=app,
                role=app.role,
                posting_url=app.posting_url,
                starts_at=starts_at,
                format=_round_format(v),
                round=_round_label(v),
                cancelled=bool(re.search(r"declined|cancel", said)),
            )
        )
        panels.append([contact for contact, on_panel in named if contact and on_panel])
    Interview.objects.bulk_create(rounds)
    Interview.interviewers.through.objects.bulk_create(
        [
            Interview.interviewers.through(interview_id=interview.pk, contact_id=contact.pk)
            for interview, panel in zip(rounds, panels, strict=True)
            for contact in panel
        ]
    )
    for interview in rounds:
        if interview.starts_at > now:  # still to come: its reminders are planned
            send_interview_changed(interview)

    created["interviews.company"].extend([c.pk, None] for c in new_companies)
    created["interviews.application"].extend(stamps(Application, [a.pk for a in made]))
    created["interviews.interview"].extend(stamps(Interview, [i.pk for i in rounds]))
    reminders = Reminder.objects.filter(interview__in=[i.pk for i in rounds])
    created["reminders.reminder"].extend(stamps(Reminder, reminders.values_list("pk", flat=True)))
    return len(made), len(rounds)
