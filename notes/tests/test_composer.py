"""The composer: natural sentences spoken to the recipient, different for each panelist."""

import re

import pytest

from interviews.models import Interview
from interviews.services import listening_hooks_set
from notes import composer
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

PANEL = {
    "Ada Lovelace": [
        "Ada cares a lot about written design docs",
        "her team is moving off a nightly Airflow DAG to Kafka + Flink",
    ],
    "李小龙": ["asked how I handle on-call", "the plan to open an office in Taipei"],
    "نور الهدى": ["puts a lot of weight on mentoring juniors", "said the team ships weekly"],
}


@pytest.fixture
def panel(alice):
    people = [ContactFactory(owner=alice, name=name) for name in PANEL]
    interview = InterviewFactory(
        owner=alice,
        interviewers=people,
        company__name="Acme Robotics",
        role="Platform Engineer",
        learned="The team is rebuilding its data platform; Ada values written design docs.",
        intent=(
            "Show how I led the billing migration\nMy experience scaling Django\nAsk about on-call"
        ),
    )
    for person in people:
        listening_hooks_set(interview=interview, contact=person, texts=PANEL[person.name])
    return interview, people


def draft(interview, person):
    return composer.starting_body(composer.guide_for(interview, person))


class Sent:
    """A stand-in for a note in the panel check: what it needs is a body and a recipient."""

    def __init__(self, pk, recipient, body):
        self.pk, self.recipient, self.body = pk, recipient, body


def third_person_words(body, person):
    body = composer.drafts.GAP.sub("", body)  # a gap names whom to write to, on purpose
    names = composer.recipient_names(person)
    found = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", body)]
    found += re.findall(r"\b(?:she|he|her|him|his|hers)\b", body, flags=re.IGNORECASE)
    return found


def test_a_panels_drafts_differ_and_share_no_sentence(panel):
    interview, people = panel
    drafts = {person.pk: draft(interview, person) for person in people}

    assert len(set(drafts.values())) == 3
    for person in people:
        others = [Sent(p.pk, p, drafts[p.pk]) for p in people if p.pk != person.pk]
        assert composer.panel_repeats(drafts[person.pk], others) == [], person.name
        # Not only the greeting differs: the very first sentence does too.
        firsts = {composer.sentences(body)[0] for body in drafts.values()}
        assert len(firsts) == 3


def test_no_draft_speaks_of_its_recipient_in_the_third_person(panel):
    interview, people = panel
    for person in people:
        body = draft(interview, person)
        assert third_person_words(body, person) == [], (person.name, body)


def test_what_i_learned_is_built_from_that_persons_hooks_in_the_second_person(panel):
    interview, (ada, li, nur) = panel
    ada_body = draft(interview, ada)
    assert "how much you care about written design docs" in ada_body
    assert "your team is moving off a nightly Airflow DAG to Kafka and Flink" in ada_body
    assert "Taipei" not in ada_body and "mentoring" not in ada_body  # others' hooks

    assert "your question about how I handle on-call" in draft(interview, li)
    assert "how much weight you put on mentoring juniors" in draft(interview, nur)


def test_drafts_are_the_same_every_time(panel):
    interview, people = panel
    for person in people:
        assert draft(interview, person) == draft(interview, person)
        assert composer.closing_for(interview, person) == composer.closing_for(interview, person)


def test_interview_notes_are_the_fallback_only_for_a_person_without_hooks(alice):
    ada, grace = (ContactFactory(owner=alice, name=n) for n in ("Ada Lovelace", "Grace Hopper"))
    interview = InterviewFactory(
        owner=alice,
        interviewers=[ada, grace],
        learned="The team ships weekly; Ada values written RFCs; ask about the on-call rota.",
    )
    listening_hooks_set(interview=interview, contact=ada, texts=["the new Berlin office"])

    ada_learned = {p.key: p for p in composer.guide_for(interview, ada)}["learned"].example
    grace_learned = {p.key: p for p in composer.guide_for(interview, grace)}["learned"].example

    assert "Berlin office" in ada_learned and "ships weekly" not in ada_learned
    assert "the team ships weekly" in grace_learned
    assert "Ada" not in grace_learned  # a line about another panelist stays out
    assert "on-call" not in grace_learned  # a question to self is not something learned


