"""Time zones named in an email's words: "9:30 AM Mountain Time", "(Dublin time)", "our
Seattle office". Read from the IANA names themselves (``Europe/Dublin`` gives "Dublin"), a
few zone words and abbreviations, and cities that are not in those names.
"""

import re
import unicodedata
import zoneinfo
from functools import cache

# Zone words and abbreviations as recruiters write them next to a time.
ZONE_WORDS = {
    "pacific": "America/Los_Angeles", "pt": "America/Los_Angeles", "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "mountain": "America/Denver", "mt": "America/Denver", "mst": "America/Denver",
    "mdt": "America/Denver",
    "central": "America/Chicago", "ct": "America/Chicago", "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "eastern": "America/New_York", "et": "America/New_York", "est": "America/New_York",
    "edt": "America/New_York",
    "central european": "Europe/Berlin", "cet": "Europe/Berlin", "cest": "Europe/Berlin",
    "mez": "Europe/Berlin", "mesz": "Europe/Berlin",
    "british": "Europe/London", "bst": "Europe/London", "uk": "Europe/London",
    "india": "Asia/Kolkata", "ist": "Asia/Kolkata",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney",
    "jst": "Asia/Tokyo", "sgt": "Asia/Singapore",
}  # fmt: skip
ZONE_NEAR_TIME = re.compile(
    r"\b(?P<word>central european|pacific|mountain|central|eastern|british|india|"
    r"pst|pdt|pt|mst|mdt|mt|cst|cdt|ct|est|edt|et|cet|cest|mez|mesz|bst|uk|ist|aest|aedt|jst|"
    r"sgt)\b(?:\s+(?:standard\s+|daylight\s+)?time)?",
    re.IGNORECASE,
)
# Cities where interviews happen whose names are not in the IANA zone names.
CITIES = {
    "seattle": "America/Los_Angeles", "bellevue": "America/Los_Angeles",
    "redmond": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "palo alto": "America/Los_Angeles", "mountain view": "America/Los_Angeles",
    "sunnyvale": "America/Los_Angeles", "menlo park": "America/Los_Angeles",
    "san jose": "America/Los_Angeles", "oakland": "America/Los_Angeles",
    "san diego": "America/Los_Angeles", "portland": "America/Los_Angeles",
    "austin": "America/Chicago", "dallas": "America/Chicago", "houston": "America/Chicago",
    "boston": "America/New_York", "washington": "America/New_York",
    "atlanta": "America/New_York", "miami": "America/New_York",
    "philadelphia": "America/New_York", "pittsburgh": "America/New_York",
    "raleigh": "America/New_York", "salt lake city": "America/Denver",
    "montreal": "America/Toronto", "montréal": "America/Toronto", "ottawa": "America/Toronto",
    "munich": "Europe/Berlin", "münchen": "Europe/Berlin", "hamburg": "Europe/Berlin",
    "frankfurt": "Europe/Berlin", "cologne": "Europe/Berlin", "köln": "Europe/Berlin",
    "stuttgart": "Europe/Berlin", "düsseldorf": "Europe/Berlin", "leipzig": "Europe/Berlin",
    "lyon": "Europe/Paris", "marseille": "Europe/Paris", "toulouse": "Europe/Paris",
    "barcelona": "Europe/Madrid", "milan": "Europe/Rome", "milano": "Europe/Rome",
    "manchester": "Europe/London", "edinburgh": "Europe/London",
    "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata", "hyderabad": "Asia/Kolkata", "pune": "Asia/Kolkata",
    "chennai": "Asia/Kolkata", "tel aviv": "Asia/Jerusalem", "beijing": "Asia/Shanghai",
    "shenzhen": "Asia/Shanghai", "osaka": "Asia/Tokyo", "rio de janeiro": "America/Sao_Paulo",
    "geneva": "Europe/Zurich", "krakow": "Europe/Warsaw", "kraków": "Europe/Warsaw",
}  # fmt: skip
# Zone cities that are also common words or given names: never read as a place.
NOT_PLACES = {
    "adelaide", "darwin", "regina", "victoria", "davis", "casey", "palmer", "center",
    "knox", "marengo", "troll", "nome", "currie", "vevay", "winamac", "monticello",
    "beulah", "salem", "petersburg", "dawson", "reunion", "christmas", "midway", "wake",
    "easter", "stanley", "jersey", "guernsey", "lindeman", "macquarie", "eucla", "chatham",
    "johnston", "mawson", "vostok", "creston", "phoenix", "general", "eire", "universal",
    "zulu", "greenwich", "factory", "norfolk", "mendoza", "cordoba", "jujuy", "catamarca",
    "apia", "yap", "truk", "chuuk", "thule", "boise", "sitka", "belize", "merida",
}  # fmt: skip
REGIONS = ("Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()


@cache
def _places() -> dict[str, str]:
    found: dict[str, str] = {}
    for name in sorted(zoneinfo.available_timezones()):
        parts = name.split("/")
        if len(parts) < 2 or parts[0] not in REGIONS:
            continue
        city = parts[-1].replace("_", " ").lower()
        if city not in NOT_PLACES and len(city) > 3:
            found.setdefault(_fold(city), name)
    for city, zone in CITIES.items():
        found[_fold(city)] = zone
    return found


@cache
def _place_pattern() -> re.Pattern:
    names = sorted(_places(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


def zone_near(text: str) -> str:
    """A zone named in a few words right after a time ("10:00 AM Central Time (Chicago)")."""
    window = text[:80]
    word = ZONE_NEAR_TIME.search(window)
    city = _place_pattern().search(_fold(window))
    # A city in brackets names the zone more exactly than the zone word before it.
    if city and (word is None or city.start() < 40):
        return _places()[city.group(1)]
    if word:
        return ZONE_WORDS[word.group("word").lower()]
    return ""


def zone_in_text(text: str) -> str:
    """A zone named anywhere: the first place the text mentions that has one."""
    folded = _fold(text[:20_000])
    # Only places written with a capital letter in the original: "reading" is not Reading.
    for match in _place_pattern().finditer(folded):
        original = text[match.start() : match.end()]
        if original[:1].isupper():
            return _places()[match.group(1)]
    return ""
