"""What a report is made of: sections of tables, each table with an optional chart drawn beside it.

Features and plugins return :class:`ReportSection` objects from ``guanai_get_report_sections``; the page,
the print layout, the spreadsheet and the command line all show the same objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Chart:
    """A chart of one table: bars (one value per label), columns (by time), or a map of places.

    ``kind`` is ``bar`` (horizontal bars, for places and categories), ``column`` (vertical, for months and
    quarters) or ``map``; ``percent`` draws values against 100. ``points`` (maps only) are dicts with
    ``name``, ``lat``, ``lon``, ``size``, ``value`` (0..100 or None), ``extra`` and ``href``.
    """

    title: Any
    kind: str = "bar"
    labels: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    percent: bool = False
    points: list[dict] = field(default_factory=list)
    legend: Any = ""

    def svg(self):
        from .charts import draw
        return draw(self)


@dataclass
class ReportTable:
    """A table: column headers, rows of plain values, an optional total row, chart and per-row links."""

    key: str                                   # unique in the report: the spreadsheet's sheet name comes from it
    title: Any
    columns: list[Any]
    rows: list[list[Any]]
    total: list[Any] | None = None
    chart: Chart | None = None
    links: list[str | None] = field(default_factory=list)   # a link per row (rosters: the person's page)
    note: Any = ""


@dataclass
class ReportSection:
    """A part of the report, given by one feature or plugin; ``group`` when it belongs to one group."""

    key: str
    title: Any
    tables: list[ReportTable]
    group: str | None = None
    order: int = 50
    note: Any = ""


@dataclass
class CommendationMeasure:
    """One measure of a helper's year for the commendation (评比表彰, 001): hours, visits on time, ...

    ``query`` is a SELECT of two labelled columns, ``vid`` (the volunteer id) and ``n`` (the figure), grouped by
    volunteer and limited to the year; helpers are ranked by the measures in ``order``.
    """

    key: str
    label: Any
    query: Any
    order: int = 50