def test_notes_to_self_are_shown_beside_not_pasted(panel):
    interview, (ada, _, _) = panel
    parts = {p.key: p for p in composer.guide_for(interview, ada)}
    body = composer.starting_body(list(parts.values()))

    material = [m.text for m in parts["learned"].material]
    assert "Ada cares a lot about written design docs" in material
    assert "Ada values written design docs" in material
    assert "Ada cares a lot" not in body and "Ada values" not in body
    assert "on-call" not in parts["fit"].example  # a question to ask, not a point to make


@pytest.mark.parametrize(
    ("hook", "phrase"),
    [
        (
            "Ada cares a lot about written design docs",
            "how much you care about written design docs",
        ),
        ("she really cares about code review", "how much you care about code review"),
        (
            "puts a lot of weight on written design docs",
            "how much weight you put on written design docs",
        ),
        ("values her team's autonomy", "how much you value your team's autonomy"),
        ("asked how I handle on-call", "your question about how I handle on-call"),
        ("Ada's team is moving to Kafka", "your team is moving to Kafka"),
        ("she leads the platform group", "you lead the platform group"),
        ("she's hiring for the platform team", "you're hiring for the platform team"),
        ("walked me through their Kafka setup", "you walked me through your Kafka setup"),
        ("mentioned the offsite in Lisbon", "the offsite in Lisbon"),
        (
            "the move from nightly batches to streaming",
            "the move from nightly batches to streaming",
        ),
        ("Kafka migration", "the Kafka migration"),
        ("you're hiring for the platform team", "you're hiring for the platform team"),
    ],
)
def test_hooks_are_spoken_to_the_recipient(alice, hook, phrase):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    person = composer.Person(tuple(composer.recipient_names(ada)))
    assert composer.read_jotting(hook, person).text == phrase


@pytest.mark.parametrize(
    "hook",
    ["asked her about the roadmap", "hybrid: 2 days a week in office", "seemed distracted lol"],
)
def test_what_cannot_be_read_is_not_placed(alice, hook):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    person = composer.Person(tuple(composer.recipient_names(ada)))
    assert not composer.read_jotting(hook, person).placed


