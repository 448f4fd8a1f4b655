"""Core sections per group: people on the ledger (at period end, new, left by reason) and pairing coverage.

Written once for every group: the core names no group. A plugin adds what only its group has (its official
breakdowns, which categories must all be paired) in its own section through the same hook.
"""
from __future__ import annotations

from collections import defaultdict

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, literal_column, select

from ..core.scoping import visible
from ..core.texts import vocabularies
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..volunteers.models import Volunteer
from .context import Report
from .model import Chart, ReportSection, ReportTable
from .tables import count_table, share
from ..core.sql import by_pinyin

GRID = literal_column("'grid'")  # a literal, not a parameter: the same text in SELECT and GROUP BY


def link(endpoint: str, **values) -> str | None:
    """A page's address when there is a request to build it in (the command line has none)."""
    return url_for(endpoint, **values) if has_request_context() else None


#: A number no id reaches, built into an address once and then replaced by each id.
_SLOT = 987654321987


def links(endpoint: str, key: str, ids, **values) -> list[str | None]:
    """``link(endpoint, key=id, **values)`` for each id, with one ``url_for``: a county's tables link 14,000
    villages and people, and building each address took a third of the report's time."""
    ids = list(ids)
    if not has_request_context():
        return [None] * len(ids)
    pattern = url_for(endpoint, **values, **{key: _SLOT})
    head, _sep, tail = pattern.partition(str(_SLOT))
    return [f"{head}{i}{tail}" for i in ids]


def village_column(spot):
    """The village a place belongs to: a grid counts in its village, any other place as itself."""
    return case((spot.level == GRID, spot.parent_id), else_=spot.id)


def _village_counts(report: Report, group: str, *conditions) -> list[tuple]:
    """(village id, category, *sums of each condition) over the group's people in view."""
    spot = db.aliased(Place)
    inner = (select(village_column(spot).label("village"), Beneficiary.category.label("category"),
                    *[case((c, 1), else_=0).label(f"c{i}") for i, c in enumerate(conditions)])
             .select_from(Beneficiary).join(spot, spot.id == Beneficiary.place_id)
             .where(*report.people_where(group))).subquery()
    sums = [func.sum(inner.c[f"c{i}"]) for i in range(len(conditions))]
    stmt = select(inner.c.village, inner.c.category, *sums).group_by(inner.c.village, inner.c.category)
    return [tuple(row[:2]) + tuple(int(v or 0) for v in row[2:]) for row in db.session.execute(stmt).all()]


def village_figures(report: Report, group) -> list[tuple]:
    """(village, category, at end, new, left, paired at end, then on the ledger and paired at each trend
    quarter's end) for the group: one pass over its people that the sections share."""
    key = ("village_figures", group.code)
    if key not in report.cache:
        on = report.on_ledger_at_end()
        trend = []
        for q in report.period.trend_quarters():
            was_on = report.on_ledger_at(q.end, q.end_utc)
            trend += [was_on, was_on & report.paired_at(q.end, group.code)]
        report.cache[key] = _village_counts(report, group.code, on, report.joined_in_period(),
                                            report.left_in_period(), on & report.paired_at_end(group.code), *trend)
    return report.cache[key]


def ledger_table(report: Report, group) -> ReportTable:
    """People on the ledger at period end by village and category, with those who joined and left."""
    rows = [r[:5] for r in village_figures(report, group)]
    cats = [c.code for c in group.categories]
    extra = sorted({r[1] for r in rows if r[1] not in cats}, key=str)
    at_end, new, left = defaultdict(lambda: defaultdict(int)), defaultdict(int), defaultdict(int)
    for village, category, n_end, n_new, n_left in rows:
        at_end[village][category] += n_end
        new[village] += n_new
        left[village] += n_left
    villages = sorted(at_end, key=report.village_name)
    columns = [_l("Village"), *[c.name for c in group.categories], *[_l("Other") for _x in extra[:1]],
               _l("At period end"), _l("New in the period"), _l("Left in the period")]
    table_rows = []
    for v in villages:
        per_cat = [at_end[v].get(c, 0) for c in cats] + ([sum(at_end[v].get(c, 0) for c in extra)] if extra else [])
        table_rows.append([report.village_name(v), *per_cat, sum(per_cat), new[v], left[v]])
    total = [_l("Total"), *[sum(r[i] for r in table_rows) for i in range(1, len(columns))]]
    return ReportTable(f"{group.code}-ledger", _l("People on the ledger by village and category"), columns,
                       table_rows, total=total,
                       links=links("ledger.index", "place", villages, group=group.code))


def left_table(report: Report, group) -> ReportTable:
    """Who left the ledger in the period, by reason."""
    stmt = (select(Beneficiary.left_reason, func.count(Beneficiary.id))
            .where(*report.people_where(group.code), report.left_in_period()).group_by(Beneficiary.left_reason))
    counts = dict(db.session.execute(stmt).all())
    return count_table(f"{group.code}-left", _l("Left the ledger in the period, by reason"), _l("Reason"), counts,
                       vocabularies().choices("leave_reasons"), chart=False)


def trend_table(report: Report, group) -> ReportTable:
    """People on the ledger and paired at the end of each quarter: the trend by quarter."""
    quarters = report.period.trend_quarters()
    figures = village_figures(report, group)
    rows = []
    for i, q in enumerate(quarters):
        people = sum(r[6 + 2 * i] for r in figures)
        paired = sum(r[7 + 2 * i] for r in figures)
        rows.append([q.short_label, people, paired, share(paired, people)])
    table = ReportTable(f"{group.code}-trend", _l("Trend by quarter (at each quarter's end)"),
                        [_l("Quarter"), _l("On the ledger"), _l("Paired"), _l("Coverage (%)")], rows)
    table.chart = Chart(_l("People on the ledger by quarter"), "column", [r[0] for r in rows], [r[1] for r in rows])
    return table


