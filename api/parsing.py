"""Reading a request body: JSON only, an object at the top, nested at most a few levels."""

import json

from django.conf import settings
from ninja.parser import Parser

from api.problems import Problem


def _depth(value) -> int:
    """How deeply ``value`` nests, found without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item)
    return deepest


class StrictJsonParser(Parser):
    def parse_body(self, request):
        content_type = request.content_type or ""
        if content_type != "application/json":
            raise Problem(
                415,
                f"Send the body as application/json (this was {content_type or 'untyped'}).",
                kind="unsupported-media-type",
            )
        try:
            data = json.loads(request.body)
        except RecursionError as exc:
            raise Problem(400, _too_deep(), kind="too-deep", title="Too deeply nested") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise Problem(
                400, f"The body is not valid JSON: {exc}.", kind="malformed-json"
            ) from exc
        if not isinstance(data, dict):
            raise Problem(400, "The body must be a JSON object.", kind="malformed-json")
        if _depth(data) > settings.API_MAX_JSON_DEPTH:
            raise Problem(400, _too_deep(), kind="too-deep", title="Too deeply nested")
        return data


def _too_deep() -> str:
    return (
        f"The JSON nests more than {settings.API_MAX_JSON_DEPTH} levels deep; "
        "no request here needs that."
    )
