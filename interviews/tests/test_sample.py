"""The sample interview a new account may add: marked, one per person, removed in one click,
never emailed about, and removing it touches nothing of the person's own."""

import pytest
from django.urls import reverse

from interviews.models import Company, Contact, Interview
from interviews.services import sample_interview_create, sample_interview_delete
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def test_an_empty_account_is_offered_a_start_and_the_sample(alice_client):
    page = alice_client.get(reverse("interviews:dashboard")).content.decode()
    assert "Start right after your next interview" in page
    assert "Explore a sample interview" in page


@pytest.mark.slow
def test_adding_the_sample_makes_one_marked_interview_with_two_interviewers(alice_client, alice):
    response = alice_client.post(reverse("interviews:sample_create"))
    interview = Interview.objects.for_user(alice).get()
    assert response.status_code == 302 and response["Location"] == interview.get_absolute_url()
    assert interview.is_sample
    assert interview.interviewers.count() == 2

    alice_client.post(reverse("interviews:sample_create"))  # a second click adds no second
    assert Interview.objects.for_user(alice).count() == 1

    dashboard = alice_client.get(reverse("interviews:dashboard")).content.decode()
    assert "Remove the sample" in dashboard
    assert (
        "status-badge--sample" in alice_client.get(interview.get_absolute_url()).content.decode()
    )


def test_removing_the_sample_keeps_the_persons_own_rows(alice_client, alice, bob):
    own = InterviewFactory(owner=alice)
    bobs = sample_interview_create(owner=bob)
    sample = sample_interview_create(owner=alice)
    # Someone of their own, filed under the sample company, stays.
    kept = ContactFactory(owner=alice, company=sample.company, name="Real Person")

    response = alice_client.post(reverse("interviews:sample_delete"))

    assert response.status_code == 302
    assert list(Interview.objects.for_user(alice)) == [own]
    assert Contact.objects.filter(pk=kept.pk).exists()
    assert not Contact.objects.for_user(alice).filter(name="Maya Lindqvist").exists()
    assert Interview.objects.filter(pk=bobs.pk).exists(), "bob's sample is his"


def test_removing_the_sample_removes_its_company_when_nothing_else_uses_it(alice):
    sample_interview_create(owner=alice)
    assert sample_interview_delete(owner=alice) == 1
    assert not Company.objects.for_user(alice).exists()
    assert not Contact.objects.for_user(alice).exists()
    assert sample_interview_delete(owner=alice) == 0


def test_sample_urls_take_post_only(alice_client, alice):
    assert alice_client.get(reverse("interviews:sample_create")).status_code == 405
    assert alice_client.get(reverse("interviews:sample_delete")).status_code == 405
    assert not Interview.objects.for_user(alice).exists()
