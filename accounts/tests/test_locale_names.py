"""Each locale is named after its usual script: en-GB is "English (United Kingdom)", not
Shavian; zh-CN is Simplified Chinese."""

from accounts.models import locale_choices


def test_locales_are_named_after_their_usual_script():
    names = dict(locale_choices())
    assert names["en-GB"] == "English (United Kingdom)"
    assert names["en-US"] == "English (United States)"
    assert names["zh-CN"] == "Chinese (Simplified, China)"
    assert names["zh-TW"] == "Chinese (Traditional, Taiwan)"
    assert names["sr-RS"] == "Serbian (Cyrillic, Serbia)"
    assert not any("Shavian" in name or "Deseret" in name for name in names.values())
