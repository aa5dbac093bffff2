"""Another person's ids are a 404 everywhere, and nothing of theirs changes.

Walks every URL pattern whose path takes an object id (``<int:…_pk>``), fills the ids with
alice's rows, and requests each as bob with GET and POST. A new URL is covered the day it is
added, as long as its id keyword follows the convention: ``<model>_pk``, where ``<model>`` is
the model's name or the end of it (``note_pk`` → ``ThankYouNote``).
"""

import pytest
from django.core import serializers
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.services import owned_models
from tests.world import build_world

pytestmark = pytest.mark.django_db


# The API's routes (/api/v1/) take ids as path parameters, answer JSON and check CSRF in
# their session authentication (ninja's views are csrf_exempt to Django): their own sweep
# walks every route of the published schema (api/tests/test_schema_and_sweep.py).
API_NAMESPACE = "api-v1"

# Path keywords that are neither ids nor secrets: a choice among a few fixed values, filled
# with one of them (the print page's paper sizes).
CHOICE_KEYWORDS = {"paper": "a4"}


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == API_NAMESPACE:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def id_urls():
    """(url name, {kwarg: converter}) for every named URL of ours that takes an id."""
    found = []
    for name, pattern in walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        converters = pattern.pattern.converters
        # Include the converters of the enclosing resolvers' routes (none take ids today).
        if any(kw.endswith("_pk") for kw in converters):
            found.append((name, sorted(converters)))
    return found


def model_for(kwarg: str):
    stem = kwarg.removesuffix("_pk")
    matches = [m for m in owned_models() if m._meta.model_name.endswith(stem)]
    assert len(matches) == 1, f"URL keyword {kwarg!r} names no single owned model: {matches}"
    return matches[0]


def snapshot() -> str:
    rows = []
    for model in owned_models():
        rows.extend(model._default_manager.order_by("pk"))
    return serializers.serialize("json", rows)


def test_the_sweep_finds_the_id_urls():
    names = {name for name, _ in id_urls()}
    assert {"interviews:detail", "interviews:edit", "interviews:delete"} <= names
    assert {"interviews:person", "interviews:person_vcard"} <= names


@pytest.mark.slow
def test_another_users_ids_are_404_for_get_and_post(client, alice, bob):
    build_world(alice)
    before = snapshot()
    client.force_login(bob)
    checked = []

    for name, kwargs in id_urls():
        values = {}
        for kwarg in kwargs:
            if kwarg in CHOICE_KEYWORDS:
                values[kwarg] = CHOICE_KEYWORDS[kwarg]
                continue
            assert kwarg.endswith("_pk"), f"{name}: id keyword {kwarg!r} must end in _pk"
            model = model_for(kwarg)
            row = model._default_manager.for_user(alice).order_by("pk").first()
            assert row is not None, f"build_world makes no {model.__name__}; add one"
            values[kwarg] = row.pk
        url = reverse(name, kwargs=values)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), f"{method.upper()} {url} as bob"
            if response.status_code == 405:
                assert method == "get", f"{url} refuses POST; it should 404 first"
        checked.append(url)

    assert checked
    assert snapshot() == before, "a request as another user changed alice's data"


def test_each_persons_lists_show_only_their_own(client, alice, bob):
    build_world(alice)
    client.force_login(bob)
    for url in [
        reverse("interviews:dashboard"),
        reverse("interviews:list"),
        reverse("interviews:people"),
    ]:
        html = client.get(url).content.decode()
        for interview in alice.interviews.select_related("company"):
            assert interview.company.name not in html
