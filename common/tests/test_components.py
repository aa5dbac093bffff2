"""The row components write what Django's own tags and formatters would."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.formats import date_format

from common.components import format_local

FORMATS = [
    "D j M, H:i",
    "D j M Y",
    "D j M Y, H:i",
    "j M Y",
    "j F Y",
    "l j F Y, H:i",
    "D j M Y, H:i T",  # a character it leaves to Django
    r"j \d\e F",  # an escape it leaves to Django
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_format_local_writes_what_date_format_writes(fmt, language):
    zone = ZoneInfo("America/New_York")
    start = datetime(2026, 1, 1, 0, 5, tzinfo=UTC)
    with translation.override(language):
        for days in range(0, 400, 17):
            later = (start + timedelta(days=days, hours=days % 24)).astimezone(zone)
            # An early year stays in UTC (localtime_or_utc); "Y" pads it to four digits.
            for value in (later, datetime(9, 5, 3, 7, 8, tzinfo=UTC)):
                assert format_local(value, fmt) == date_format(value, fmt)
