from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from accounts.models import ADDRESS_MAX_CHARS, ADDRESS_MAX_LINES, EMAIL_MAX_CHARS, NAME_MAX_CHARS
from common.limits import (
    LONG_TEXT_MAX_CHARS,
    ONE_LINE,
    MaxLinesValidator,
    length_constraints,
    long_text_field,
    one_line_constraint,
)
from common.urls import reverse_for_pk
from interviews import names

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]

# The limits of what a person types here (the database keeps them too: ``Meta.constraints``).
COMPANY_NAME_MAX_CHARS = 200
WEBSITE_MAX_CHARS = 200
GREET_AS_MAX_CHARS = 100
TITLE_MAX_CHARS = 150
ROLE_MAX_CHARS = 200
POSTING_URL_MAX_CHARS = 500
LOCATION_MAX_CHARS = 300
ROUND_MAX_CHARS = 100
HOOK_MAX_CHARS = 160

# Dates a person can type: from 1 January 1900 to 31 December 2199 where they live (a date,
# or the local date of a time: the forms check it in the person's zone). Outside them a date
# is a typo (year 9999, year 1).
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199
OUT_OF_RANGE = f"Pick a date between {EARLIEST_YEAR} and {LATEST_YEAR}."
EARLIEST_DATE = date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = date(LATEST_YEAR, 12, 31)
DATE_VALIDATORS = [
    MinValueValidator(EARLIEST_DATE, message=OUT_OF_RANGE),
    MaxValueValidator(LATEST_DATE, message=OUT_OF_RANGE),
]
DECISION_DATE_VALIDATORS = DATE_VALIDATORS
# The instants the database keeps: those local dates in every zone on Earth (UTC−12 to
# UTC+14, and 1900's local mean times), with a day to spare, so every page, email, feed and
# PDF may convert any stored instant to any zone without overflowing. Not the rule a person
# meets (that is the local one above, which the forms apply); only its envelope.
EARLIEST_START = datetime(EARLIEST_YEAR - 1, 12, 30, tzinfo=UTC)
LATEST_START = datetime(LATEST_YEAR + 1, 1, 2, tzinfo=UTC)
STARTS_AT_VALIDATORS = [
    MinValueValidator(EARLIEST_START, message=OUT_OF_RANGE),
    MaxValueValidator(LATEST_START, message=OUT_OF_RANGE),
]


def local_date_in_range(moment: datetime) -> bool:
    """Whether an aware time's date, in its own zone, lies in the range a person may type."""
    return EARLIEST_DATE <= moment.date() <= LATEST_DATE


def rating_field(verbose_name: str, **kwargs) -> models.PositiveSmallIntegerField:
    """An optional 1–5 rating (excitement, comfort, rapport…)."""
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=RATING_VALIDATORS, **kwargs
    )


def rating_constraint(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__range": (1, 5)}),
        name=name,
    )


class OwnedQuerySet(models.QuerySet):
    """Rows a person owns. Every view reaches owned rows through ``for_user``."""

    owner_path = "owner"

    def for_user(self, user):
        return self.filter(**{self.owner_path: user})


