"""factory_boy factories shared by every app's tests. Named people: alice and bob."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from interviews.models import CLOSED_OUTCOMES, Company, Contact, Interview, ListeningHook
from interviews.services import application_for, application_refresh
from notes.models import ThankYouNote
from reminders.models import Reminder
from reviews.models import Question, Review, theme_key


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    time_zone = "Europe/Berlin"
    signature = factory.LazyAttribute(lambda u: u.full_name)
    return_address = "12 Example Street\n10115 Berlin\nGermany"
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """A person made here proved their address, as one who signed up did (allauth lets
        nobody log in before that). ``UserFactory(verified_email=False)`` for one who has not."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class CompanyFactory(factory.django.DjangoModelFactory[Company]):
    class Meta:
        model = Company

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Company {n}")


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory, owner=factory.SelfAttribute("..owner"))
    name = factory.Faker("name")
    title = "Engineering Manager"
    email = factory.Sequence(lambda n: f"interviewer{n}@company.example")
    postal_address = "Hiring Team\n1 Market Street\nSan Francisco, CA 94105"


class InterviewFactory(factory.django.DjangoModelFactory[Interview]):
    class Meta:
        model = Interview
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory, owner=factory.SelfAttribute("..owner"))
    role = "Senior Backend Engineer"
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    duration_minutes = 60
    format = Interview.Format.VIDEO
    location = "Video call"
    round = "Second round"
    intent = "Show how I led the billing migration; ask about on-call."
    learned = "The team is rebuilding its data platform; the manager values written design docs."
    excitement_before = 4

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Each interview joins an application the way interviews.services groups them;
        ``outcome`` and ``decision_date`` are the application's (``cancelled`` the round's)."""
        outcome = kwargs.pop("outcome", None)
        decision_date = kwargs.pop("decision_date", None)
        if kwargs.get("application") is None:
            kwargs["application"] = application_for(
                owner=kwargs["owner"],
                company=kwargs["company"],
                role=kwargs["role"],
                starts_at=kwargs["starts_at"],
            )
        application = kwargs["application"]
        if outcome == Interview.Outcome.CANCELLED:
            kwargs["cancelled"] = True
        elif outcome is not None or decision_date is not None:
            application.outcome = outcome or application.outcome
            application.decision_date = decision_date
            if application.outcome in CLOSED_OUTCOMES:
                application.closed_at = application.closed_at or timezone.now()
            application.save()
        interview = super()._create(model_class, *args, **kwargs)
        application_refresh(application)
        return interview

    @factory.post_generation
    def interviewers(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [ContactFactory(owner=self.owner, company=self.company) for _ in range(2)]
        self.interviewers.set(extracted)


class ListeningHookFactory(factory.django.DjangoModelFactory[ListeningHook]):
    """Something an interviewer said; real ones come from listening_hooks_set."""

    class Meta:
        model = ListeningHook

    interview = factory.SubFactory(InterviewFactory)
    contact = factory.LazyAttribute(lambda h: h.interview.interviewers.first())
    position = 1
    text = "the move from nightly batch jobs to streaming"


class ReviewFactory(factory.django.DjangoModelFactory[Review]):
    """A completed self-review. Questions come from QuestionFactory(review=…)."""

    class Meta:
        model = Review

    interview = factory.SubFactory(InterviewFactory)
    status = Review.Status.COMPLETED
    completed_at = factory.LazyFunction(timezone.now)
    intended = factory.SelfAttribute("interview.intent")
    what_happened = "Two hours with the team; the system-design part ran long."
    went_well = "The billing migration story landed."
    struggles = "Salary expectations."
    strategy = "Research the band before the call; say a range."
    want_to_work_there = 4
    want_this_boss = 4
    rapport = 3
    excitement_after = 4
    culture_notes = "Writes things down; calm on-call."
    takeaways = "A team I would learn from."


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question

    review = factory.SubFactory(ReviewFactory)
    text = factory.Sequence(lambda n: f"Tell me about a time you led a change ({n}).")
    theme = "Leadership"
    theme_key = factory.LazyAttribute(lambda q: theme_key(q.theme))
    comfort = 3
    next_time = "Lead with the outcome, then the story."


class ThankYouNoteFactory(factory.django.DjangoModelFactory[ThankYouNote]):
    class Meta:
        model = "notes.ThankYouNote"

    interview = factory.SubFactory(InterviewFactory)
    recipient = factory.LazyAttribute(lambda n: n.interview.interviewers.first())
    salutation = factory.LazyAttribute(lambda n: f"Dear {n.recipient.first_name},")
    body = (
        "Thank you for speaking with me about the role.\n\n"
        "I especially appreciated learning how the team works."
    )
    closing = "With thanks,"
    signature = factory.LazyAttribute(lambda n: n.interview.owner.full_name)


class ReminderFactory(factory.django.DjangoModelFactory[Reminder]):
    """A scheduled thank-you reminder, due now. Real plans come from reminders_plan_for."""

    class Meta:
        model = "reminders.Reminder"
        django_get_or_create = ("interview", "kind")

    owner = factory.SubFactory(UserFactory)
    interview = factory.SubFactory(InterviewFactory, owner=factory.SelfAttribute("..owner"))
    kind = "thank_you"
    status = "scheduled"
    due_at = factory.LazyFunction(timezone.now)
    next_attempt_at = factory.SelfAttribute("due_at")
    overdue_at = factory.LazyAttribute(lambda r: r.due_at + timedelta(days=1))
