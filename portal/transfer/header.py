"""Finding the table in a sheet as people keep it: title rows above, a header over one to three rows with
merged group cells (个人基本情况 / 家庭情况 / 实际监护情况 over the column names), sign-off rows below."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import cells
from .columns import IGNORED_HEADERS, Columns, normal

#: How far down a header may start, and how many rows it may span.
SEARCH_ROWS = 30
MAX_HEADER_ROWS = 3
#: A row starting with one of these is a sign-off or a total, not a person ("填表人：…", 004 forms).
SIGN_OFF = re.compile(r"^(填表人|填报人|制表人|审核人|负责人|统计人|经办人|联系人|填表日期|填报日期|审核|签字|签名|盖章|"
                      r"合计|总计|小计|说明|注[:：]|备注[:：]|单位负责人)")


@dataclass
class Header:
    """Where the table is: its header rows, each column's header text and the canonical header it means."""

    first_row: int                 # index of the header's first row
    rows: int                      # how many rows the header spans
    titles: list[str]              # each column's header, as shown (group and name joined by "/")
    mapping: dict[int, str] = field(default_factory=dict)  # column index -> canonical header
    ignored: list[int] = field(default_factory=list)       # row-number columns (序号)

    @property
    def data_start(self) -> int:
        return self.first_row + self.rows

    def unknown(self) -> list[int]:
        """Columns with a header that means nothing known (listed to the user, never silently dropped)."""
        return [i for i, title in enumerate(self.titles) if title and i not in self.mapping and i not in self.ignored]


def _filled(row: list, width: int) -> list[str]:
    """A header row's texts, a merged group cell's text carried right over the empty cells it covers."""
    out, last = [], ""
    for i in range(width):
        value = cells.text(row[i]) if i < len(row) else ""
        last = value or last
        out.append(last)
    return out


def _read_block(rows: list[list], start: int, height: int, width: int, columns: Columns):
    """Each column's header in the block and what it means: the longest ending of its stacked parts that is
    a known header ("父亲" over "姓名" is 父亲姓名; "个人基本情况" over "姓名" is 姓名)."""
    levels = [_filled(rows[start + k], width) if k < height - 1 else
              [cells.text(c) for c in rows[start + k]] + [""] * (width - len(rows[start + k]))
              for k in range(height)]
    titles, meanings = [], {}
    for i in range(width):
        parts = [levels[k][i] for k in range(height)]
        if not parts[-1]:  # a header cell merged down: the name sits in an upper row
            parts = [p for p in parts if p][-1:] if any(parts) else []
        parts = [p for j, p in enumerate(parts) if p and (j == 0 or p != parts[j - 1])]
        titles.append("/".join(parts))
        for k in range(len(parts)):
            found = columns.known("".join(parts[k:]))
            if found:
                meanings[i] = found
                break
    return titles, meanings


def find_header(rows: list[list], columns: Columns) -> Header | None:
    """The header block that names the most distinct known columns (姓名 among them); None when none does."""
    width = max((len(r) for r in rows[:SEARCH_ROWS + MAX_HEADER_ROWS]), default=0)
    best, best_score = None, (0, 0)
    name = columns.known("姓名")
    for start in range(min(SEARCH_ROWS, len(rows))):
        if not any(cells.text(c) for c in rows[start]):
            continue
        for height in range(1, MAX_HEADER_ROWS + 1):
            if start + height > len(rows):
                break
            titles, meanings = _read_block(rows, start, height, width, columns)
            distinct = set(meanings.values())
            score = (len(distinct), -height)
            if name in distinct and score > best_score:
                best, best_score = Header(start, height, titles, meanings), score
    if best is None or best_score[0] < 2:
        return None
    best.ignored = [i for i, t in enumerate(best.titles) if t and normal(t.split("/")[-1]) in
                    {normal(h) for h in IGNORED_HEADERS} and i not in best.mapping]
    _keep_first_of_each(best)
    return best


def _keep_first_of_each(header: Header) -> None:
    """A header meaning two columns claim (a second "联系电话" under a group the portal does not know) keeps its
    first column; the others are listed as unknown and can be mapped by hand, never read over the first."""
    seen: set[str] = set()
    for i in sorted(header.mapping):
        meaning = header.mapping[i]
        if meaning in seen:
            del header.mapping[i]
        seen.add(meaning)


def texts_of(row: list) -> list[str]:
    """Each cell of a row as trimmed text (``cells.text``), read once for all the checks below."""
    return [cells.text(c) for c in row]


def is_sign_off(row: list, texts: list[str] | None = None) -> bool:
    """A sign-off, total or note row below the table."""
    first = next((t for t in (texts if texts is not None else texts_of(row)) if t), "")
    return bool(SIGN_OFF.match(first))


def is_blank(row: list, texts: list[str] | None = None) -> bool:
    return not any(texts if texts is not None else texts_of(row))


def is_column_numbers(row: list, texts: list[str] | None = None) -> bool:
    """The row of column numbers ("1 2 3 …") some forms print under the header."""
    values = [t for t in (texts if texts is not None else texts_of(row)) if t]
    return len(values) >= 3 and all(v.isascii() and v.isdecimal() and len(v) < 6 for v in values) and [int(v) for v in values] == list(
        range(int(values[0]), int(values[0]) + len(values)))
