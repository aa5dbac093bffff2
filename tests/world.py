"""A person's whole world: at least one row of every model a person owns.

The ownership sweep (``tests/test_ownership.py``) fills URL ids from these rows. A feature
that adds an owned model adds a line to ``build_world`` — the sweep fails and says so
otherwise.
"""

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.webauthn.internal.auth import WebAuthn
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession

from api.services import token_create
from imports.services import import_read
from inbox.address import inbox_address_replace
from inbox.services import inbox_read, inbox_receive
from interviews.models import Application
from interviews.services import application_set_outcome
from notes.services import keep_in_touch_note_start
from reminders.feed import calendar_feed_replace
from reminders.keep_in_touch import keep_in_touch_plan
from reviews.models import GutRating, PlanItem, Story, StoryTheme
from tests.factories import (
    InterviewFactory,
    ListeningHookFactory,
    QuestionFactory,
    ReminderFactory,
    ThankYouNoteFactory,
)
from tests.webauthn import SoftwareAuthenticator, b64url


def build_world(user) -> None:
    interview = InterviewFactory(owner=user)
    ThankYouNoteFactory(interview=interview)
    ListeningHookFactory(interview=interview)
    question = QuestionFactory(review__interview=interview)  # and its Review
    story = Story.objects.create(owner=user, title="The volunteer fair", situation="Fifty people.")
    StoryTheme.objects.create(story=story, theme="Leadership", theme_key="leadership")
    PlanItem.objects.create(interview=interview, kind="story", text="The fair", story=story)
    question.story = story
    question.save()
    GutRating.objects.create(interview=interview, rating=3, rated_at=interview.starts_at)
    ReminderFactory(owner=user, interview=interview)
    calendar_feed_replace(user=user)
    # An application that ended with a "no" (its Application row), a keep-in-touch note
    # planned in the ledger, and that note started.
    ended = InterviewFactory(owner=user, company=interview.company, role="Data Engineer")
    application_set_outcome(application=ended.application, outcome="rejected")
    # Notes on the opening itself, as an import from a tracker leaves them (no page edits
    # them yet), in two scripts.
    Application.objects.filter(pk=ended.application_id).update(
        notes="Referred by Sam — ask about the data team.\n面接官: 李小龙"
    )
    person = ended.interviewers.first()
    planned = keep_in_touch_plan(application=ended.application, contacts=[person])
    keep_in_touch_note_start(interview=ended, recipient=person, sequence=planned[0].sequence)
    # The inbox: a forwarding address and one message, read into its suggestion.
    inbox_address_replace(user=user)
    received = inbox_receive(
        raw=(
            b"From: Jordan Lee <jordan@acme-robotics.example>\r\n"
            b"Subject: Your interview at Acme Robotics\r\n"
            b"Message-ID: <world-" + str(user.pk).encode() + b"@acme-robotics.example>\r\n\r\n"
            b"Unfortunately we have decided to move forward with other candidates.\r\n"
        ),
        via="upload",
        owner=user,
    )
    assert received.message is not None
    inbox_read(message_pk=received.message.pk)
    # How they sign in (allauth's rows): an authenticator app with its recovery codes, a
    # passkey, a Google account connected, and a signed-in session. (UserFactory gave the address.)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    phone = SoftwareAuthenticator()
    options = {"rp": {"id": "testserver"}, "user": {"id": b64url(str(user.pk).encode())}}
    credential = phone.create({"publicKey": {**options, "challenge": b64url(b"world")}})
    WebAuthn.add(user, "Phone", credential)
    SocialAccount.objects.create(user=user, provider="google", uid=f"google-{user.pk}")
    UserSession.objects.create(
        user=user, ip="203.0.113.9", session_key=f"world-{user.pk}", user_agent="Firefox"
    )
    # A personal access token for the API.
    token_create(owner=user, name="Script", scope="write")
    # An import waiting for its preview to be checked.
    import_read(
        owner=user,
        filename="applications.csv",
        data=b"Company,Role,Date applied,Status\nAcme Robotics,Engineer,2024-01-02,Applied\n",
    )
