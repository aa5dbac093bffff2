"""The guided composer, in focused modules:

- ``reading``: what one jotting becomes in a note (a sentence we vouch for, a gap, or an
  aside kept private), with ``lexicon`` (lemminflect and ``words.toml``);
- ``phrasebank``: the sentences of each part, as data (``phrases.toml``), and the choice
  of phrasing for each member of a panel;
- ``parts``: the parts of a good note for one recipient;
- ``drafts``: starting drafts, the edits of the composer's buttons, what is left to write;
- ``panel``: sentences repeated across the notes to one panel.
"""

from notes.composer import drafts
from notes.composer.drafts import (
    body_with_part,
    body_with_starter,
    body_without_part,
    draft_bodies,
    gaps,
    left_to_write,
    part_in_body,
    starting_body,
    unfinished_starters,
)
from notes.composer.panel import Repeat, normalised, panel_repeats, sentences
from notes.composer.parts import (
    Material,
    Part,
    closing_for,
    gap_text,
    guide_for,
    guide_for_note,
    hook_preview,
    hook_readings,
    long_game_closing_for,
    long_game_guide_for,
    person_for,
    reading_of_hook,
    recipient_names,
)
from notes.composer.phrasebank import Seat, seat_for
from notes.composer.reading import Kind, Person, Reading, read_jotting

__all__ = [
    "Kind",
    "Material",
    "Part",
    "Person",
    "Reading",
    "Repeat",
    "Seat",
    "body_with_part",
    "body_with_starter",
    "body_without_part",
    "closing_for",
    "draft_bodies",
    "drafts",
    "gap_text",
    "gaps",
    "guide_for",
    "guide_for_note",
    "hook_preview",
    "hook_readings",
    "left_to_write",
    "long_game_closing_for",
    "long_game_guide_for",
    "normalised",
    "panel_repeats",
    "part_in_body",
    "person_for",
    "read_jotting",
    "reading_of_hook",
    "recipient_names",
    "seat_for",
    "sentences",
    "starting_body",
    "unfinished_starters",
]
