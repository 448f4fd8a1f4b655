"""Helpers that turn SQL counts into report tables: a count per value, a count per value and sex, shares."""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from .model import Chart, ReportTable


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; None when there is nothing to share."""
    return round(100.0 * part / whole, 1) if whole else None


def tally(rows: list[dict], *names: str) -> dict:
    """Add up crosstab rows by the named columns: {value: n} for one name, {(value, value): n} for several."""
    totals: dict = {}
    for row in rows:
        key = row[names[0]] if len(names) == 1 else tuple(row[name] for name in names)
        totals[key] = totals.get(key, 0) + row["n"]
    return totals


def count_table(key: str, title, heading, counts: dict, labels: Iterable[tuple[object, object]],
                chart: bool = True) -> ReportTable:
    """One row per code of ``labels`` (then any uncounted code seen), with its count and share."""
    labels = list(labels)
    known = {code for code, _label in labels}
    labels += [(code, code if code not in (None, "") else "—") for code in counts if code not in known]
    whole = sum(counts.values())
    rows = [[str(label), counts.get(code, 0), share(counts.get(code, 0), whole)] for code, label in labels]
    table = ReportTable(key, title, [heading, _l("People"), _l("Share (%)")], rows, total=[_l("Total"), whole, None])
    if chart and rows:
        table.chart = Chart(title, "bar", [r[0] for r in rows], [r[1] for r in rows])
    return table


def sex_table(key: str, title, heading, counts: dict[tuple, int], labels: Iterable[tuple[object, object]],
              chart: bool = False) -> ReportTable:
    """One row per code with counts of female, male and both (the official forms count by sex)."""
    rows = []
    for code, label in labels:
        f, m = counts.get((code, "F"), 0), counts.get((code, "M"), 0)
        rows.append([str(label), f, m, f + m])
    total = [_l("Total"), *(sum(r[i] for r in rows) for i in (1, 2, 3))]
    table = ReportTable(key, title, [heading, _l("Female"), _l("Male"), _l("Total")], rows, total=total)
    if chart and rows:
        table.chart = Chart(title, "bar", [r[0] for r in rows], [r[3] for r in rows])
    return table
