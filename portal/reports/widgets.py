"""The dashboard's "where coverage is thin" box: this quarter's villages with the lowest pairing coverage."""
from __future__ import annotations

from collections import defaultdict

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..places.models import Place
from ..plugin.records import Widget
from ..web.access import STAFF
from .context import Report
from .ledger_sections import _village_counts
from .period import this_quarter
from .tables import share

SHOWN = 5


def thin_coverage(user) -> dict:
    """The villages (of every group in view) with the lowest coverage at the end of this quarter.

    Two sums per group (on the ledger, and paired, at the quarter's end) by village, not the report's whole
    village figures (trend quarters included); names and links for the few villages shown only. The result
    is plain values, so that the dashboard keeps it a minute per area (a period object made it uncacheable).
    """
    period = this_quarter()
    report = Report(period, user, user.place)
    rows = []
    for index, group in enumerate(report.groups):
        on = report.on_ledger_at_end()
        per = defaultdict(lambda: [0, 0])
        for village, _category, people, paired in _village_counts(report, group.code, on,
                                                                   on & report.paired_at_end(group.code)):
            per[village][0] += people
            per[village][1] += paired
        rows += [(share(paired, people), people - paired, index, village)
                 for village, (people, paired) in per.items() if people]
    names = _names({village for *_rest, village in rows})
    rows.sort(key=lambda r: (r[0], -r[1], r[2], names.get(r[3], "—")))
    shown = [(rate, unpaired, str(report.groups[index].name), names.get(village, "—"),
              url_for("ledger.index", group=report.groups[index].code, place=village))
             for rate, unpaired, index, village in rows[:SHOWN]]
    return {"rows": shown, "period": str(period.label), "link": url_for("reports.index")}


def _names(ids: set) -> dict:
    ids = {i for i in ids if i is not None}
    return dict(db.session.execute(select(Place.id, Place.name).where(Place.id.in_(ids))).all()) if ids else {}


def coverage_widget(user) -> list[Widget]:
    if user.role not in STAFF or user.place is None:
        return []
    return [Widget(title=_l("Where coverage is thin"), template="widgets/thin_coverage.html", context=thin_coverage,
                   order=45)]
