"""The one mapping between the tables and the domain models.

A domain model is read from its row by pydantic (`from_attributes`), and a row is written
from a domain model's fields: every field the two hold under the same name passes as it is.
What differs in name or form (a `manual_id` column for a `manual` field, a model's usage kept
in four columns, SQLite's times without a zone) is given explicitly by the one function that
maps that kind of row.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import inspect

from service.store.models import Base

Model = TypeVar("Model", bound=BaseModel)


_MISSING = object()


def from_row(model: type[Model], row: object, **given: Any) -> Model:
    """The domain model of `row`: the fields named alike read from it, the others `given`.

    The values are gathered into a dict first: pydantic validates a dict several times
    faster than it reads an object's attributes one by one (a queue page of suggestions)."""
    values = dict(given)
    for name in model.model_fields:
        if name not in values:
            value = getattr(row, name, _MISSING)
            if value is not _MISSING:
                values[name] = value
    return model.model_validate(values, from_attributes=True)


def columns(table: type[Base]) -> set[str]:
    """The names of a table's mapped columns, as its rows spell them."""
    return set(inspect(table).column_attrs.keys())


def row_values(item: BaseModel, table: type[Base], **given: Any) -> dict[str, Any]:
    """The column values of a row of `table` for `item`: its fields named like a column (nested
    models as the plain data a JSON column keeps), and the others `given`."""
    return {**item.model_dump(include=columns(table)), **given}
