"""The dashboard's "where coverage is thin" box: this quarter's villages with the lowest pairing coverage."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..plugin.records import Widget
from .context import Report
from .ledger_sections import coverage_by_village
from .period import this_quarter
from .tables import share

SHOWN = 5


def thin_coverage(user) -> dict:
    """The villages (of every group in view) with the lowest coverage at the end of this quarter."""
    period = this_quarter()
    report = Report(period, user, user.place)
    rows = []
    for group in report.groups:
        for village, people, paired in coverage_by_village(report, group):
            rows.append((share(paired, people), people - paired, group.name, report.village_name(village),
                         url_for("ledger.index", group=group.code, place=village)))
    rows.sort(key=lambda r: (r[0], -r[1]))
    return {"rows": rows[:SHOWN], "period": period, "link": url_for("reports.index")}


def coverage_widget(user) -> list[Widget]:
    if user.role not in ("admin", "coordinator", "staff") or user.place is None:
        return []
    return [Widget(title=_l("Where coverage is thin"), template="widgets/thin_coverage.html", context=thin_coverage,
                   order=45)]
