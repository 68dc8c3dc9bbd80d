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


class _Given:
    """A row seen through the values given for the fields it holds in another form."""

    __slots__ = ("_given", "_row")

    def __init__(self, row: object, given: dict[str, Any]) -> None:
        self._row = row
        self._given = given

    def __getattr__(self, name: str) -> Any:
        if name in self._given:
            return self._given[name]
        return getattr(self._row, name)


def from_row(model: type[Model], row: object, **given: Any) -> Model:
    """The domain model of `row`: the fields named alike read from it, the others `given`."""
    return model.model_validate(_Given(row, given), from_attributes=True)


def columns(table: type[Base]) -> set[str]:
    """The names of a table's mapped columns, as its rows spell them."""
    return set(inspect(table).column_attrs.keys())


def row_values(item: BaseModel, table: type[Base], **given: Any) -> dict[str, Any]:
    """The column values of a row of `table` for `item`: its fields named like a column (nested
    models as the plain data a JSON column keeps), and the others `given`."""
    return {**item.model_dump(include=columns(table)), **given}
