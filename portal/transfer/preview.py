"""The preview of an import: every row with its outcome and every bad cell, before anything is written."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..places.models import Place
from ..plugin.manager import current_plugins
from ..web.access import can_open_group
from .assess import assess_rows
from .columns import Columns, columns_for
from .duplicates import mark_against_ledger, mark_within_file
from .header import Header, find_header, is_blank, is_column_numbers, is_sign_off, texts_of
from .places import PlaceFinder
from .rows import Row, RowReader
from .sheets import UnreadableFile, read_rows

OUTCOMES = ("new", "update", "same", "duplicate", "error")


@dataclass
class Options:
    """What the user chose: where (a place in their jurisdiction), the group of rows without a category,
    whether records already in the ledger are updated (else skipped), and their fixes to the column mapping."""

    place: Place
    group: str | None = None
    update: bool = False
    mapping: dict[int, str] | None = None


@dataclass
class Preview:
    filename: str
    rows: list[Row] = field(default_factory=list)
    header: Header | None = None
    columns: Columns | None = None
    problems: list[str] = field(default_factory=list)   # about the whole file

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(r.outcome for r in self.rows)
        return {outcome: found.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def ok(self) -> bool:
        """Nothing stops the import: no problem with the file and no bad row."""
        return not self.problems and not any(r.outcome == "error" for r in self.rows)

    @property
    def outside(self) -> list[Row]:
        """New rows the group's rule does not admit: written only with a reason (kept in their notes)."""
        return [r for r in self.rows if r.outside and r.outcome == "new"]

    @property
    def to_confirm(self) -> list[Row]:
        """New rows whose category neither the sheet nor the group's rules tell: to confirm on the list."""
        return [r for r in self.rows if r.to_confirm and r.outcome == "new"]

    def row_problems(self) -> list[str]:
        """Every problem as ``row N, COLUMN: message`` (the command line prints these)."""
        return [f"row {r.number}, {column}: {message}" for r in self.rows for column, message in r.problems]

    def unknown_columns(self) -> list[str]:
        return [self.header.titles[i] for i in self.header.unknown()] if self.header else []


def importable_groups(user) -> list[str]:
    """The groups whose ledgers the user may add to."""
    return [code for code in current_plugins().groups if can_open_group(user, code)]


def sheet_rows(preview: Preview, filename: str, content: bytes | list) -> list | None:
    """The rows of an upload: ``content`` itself when it was parsed already (kept by ``store``), else the file
    read now; None (the problem noted on the preview) when it cannot be read."""
    if isinstance(content, list):
        return content
    try:
        return read_rows(filename, content)
    except UnreadableFile as error:
        preview.problems.append(str(error))
        return None


def build_preview(user, filename: str, content: bytes | list, options: Options) -> Preview:
    """Read (unless ``content`` is rows already), find the header, map, validate every row and look for
    duplicates; write nothing."""
    preview = Preview(filename)
    groups = importable_groups(user)
    if options.group is not None and options.group not in groups:
        preview.problems.append(str(_l("You may not add people to this group.")))
        return preview
    rows = sheet_rows(preview, filename, content)
    if rows is None:
        return preview
    ordered = ([options.group] if options.group else []) + [g for g in groups if g != options.group]
    preview.columns = columns_for(ordered)
    header = find_header(rows, preview.columns)
    if header is None:
        preview.problems.append(str(_l("No table header found: a row naming the columns, 姓名 among them.")))
        return preview
    if options.mapping is not None:
        header.mapping = {i: m for i, m in options.mapping.items() if m and i < len(header.titles)}
    preview.header = header
    reader = RowReader(header, preview.columns, PlaceFinder(user, options.place), options.group, groups)
    titles = {t.split("/")[-1] for t in header.titles if t}
    for index in range(header.data_start, len(rows)):
        cells_ = rows[index]
        texts = texts_of(cells_)  # each cell's text once, for these checks and the reader
        if is_blank(cells_, texts) or is_sign_off(cells_, texts) or is_column_numbers(cells_, texts) \
                or _repeats_header(texts, titles):
            continue
        preview.rows.append(reader.read(index + 1, cells_, texts))
    mark_within_file(preview.rows)
    mark_against_ledger(preview.rows, user, options.update)
    assess_rows(preview.rows)
    if not preview.rows:
        preview.problems.append(str(_l("The sheet has a header but no rows of people.")))
    return preview


def _repeats_header(texts: list[str], titles: set[str]) -> bool:
    """A header printed again on every page of a long sheet (``texts``: the row's cells as text)."""
    values = [t for t in texts if t]
    return len(values) >= 2 and all(v in titles for v in values)
