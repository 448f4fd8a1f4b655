"""A report being built: its period, area, groups and the user's view, with the SQL pieces sections share.

Every figure is a SQL aggregate over rows the user may see (``portal.core.scoping.visible``) inside the
chosen area; sections never load people into Python.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from ..assignment.models import Pairing
from ..core.scoping import visible
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from .period import Period


def running_at(day: date):
    """A pairing was running at the end of ``day``: started by then, not ended by then, not declined."""
    return and_(Pairing.status != "declined", Pairing.started_on <= day,
                or_(and_(Pairing.status == "active", Pairing.ended_on.is_(None)), Pairing.ended_on > day))


class Report:
    """The period, the area (a place), the groups in view and the user whose view the figures follow."""

    def __init__(self, period: Period, user, place: Place):
        self.period = period
        self.user = user
        self.place = place
        plugins = current_plugins()
        own = getattr(user, "group", None) if user.role == "staff" else None
        self.groups = [g for code, g in plugins.groups.items() if own in (None, code)]
        self._villages: dict[int, Place] | None = None
        self.cache: dict = {}   # figures several sections share, computed once per report

    # --- where clauses -------------------------------------------------------------------------------

    def in_area(self, column):
        """``column`` (a place id) lies in the report's area."""
        return column.in_(subtree_ids(self.place))

    def people_where(self, group: str) -> list:
        """The group's people the user may see in the area (whatever their dates)."""
        return [Beneficiary.group == group, visible(Beneficiary, self.user), self.in_area(Beneficiary.place_id)]

    def on_ledger_at(self, day: date, moment_after):
        """On the ledger at the end of ``day``: entered before ``moment_after`` (UTC), not left by then."""
        return and_(Beneficiary.created_at < moment_after,
                    or_(Beneficiary.left_on.is_(None), Beneficiary.left_on > day))

    def on_ledger_at_end(self):
        return self.on_ledger_at(self.period.end, self.period.end_utc)

    def joined_in_period(self):
        return and_(Beneficiary.created_at >= self.period.start_utc, Beneficiary.created_at < self.period.end_utc)

    def left_in_period(self):
        return and_(Beneficiary.left_on >= self.period.start, Beneficiary.left_on <= self.period.end)

    def paired_at(self, day: date, group: str | None = None):
        """The person had a pairing running at the end of ``day`` (of one of ``group``'s services, if given).

        An uncorrelated IN: the database builds the set of paired people once, not once per person; naming
        the group keeps that set to its own pairings.
        """
        found = select(Pairing.beneficiary_id).where(running_at(day))
        if group is not None:
            found = found.where(Pairing.service.in_([s.key for s in current_plugins().services_of(group)]))
        return Beneficiary.id.in_(found)

    def paired_at_end(self, group: str | None = None):
        return self.paired_at(self.period.end, group)

    # --- villages ------------------------------------------------------------------------------------

    def village_of(self):
        """(the place alias to join on ``Beneficiary.place_id``, the village id column): a grid counts in its village."""
        spot = aliased(Place)
        return spot, case((spot.level == "grid", spot.parent_id), else_=spot.id)

    def villages(self) -> dict[int, Place]:
        """The places rows are grouped by (villages, and any other place people are filed under), by id."""
        if self._villages is None:
            rows = db.session.execute(select(Place).where(Place.path.startswith(self.place.path))).scalars()
            self._villages = {p.id: p for p in rows}
        return self._villages

    def village_name(self, place_id: int | None) -> str:
        place = self.villages().get(place_id)
        return place.name if place is not None else "—"

    # --- counting helpers for sections -----------------------------------------------------------------

    def _at_end_values(self, group: str, join, *columns):
        """A subquery of ``columns`` (labelled v0, v1, ...) over the group's people on the ledger at period end.

        Grouping happens outside it, so an expression with parameters (an age band) groups on PostgreSQL too.
        """
        stmt = select(*[c.label(f"v{i}") for i, c in enumerate(columns)]).select_from(Beneficiary)
        if join is not None:
            stmt = stmt.outerjoin(*join)
        return stmt.where(*self.people_where(group), self.on_ledger_at_end()).subquery()

    def count_at_end_by(self, group: str, column, join=None) -> dict:
        """{value of ``column``: people on the ledger at period end}, ``join`` a (model, on-clause) pair."""
        inner = self._at_end_values(group, join, column)
        return dict(db.session.execute(select(inner.c.v0, func.count()).group_by(inner.c.v0)).all())

    def at_end_crosstab(self, group: str, join=None, **columns) -> list[dict]:
        """People on the ledger at period end counted for every combination of ``columns`` (name=expression).

        One query for all of a group's breakdowns: each row is ``{name: value, ..., "n": count}``; add the
        rows up per breakdown with :func:`portal.reports.tables.tally`.
        """
        inner = self._at_end_values(group, join, *columns.values())
        cols = [inner.c[f"v{i}"] for i in range(len(columns))]
        rows = db.session.execute(select(*cols, func.count()).group_by(*cols)).all()
        return [{**dict(zip(columns, row[:-1])), "n": row[-1]} for row in rows]

    def paired_by_service_at_end(self, group: str) -> dict[str, int]:
        """{service key: people on the ledger at period end with a pairing of it running then}."""
        day = self.period.end
        stmt = (select(Pairing.service, func.count(func.distinct(Beneficiary.id)))
                .join(Beneficiary, Beneficiary.id == Pairing.beneficiary_id)
                .where(*self.people_where(group), self.on_ledger_at_end(), running_at(day))
                .group_by(Pairing.service))
        return dict(db.session.execute(stmt).all())

    def age_band(self, bands: list[tuple[str, int, int | None]]):
        """A CASE giving each person's age band at period end; ``bands`` are (label, from age, to age or None).

        Ages become birth-date bounds in Python, so the SQL is plain date comparison on both databases.
        """
        from ..core.time import years_before
        end = self.period.end
        whens = []
        for label, low, high in bands:
            cond = Beneficiary.birth_date <= years_before(end, low)
            if high is not None:
                cond = and_(cond, Beneficiary.birth_date > years_before(end, high + 1))
            whens.append((cond, label))
        return case(*whens, else_="")
