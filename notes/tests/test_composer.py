import pytest

from interviews.models import Interview
from notes import composer
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grace(alice):
    return ContactFactory(owner=alice, name="Grace Hopper")


def parts_for(alice, grace, **fields):
    interview = InterviewFactory(owner=alice, interviewers=[grace], **fields)
    return {part.key: part for part in composer.guide_for(interview, grace)}


def test_the_five_parts_in_the_articles_order(alice, grace):
    assert list(parts_for(alice, grace)) == ["thanks", "passion", "learned", "fit", "long_game"]


def test_draft_is_drawn_from_the_record_and_is_deterministic(alice, grace):
    interview = InterviewFactory(
        owner=alice,
        interviewers=[grace],
        company__name="Acme Robotics",
        role="Platform Engineer",
        format=Interview.Format.IN_PERSON,
        learned="The team ships weekly; Grace values written RFCs.",
        intent="Show how I led the billing migration\nAsk about on-call",
    )
    parts = {p.key: p for p in composer.guide_for(interview, grace)}

    assert "meeting with me" in parts["thanks"].example
    assert "Platform Engineer role at Acme Robotics" in parts["thanks"].example
    assert parts["learned"].example == (
        "I especially appreciated learning that the team ships weekly "
        "and that Grace values written RFCs."
    )
    assert "how I led the billing migration" in parts["fit"].example
    assert "on-call" not in parts["fit"].example  # a question to ask, not a point to make
    body = composer.starting_body(list(parts.values()))
    assert body == composer.starting_body(composer.guide_for(interview, grace))
    assert parts["long_game"].example not in body  # offered, not included, while awaiting


@pytest.mark.parametrize("outcome", [Interview.Outcome.REJECTED, Interview.Outcome.WITHDRAWN])
def test_long_game_is_in_the_draft_after_a_no(alice, grace, outcome):
    parts = parts_for(alice, grace, outcome=outcome)
    assert parts["long_game"].suggested
    assert "future openings" in parts["long_game"].example
    assert not parts["fit"].suggested


def test_empty_record_still_gives_a_usable_draft(alice, grace):
    parts = parts_for(alice, grace, learned="", intent="")
    assert not parts["learned"].suggested and not parts["fit"].suggested
    body = composer.starting_body(list(parts.values()))
    assert body.startswith("Thank you for speaking with me")


def test_add_and_drop_a_part(alice, grace):
    part = parts_for(alice, grace)["long_game"]
    body = composer.body_with_part("My own words.", part)
    assert body == f"My own words.\n\n{part.example}"
    assert composer.body_with_part(body, part) == body  # once
    assert composer.body_without_part(body, part) == ("My own words.", True)
    assert composer.body_without_part("Edited beyond recognition.", part)[1] is False


def test_points_starting_with_my_are_lower_cased_mid_sentence(alice, grace):
    parts = parts_for(
        alice, grace, intent="My experience scaling Django services; the migration story"
    )

    assert parts["fit"].example.startswith(
        "I hope our conversation showed my experience scaling Django services and the "
        "migration story,"
    )


def test_text_typed_in_a_browser_with_blank_lines_gives_a_draft(alice, grace):
    """Browsers send textarea line breaks as CR LF; a blank line (or a line ending in ';')
    once left a lone CR as a point, which crashed the composer with a 500."""
    parts = parts_for(
        alice,
        grace,
        learned="The team ships weekly;\r\n\r\nGrace values written RFCs.\r\n",
        intent="Show the billing migration\r\n\r\nAsk about on-call\r\n",
    )

    assert parts["learned"].example == (
        "I especially appreciated learning that the team ships weekly "
        "and that Grace values written RFCs."
    )
    assert "the billing migration" in parts["fit"].example
    assert "\r" not in composer.starting_body(list(parts.values()))
