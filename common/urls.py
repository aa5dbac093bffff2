"""``reverse_for_pk``: the address of one row's page, at the cost of a string format; and
``reverse_plain``: the address of a page that takes no argument, reversed once.

A list page links every row, several times; ``reverse()`` walks the URL patterns each time
(a fifth of a 20-row page's time). The address of ``viewname`` for any id is the same text
around the id, so it is reversed once per URLconf and script prefix, with a placeholder id,
and formatted after that. Only for patterns whose one argument is an ``<int:…>`` id.
"""

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# An id no row has, to find where the id goes in the reversed address.
_PLACEHOLDER = 918273645


@lru_cache(maxsize=256)
def _around_pk(viewname: str, kwarg: str, urlconf, prefix: str) -> tuple[str, str]:
    path = reverse(viewname, urlconf=urlconf, kwargs={kwarg: _PLACEHOLDER})
    before, placeholder, after = path.partition(str(_PLACEHOLDER))
    assert placeholder, path
    return before, after


def _urlconf():
    """The URLconf reverse() uses now: the request's, else the settings' (named, so a
    changed ROOT_URLCONF is another key)."""
    return get_urlconf() or settings.ROOT_URLCONF


def reverse_for_pk(viewname: str, kwarg: str, pk: int) -> str:
    """``reverse(viewname, kwargs={kwarg: pk})``, for patterns that take one int id."""
    before, after = _around_pk(viewname, kwarg, _urlconf(), get_script_prefix())
    return f"{before}{int(pk)}{after}"


@lru_cache(maxsize=256)
def _plain(viewname: str, urlconf, prefix: str) -> str:
    return reverse(viewname, urlconf=urlconf)


def reverse_plain(viewname: str) -> str:
    """``reverse(viewname)`` for a pattern without arguments: the navigation's links, which
    every page draws (a dozen reversals were half of the base layout's time). The address
    depends only on the URLconf and the script prefix, which are the key."""
    return _plain(viewname, _urlconf(), get_script_prefix())


def reverse_for_pks(viewname: str, kwarg: str) -> Callable[[int], str]:
    """``reverse_for_pk`` for every row of a list: the URLconf and prefix are looked up
    once (each lookup is a context-local read), then each address is a string format."""
    before, after = _around_pk(viewname, kwarg, _urlconf(), get_script_prefix())
    return lambda pk: f"{before}{int(pk)}{after}"