class Company(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companies"
    )
    name = models.CharField(max_length=COMPANY_NAME_MAX_CHARS, validators=[ONE_LINE])
    website = models.URLField(max_length=WEBSITE_MAX_CHARS, blank=True)
    notes = long_text_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "companies"
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="company_unique_name_per_owner"),
            *length_constraints(
                "company",
                name=COMPANY_NAME_MAX_CHARS,
                website=WEBSITE_MAX_CHARS,
                notes=LONG_TEXT_MAX_CHARS,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContactQuerySet(OwnedQuerySet):
    def with_history(self, now=None):
        """Each person with ``interview_count`` and ``last_contact``: when you last met,
        the start of the latest interview with them that has begun and was not called off
        (None if you have not met yet). One query, whatever the number of interviews.

        Subqueries rather than a join and GROUP BY: grouping makes the database group and
        sort every contact with all its columns before the page's 50 are cut; a subquery
        per contact is an index lookup on the interviewers table."""
        met = (
            Interview.objects.filter(
                interviewers=OuterRef("pk"), starts_at__lte=now or timezone.now()
            )
            .exclude(cancelled=True)
            .order_by("-starts_at")
            .values("starts_at")[:1]
        )
        per_contact = (
            Interview.interviewers.through.objects.filter(contact=OuterRef("pk"))
            .values("contact")
            .annotate(n=models.Count("pk"))
        )
        # Any: django-stubs cannot see a name annotated on an auto-created through model.
        counted = cast(Any, per_contact).values("n")
        return self.annotate(
            interview_count=Coalesce(Subquery(counted), 0),
            last_contact=Subquery(met),
        )


class Contact(models.Model):
    """A person met at a company. Kept across interviews: the long game lives here."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(max_length=NAME_MAX_CHARS, validators=[ONE_LINE])
    greet_as = models.CharField(
        "greet as",
        max_length=GREET_AS_MAX_CHARS,
        blank=True,
        validators=[ONE_LINE],
        help_text="How a note greets them after “Dear”: “Ada”, “Dr. Lovelace”, “李小龙”.",
    )
    title = models.CharField(
        "job title", max_length=TITLE_MAX_CHARS, blank=True, validators=[ONE_LINE]
    )
    email = models.EmailField(max_length=EMAIL_MAX_CHARS, blank=True)
    postal_address = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(ADDRESS_MAX_CHARS), MaxLinesValidator(ADDRESS_MAX_LINES)],
    )
    notes = long_text_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        constraints = length_constraints(
            "contact",
            name=NAME_MAX_CHARS,
            greet_as=GREET_AS_MAX_CHARS,
            title=TITLE_MAX_CHARS,
            email=EMAIL_MAX_CHARS,
            postal_address=ADDRESS_MAX_CHARS,
            notes=LONG_TEXT_MAX_CHARS,
        )

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name

    def get_absolute_url(self) -> str:
        return reverse_for_pk("interviews:person", "contact_pk", self.pk)

    @property
    def first_name(self) -> str:
        """The given name, past any honorific: "Mrs. Jennifer Powell" → "Jennifer"."""
        return names.given_name(self.name)

    @property
    def greeting_name(self) -> str:
        """How a note greets them: what the person chose, else a suggestion from the name
        ("Dr. Lovelace" for a doctor, the whole name where the first word is not the given
        name)."""
        return self.greet_as.strip() or names.suggested_greeting(self.name)


class Outcome(models.TextChoices):
    AWAITING = "awaiting", "Awaiting decision"
    NEXT_ROUND = "next_round", "Next round"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NO_RESPONSE = "no_response", "No response"
    # A round that was called off (e.g. its invite was cancelled): nothing to follow up.
    # Said of one round, never of a whole application.
    CANCELLED = "cancelled", "Cancelled"


# Outcomes that end the process with a "no", either way: the long game starts here
# (the note wishes them luck, keep-in-touch notes, off the follow-up list).
ENDED_WITH_A_NO = frozenset({Outcome.REJECTED, Outcome.WITHDRAWN})
# Outcomes after which nothing more happens in this application: it folds away on the
# dashboard, and the same role at the same company later is a new application.
CLOSED_OUTCOMES = frozenset(
    {Outcome.ACCEPTED, Outcome.REJECTED, Outcome.WITHDRAWN, Outcome.NO_RESPONSE}
)
APPLICATION_OUTCOMES = [choice for choice in Outcome.choices if choice[0] != Outcome.CANCELLED]


class ApplicationQuerySet(OwnedQuerySet):
    def open(self):
        return self.exclude(outcome__in=CLOSED_OUTCOMES)

    def closed(self):
        return self.filter(outcome__in=CLOSED_OUTCOMES)

    def by_recency(self):
        return self.order_by(models.F("latest_round_at").desc(nulls_last=True), "-pk")


class Application(models.Model):
    """One opening (company and role) a person is in the running for: its rounds are the
    Interviews that point here, and its outcome is recorded once, here.

    It lives in ``interviews`` because it is the record of the interviews themselves (the
    rounds cannot be read without it), and everything above — notes, reviews, reminders —
    reaches it through an interview.
    """

    Outcome = Outcome
    ENDED_WITH_A_NO = ENDED_WITH_A_NO

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    company = models.ForeignKey(Company, on_delete=models.RESTRICT, related_name="applications")
    role = models.CharField(max_length=ROLE_MAX_CHARS, validators=[ONE_LINE])
    posting_url = models.URLField("job posting", max_length=POSTING_URL_MAX_CHARS, blank=True)
    outcome = models.CharField(
        max_length=16, choices=APPLICATION_OUTCOMES, default=Outcome.AWAITING
    )
    # What the person wrote about the opening itself (a tracker's notes column, read in by
    # an import), as opposed to what they learned in one round.
    notes = long_text_field()
    decision_date = models.DateField(
        null=True,
        blank=True,
        validators=DECISION_DATE_VALIDATORS,
        help_text="When they said you would hear back.",
    )
    # When the outcome closed it (accepted, rejected, withdrawn, no response): the long
    # game counts from here.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The start of its latest round, kept by interviews.services whenever a round is
    # added, moved or removed: lists sort by it without a subquery, and the decision
    # check-in belongs to that round.
    latest_round_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-latest_round_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "latest_round_at"], name="application_owner_recency")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome=Outcome.CANCELLED),
                name="application_outcome_not_cancelled",
            ),
            # The decision date's validators, kept by the database too.
            models.CheckConstraint(
                condition=models.Q(decision_date__isnull=True)
                | models.Q(decision_date__range=(EARLIEST_DATE, LATEST_DATE)),
                name="application_decision_date_in_range",
                violation_error_message=OUT_OF_RANGE,
            ),
            *length_constraints(
                "application",
                role=ROLE_MAX_CHARS,
                posting_url=POSTING_URL_MAX_CHARS,
                notes=LONG_TEXT_MAX_CHARS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.company.name}"

    def get_absolute_url(self) -> str:
        return reverse_for_pk("interviews:application", "application_pk", self.pk)

    @property
    def is_closed(self) -> bool:
        return self.outcome in CLOSED_OUTCOMES

    @property
    def ended_with_a_no(self) -> bool:
        return self.outcome in ENDED_WITH_A_NO


def outcome_q(outcome: str, prefix: str = "") -> models.Q:
    """Rounds whose ``Interview.outcome`` is ``outcome``, as a filter: the SQL twin of the
    property. ``prefix`` reaches the interview from another model (``"interview__"``).

    A round's outcome is the application's if it is the latest round (or its application
    has no date yet); an earlier round went forward ("next round"); a round called off is
    "cancelled" whatever the application's outcome.
    """
    p = prefix
    starts_at = models.F(f"{p}starts_at")
    latest = models.Q(**{f"{p}application__latest_round_at__isnull": True}) | models.Q(
        **{f"{p}application__latest_round_at__lte": starts_at}
    )
    earlier = models.Q(**{f"{p}application__latest_round_at__gt": starts_at})
    live = models.Q(**{f"{p}cancelled": False})
    said = models.Q(**{f"{p}application__outcome": outcome})
    if outcome == Outcome.CANCELLED:
        return models.Q(**{f"{p}cancelled": True})
    if outcome == Outcome.NEXT_ROUND:
        return live & (earlier | (latest & said))
    return live & latest & said


def round_outcome(*, cancelled: bool, starts_at, latest_round_at, application_outcome: str) -> str:
    """``Interview.outcome`` from plain values (a row read with ``values()``, as the API's
    lists read them): "cancelled" if the round was called off, "next round" if a later
    round of its application followed it, else the application's outcome."""
    if cancelled:
        return Outcome.CANCELLED
    if latest_round_at is not None and starts_at < latest_round_at:
        return Outcome.NEXT_ROUND
    return application_outcome


def outcome_in_q(outcomes, prefix: str = "") -> models.Q:
    qs = [outcome_q(outcome, prefix) for outcome in outcomes]
    result = qs[0]
    for q in qs[1:]:
        result |= q
    return result


class InterviewQuerySet(OwnedQuerySet):
    def upcoming(self, now=None):
        """Rounds still to come; a round called off (or ended by a "no") is not."""
        return self.filter(starts_at__gte=now or timezone.now(), cancelled=False).order_by(
            "starts_at"
        )

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")

    def with_related(self):
        return self.select_related("company", "application").prefetch_related("interviewers")


class Interview(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone"

    Outcome = Outcome
    ENDED_WITH_A_NO = ENDED_WITH_A_NO

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews"
    )
    company = models.ForeignKey(Company, on_delete=models.RESTRICT, related_name="interviews")
    # The opening this is a round of; always at the same company (interviews.services).
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="rounds")
    role = models.CharField(max_length=ROLE_MAX_CHARS, validators=[ONE_LINE])
    posting_url = models.URLField("job posting", max_length=POSTING_URL_MAX_CHARS, blank=True)
    starts_at = models.DateTimeField("date and time", validators=STARTS_AT_VALIDATORS)
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)", default=60, validators=[MinValueValidator(5), MaxValueValidator(720)]
    )
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.VIDEO)
    location = models.CharField(
        max_length=LOCATION_MAX_CHARS,
        blank=True,
        help_text="An address, or the video link or phone number.",
    )
    round = models.CharField(
        max_length=ROUND_MAX_CHARS,
        blank=True,
        help_text="For example “phone screen” or “final panel”.",
    )
    interviewers = models.ManyToManyField(Contact, blank=True, related_name="interviews")
    # The plan in words, one item a line (written by reviews' plan; its items are bounded
    # in number and length to fit).
    intent = long_text_field(
        "what I meant to convey",
        help_text="The points, stories and questions you went in with.",
    )
    learned = long_text_field(
        "what I learned",
        help_text="About the business, the culture, the boss — what you heard by listening.",
    )
    excitement_before = rating_field("excitement before (1–5)")
    # This round was called off (its invite was cancelled): nothing to follow up for it,
    # whatever the application's outcome.
    cancelled = models.BooleanField(default=False, editable=False)
    # When the follow-ups were finished. Kept here, set only through interviews.services by
    # the notes and reviews apps, so reminders can tell what is still undone with one query
    # on this table and without importing those apps.
    notes_done_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_done_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The calendar invite it was imported from (RFC 5545 UID and SEQUENCE), so a later
    # version of the same invite moves it and an older or repeated one changes nothing.
    invite_uid = models.CharField(
        max_length=255, blank=True, default="", db_default="", editable=False
    )
    invite_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # A digest of what the imported version of the invite said (start, length, place):
    # a version with the same SEQUENCE that says something else is an update too, while
    # the same file again changes nothing, whatever the person corrected in the preview.
    invite_digest = models.CharField(
        max_length=64, blank=True, default="", db_default="", editable=False
    )
    # The hidden key of the form that logged it: the same form submitted twice (a retry
    # after a slow answer, a double click) finds this row instead of making a second.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    # The example a new account may add to look around; shown marked, removed in one click,
    # and never the subject of a reminder email.
    is_sample = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["owner", "starts_at"])]
        constraints = [
            rating_constraint("excitement_before", "interview_excitement_before_1_to_5"),
            models.UniqueConstraint(
                fields=["owner", "invite_uid"],
                condition=~models.Q(invite_uid=""),
                name="interview_one_per_invite",
            ),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="interview_one_row_per_submission"
            ),
            # The validators above, kept by the database too: every page, email, feed and
            # PDF may then convert any stored instant to any zone without overflowing.
            models.CheckConstraint(
                condition=models.Q(starts_at__range=(EARLIEST_START, LATEST_START)),
                name="interview_starts_at_in_range",
                violation_error_message=OUT_OF_RANGE,
            ),
            *length_constraints(
                "interview",
                role=ROLE_MAX_CHARS,
                posting_url=POSTING_URL_MAX_CHARS,
                location=LOCATION_MAX_CHARS,
                round=ROUND_MAX_CHARS,
                intent=LONG_TEXT_MAX_CHARS,
                learned=LONG_TEXT_MAX_CHARS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.company.name}"

    def get_absolute_url(self) -> str:
        return reverse_for_pk("interviews:detail", "interview_pk", self.pk)

    @property
    def panel(self) -> list:
        """The interviewers, from the rows the query prefetched when it did: a list page
        reads them per row without a new queryset each time (``with_related()``)."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("interviewers")
        return list(prefetched if prefetched is not None else self.interviewers.all())

    @property
    def outcome(self) -> str:
        """What came of this round: "cancelled" if it was called off, "next round" if a
        later round followed it, else the application's outcome (needs the application)."""
        return round_outcome(
            cancelled=self.cancelled,
            starts_at=self.starts_at,
            latest_round_at=self.application.latest_round_at,
            application_outcome=self.application.outcome,
        )

    def get_outcome_display(self) -> str:
        return Outcome(self.outcome).label

    @property
    def decision_date(self):
        return self.application.decision_date

    @property
    def awaiting_decision(self) -> bool:
        """Not called off, and its application still awaits a decision (a gut rating now
        is not hindsight)."""
        return not self.cancelled and self.application.outcome == Outcome.AWAITING

    @property
    def ended_with_a_no(self) -> bool:
        return self.outcome in ENDED_WITH_A_NO

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled

    @property
    def is_latest_round(self) -> bool:
        """Whether no round of its application starts later (needs the application; kept in
        step by interviews.services as ``Application.latest_round_at``)."""
        latest = self.application.latest_round_at
        return latest is None or self.starts_at >= latest

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at >= timezone.now()


class ListeningHookQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"


class ListeningHook(models.Model):
    """One short thing an interviewer said, asked or cared about in one interview.

    One to three per interviewer and interview, in the order the person wrote them. The
    composer builds "what I learned by listening" in that interviewer's note from them.
    """

    MAX_PER_PERSON = 3
    MAX_CHARS = HOOK_MAX_CHARS

    class Placement(models.TextChoices):
        """Whether the hook goes into that interviewer's note. By default the composer
        decides (an aside, a worry or a joke stays out); the person may say either way."""

        AUTO = "", "As the composer reads it"
        NOTE = "note", "For the note"
        PRIVATE = "private", "Just for me"

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="listening_hooks"
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="listening_hooks")
    position = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PER_PERSON)]
    )
    text = models.CharField(max_length=MAX_CHARS, validators=[ONE_LINE])
    placement = models.CharField(
        max_length=8, choices=Placement.choices, default=Placement.AUTO, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ListeningHookQuerySet.as_manager()

    class Meta:
        ordering = ["interview_id", "contact_id", "position"]
        constraints = [
            models.UniqueConstraint(
                "interview", "contact", "position", name="hook_one_per_position"
            ),
            models.CheckConstraint(
                condition=models.Q(position__range=(1, 3)), name="hook_position_1_to_3"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="hook_text_not_empty"),
            one_line_constraint("text", "hook_text_one_line"),
            *length_constraints("hook", text=HOOK_MAX_CHARS),
        ]

    def __str__(self) -> str:
        return self.text
