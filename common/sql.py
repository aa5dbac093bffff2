"""For the few reads written as plain SQL (where the ORM spent longer building a statement
than the database spent answering it): values read back as the ORM would give them."""

from collections.abc import Callable
from typing import Any

from django.db import connection, models


def read_as_the_orm(model: type[models.Model], field_name: str) -> Callable[[Any], Any]:
    """A function that turns a value of ``model.field_name`` as the database returns it into
    what the ORM gives for it: the backend's converters, then the field's (on SQLite: text
    to an aware datetime or a date, 0 or 1 to a boolean). NULL stays None."""
    col = model._meta.get_field(field_name).cached_col  # type: ignore[union-attr]
    converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)

    def read(value: Any) -> Any:
        if value is None:
            return None
        for convert in converters:
            value = convert(value, col, connection)
        return value

    return read