def ledger_section(report: Report, group) -> ReportSection:
    return ReportSection(f"{group.code}-ledger", _l("%(group)s: the ledger", group=group.name),
                         [ledger_table(report, group), left_table(report, group), trend_table(report, group)],
                         group=group.code, order=10)


# --- pairing coverage --------------------------------------------------------------------------------

def coverage_by_village(report: Report, group) -> list[tuple[int, int, int]]:
    """(village id, people on the ledger at end, of them paired) per village, for villages with people."""
    per = defaultdict(lambda: [0, 0])
    for village, _category, n, _new, _left, paired, *_trend in village_figures(report, group):
        per[village][0] += n
        per[village][1] += paired
    return [(v, n, p) for v, (n, p) in sorted(per.items(), key=lambda kv: report.village_name(kv[0])) if n]


def volunteers_by_village(report: Report) -> dict[int, int]:
    """Active volunteers the user may see, by the village they live in."""
    spot = db.aliased(Place)
    inner = (select(village_column(spot).label("village")).select_from(Volunteer)
             .join(spot, spot.id == Volunteer.place_id)
             .where(Volunteer.status == "active", visible(Volunteer, report.user), report.in_area(Volunteer.place_id))
             ).subquery()
    stmt = select(inner.c.village, func.count()).group_by(inner.c.village)
    return dict(db.session.execute(stmt).all())


def coverage_village_table(report: Report, group) -> ReportTable:
    data = coverage_by_village(report, group)
    rows = [[report.village_name(v), n, p, n - p, share(p, n)] for v, n, p in data]
    people, paired = sum(r[1] for r in rows), sum(r[2] for r in rows)
    table = ReportTable(f"{group.code}-coverage", _l("Pairing coverage by village (at period end)"),
                        [_l("Village"), _l("On the ledger"), _l("Paired"), _l("Not paired"), _l("Coverage (%)")],
                        rows, total=[_l("Total"), people, paired, people - paired, share(paired, people)],
                        links=links("ledger.index", "place", [v for v, _n, _p in data], group=group.code))
    table.chart = Chart(_l("Coverage by village"), "bar", [r[0] for r in rows], [r[4] or 0 for r in rows],
                        percent=True)
    return table


def coverage_category_table(report: Report, group) -> ReportTable:
    per = defaultdict(lambda: [0, 0])
    for _village, category, n, _new, _left, paired, *_trend in village_figures(report, group):
        per[category][0] += n
        per[category][1] += paired
    rows = []
    for c in sorted(group.categories, key=lambda c: c.priority):
        n, p = per.get(c.code, (0, 0))
        rows.append([c.name, c.priority, n, p, share(p, n)])
    return ReportTable(f"{group.code}-coverage-cat", _l("Pairing coverage by category (priority 1 most urgent)"),
                       [_l("Category"), _l("Priority"), _l("On the ledger"), _l("Paired"), _l("Coverage (%)")], rows)


def coverage_map(report: Report, group) -> ReportTable:
    """The villages on a map drawn from their coordinates: sized by people, shaded by coverage."""
    volunteers = volunteers_by_village(report)
    rows, points = [], []
    data = coverage_by_village(report, group)
    hrefs = links("ledger.index", "place", [v for v, _n, _p in data], group=group.code)
    for (v, n, p), href in zip(data, hrefs):
        place = report.villages().get(v)
        point = place.nearest_coordinates() if place is not None else None
        rows.append([report.village_name(v), n, share(p, n), volunteers.get(v, 0),
                     *(point if point else (None, None))])
        if point:
            points.append({"name": report.village_name(v), "lat": point[0], "lon": point[1], "size": n,
                           "value": share(p, n), "extra": volunteers.get(v, 0), "href": href})
    table = ReportTable(f"{group.code}-map", _l("Map: coverage, people and volunteers by village"),
                        [_l("Village"), _l("On the ledger"), _l("Coverage (%)"), _l("Active volunteers"),
                         _l("Latitude"), _l("Longitude")], rows, links=hrefs)
    table.chart = Chart(_l("Coverage map"), "map", points=points,
                        legend=_l("Circle size: people; shade: coverage; number below: active volunteers"))
    return table


def uncovered_roster(report: Report, group, categories: list[str], key: str, title) -> ReportTable:
    """Everyone of ``categories`` on the ledger at period end without a running pairing, by village and name."""
    spot = db.aliased(Place)
    stmt = (select(Beneficiary.id, Beneficiary.name, Beneficiary.category, spot.name)
            .join(spot, spot.id == Beneficiary.place_id)
            .where(*report.people_where(group.code), Beneficiary.category.in_(categories),
                   report.on_ledger_at_end(), ~report.paired_at_end(group.code))
            .order_by(by_pinyin(spot.name), by_pinyin(Beneficiary.name), Beneficiary.id))
    found = db.session.execute(stmt).all()
    rows = [[name, group.category(cat).name if group.category(cat) else cat, place] for _i, name, cat, place in found]
    return ReportTable(key, title, [_l("Name"), _l("Category"), _l("Place")], rows,
                       links=links("ledger.detail", "person_id", [i for i, *_rest in found], group=group.code),
                       note=_l("%(n)s people", n=len(rows)))


def coverage_section(report: Report, group) -> ReportSection:
    return ReportSection(f"{group.code}-coverage", _l("%(group)s: pairing coverage", group=group.name),
                         [coverage_village_table(report, group), coverage_category_table(report, group),
                          coverage_map(report, group)], group=group.code, order=30)
