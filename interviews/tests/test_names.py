"""How a note greets a person: never half of a name."""

import pytest

from interviews.models import Contact
from interviews.names import given_name, suggested_greeting


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Ada Lovelace", "Ada"),
        ("Dr. Ada Lovelace", "Dr. Lovelace"),
        ("Mrs. Jennifer Powell", "Jennifer"),
        ("Cher", "Cher"),
        # Family name first, no spaces: the whole name, never "Dear 李,".
        ("李小龙", "李小龙"),
        ("李 小龙", "李 小龙"),
        ("山田太郎", "山田太郎"),
        ("김민수", "김민수"),
        ("Dr. 李小龙", "Dr. 李小龙"),
        # A compound Arabic given name is one name.
        ("نور الهدى", "نور الهدى"),
        ("عبد الله الحسن", "عبد الله الحسن"),
        ("Abdul Rahman Khan", "Abdul Rahman"),
        ("Nur al-Huda Haddad", "Nur al-Huda"),
        ("Abu Bakr Salim", "Abu Bakr"),
        # Hungarian order, when the name says so.
        ("Kovács János", "János"),
        ("Nagy Katalin", "Katalin"),
        # …and a Western order name with a Hungarian-looking surname last stays as it is.
        ("János Kovács", "János"),
    ],
)
def test_suggested_greeting(name, greeting):
    assert suggested_greeting(name) == greeting


def test_given_name_is_empty_for_an_empty_name():
    assert given_name("  ") == ""


def test_greet_as_is_used_when_set_and_the_suggestion_otherwise():
    assert Contact(name="نور الهدى").greeting_name == "نور الهدى"
    assert Contact(name="Ada Lovelace", greet_as="Countess").greeting_name == "Countess"
