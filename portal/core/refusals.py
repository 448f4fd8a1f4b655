"""The refusal a service raises when it will not keep a record, naming the field at fault, so that a page shows the
message beside the field, an import names the row and column, and the CLI prints one line per problem."""
from __future__ import annotations

from collections.abc import Mapping


class FieldRefused(ValueError):
    """A record that cannot be kept: ``field`` names the field at fault, ``label`` gives it in words.

    A feature subclasses it with its own ``labels`` (``{field: lazy text}``); a field without one reads as itself.
    """

    labels: Mapping[str, object] = {}

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field

    @property
    def label(self) -> str:
        return str(self.labels.get(self.field, self.field))