def test_a_hook_that_cannot_be_read_leaves_a_gap_and_a_private_one_stays_out(alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    interview = InterviewFactory(owner=alice, interviewers=[ada])
    listening_hooks_set(
        interview=interview,
        contact=ada,
        texts=["hybrid: 2 days a week in office", "seemed distracted lol"],
    )
    body = draft(interview, ada)
    assert "[Write one sentence to Ada about: “hybrid: 2 days a week in office”]" in body
    assert composer.gaps(body) and "distracted" not in body
    learned = {p.key: p for p in composer.guide_for(interview, ada)}["learned"]
    assert "seemed distracted lol" in [m.text for m in learned.material]


def test_each_part_offers_starters_to_complete(panel):
    interview, (ada, _, _) = panel
    parts = {p.key: p for p in composer.guide_for(interview, ada)}

    assert "I especially enjoyed hearing about …" in parts["learned"].starters
    assert all(part.starters for part in parts.values())
    body = composer.body_with_starter("Thank you.", parts["learned"].starters[0])
    assert body == "Thank you.\n\nI especially enjoyed hearing about …"
    assert composer.unfinished_starters(body, list(parts.values())) == [
        "I especially enjoyed hearing about …"
    ]


def test_thanks_comes_first_and_the_long_game_last(panel):
    interview, people = panel
    for person in people:
        keys = [p.key for p in composer.guide_for(interview, person)]
        assert keys[0] == "thanks" and keys[-1] == "long_game"
        assert sorted(keys) == sorted(["thanks", "passion", "learned", "fit", "long_game"])


@pytest.mark.parametrize("outcome", [Interview.Outcome.REJECTED, Interview.Outcome.WITHDRAWN])
def test_long_game_is_in_the_draft_after_a_no(alice, outcome):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(owner=alice, interviewers=[grace], outcome=outcome)
    parts = {p.key: p for p in composer.guide_for(interview, grace)}
    assert parts["long_game"].suggested
    assert parts["long_game"].example in composer.starting_body(list(parts.values()))
    assert "future openings" in parts["long_game"].example
    assert not parts["fit"].suggested and not parts["passion"].suggested


def test_empty_record_still_gives_a_usable_draft(alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(owner=alice, interviewers=[grace], learned="", intent="")
    parts = {p.key: p for p in composer.guide_for(interview, grace)}
    assert not parts["learned"].suggested and not parts["fit"].suggested
    assert composer.starting_body(list(parts.values())).startswith(parts["thanks"].example)


def test_text_typed_in_a_browser_with_blank_lines_gives_a_draft(alice):
    """Browsers send textarea line breaks as CR LF; a blank line once left a lone CR."""
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(
        owner=alice,
        interviewers=[grace],
        learned="The team ships weekly;\r\n\r\nthey value written RFCs.\r\n",
        intent="Show the billing migration\r\n\r\nAsk about on-call\r\n",
    )
    parts = {p.key: p for p in composer.guide_for(interview, grace)}
    assert "the team ships weekly" in parts["learned"].example
    assert "the billing migration" in parts["fit"].example
    assert "\r" not in composer.starting_body(list(parts.values()))


def test_add_and_drop_a_part(panel):
    interview, (ada, _, _) = panel
    part = {p.key: p for p in composer.guide_for(interview, ada)}["long_game"]
    body = composer.body_with_part("My own words.", part)
    assert body == f"My own words.\n\n{part.example}"
    assert composer.body_with_part(body, part) == body  # once
    assert composer.body_without_part(body, part) == ("My own words.", True)
    assert composer.body_without_part("Edited beyond recognition.", part)[1] is False


def test_shorter_drafts_leave_out_the_optional_parts_in_turn(panel):
    interview, (ada, _, _) = panel
    parts = composer.guide_for(interview, ada)
    bodies = composer.draft_bodies(parts)
    by_key = {p.key: p for p in parts}

    assert len(bodies) == 4
    assert [len(b) for b in bodies] == sorted((len(b) for b in bodies), reverse=True)
    shortest = bodies[-1]
    assert by_key["thanks"].example in shortest and by_key["learned"].short in shortest
    assert by_key["passion"].example not in shortest and by_key["fit"].example not in shortest


class TestPanelCheck:
    def test_a_pasted_sentence_is_flagged_with_the_other_recipient(self, panel):
        interview, (ada, li, _) = panel
        li_body = draft(interview, li)
        pasted = composer.sentences(li_body)[1]
        mine = draft(interview, ada) + "\n\n" + pasted

        repeats = composer.panel_repeats(mine, [Sent(7, li, li_body)])

        assert [(r.sentence, r.other_recipient, r.exact) for r in repeats] == [
            (pasted, "李小龙", True)
        ]

    def test_a_nearly_identical_sentence_is_flagged_too(self, alice):
        li = ContactFactory(owner=alice, name="李小龙")
        theirs = "I especially enjoyed hearing about the plan to open an office in Taipei."
        mine = "I Especially enjoyed hearing about the plans to open an office in Taipei!"
        repeats = composer.panel_repeats(mine, [Sent(1, li, theirs)])
        assert repeats and not repeats[0].exact

    def test_short_and_different_sentences_pass(self, alice):
        li = ContactFactory(owner=alice, name="李小龙")
        others = [Sent(1, li, "Thank you so much.\n\nI loved the whiteboard session on caching.")]
        mine = "Thank you so much.\n\nYour question about on-call made me think."
        assert composer.panel_repeats(mine, others) == []


@pytest.mark.parametrize(
    ("intent", "in_sentence"),
    [
        ("Show how I led the billing migration", "how I led the billing migration"),
        ("My experience scaling Django", "my experience scaling Django"),
        ("led billing migration across 3 teams", None),
        ("exp w/ Kafka in prod", None),
    ],
)
def test_what_i_meant_to_convey_is_used_only_when_it_reads_as_a_phrase(alice, intent, in_sentence):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(owner=alice, interviewers=[grace], intent=intent)
    fit = {p.key: p for p in composer.guide_for(interview, grace)}["fit"]
    if in_sentence:
        assert in_sentence in fit.example and fit.suggested
    else:
        assert intent not in fit.example and not fit.suggested
        assert intent in [m.text for m in fit.material]


def test_a_keep_in_touch_note_does_not_remember_what_was_then_the_future(panel):
    interview, people = panel
    ada = people[0]
    listening_hooks_set(
        interview=interview,
        contact=ada,
        texts=["she'll decide by Friday", "walked me through their Kafka setup"],
    )
    (remembered,) = [
        p for p in composer.long_game_guide_for(interview, ada) if p.key == "remembered"
    ]
    assert "Friday" not in remembered.example
    assert "you walked me through your Kafka setup" in remembered.example
