"""The import's record a group plugin hands over: a spreadsheet column of its own (guanai_get_import_columns).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.records import Named


@dataclass(frozen=True)
class ImportColumn(Named):
    """A spreadsheet column a group reads on import and writes on export (issue 16).

    ``field`` is a profile field (a core field when ``core``); ``names`` the header in Chinese and English
    (written on export, read on import) and ``synonyms`` other headers people use. ``parse`` turns a cell into
    the field's value and raises :class:`portal.transfer.cells.CellError` for a bad cell (default: the text);
    ``show`` turns a value back into a cell. Several columns may fill one text field: each then adds its
    value behind ``prefix`` ("父亲：东莞；母亲：深圳"). A column with ``export`` False is only read; one with a
    ``default`` gives that value to rows whose sheet has no such cell.
    """

    field: str
    names: dict[str, str]
    synonyms: tuple[str, ...] = ()
    parse: Callable[[Any], Any] | None = None
    show: Callable[[Any], Any] | None = None
    prefix: str = ""
    core: bool = False
    export: bool = True
    default: Any = None
    household: bool = False   # names the household when the sheet has no head of household (issue 27)

    @property
    def headers(self) -> tuple[str, ...]:
        return (*self.names.values(), *self.synonyms)
