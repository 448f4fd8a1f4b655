"""The lists built on the schedule: a coordinator's overdue list, a helper's to-do, counts, a person's visits."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from flask import url_for
from sqlalchemy import select

from ..core.cache import cached_for_area, kept
from ..core.scoping import scoped, visible
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..volunteers.models import Volunteer
from ..web.pagination import ListPage, database_page
from .area import overdue_counts, overdue_helpers, overdue_slice, overdue_total
from .due import DueRow, Filters, overdue, schedule
from .models import FollowUp, Visit

#: How the overdue list can be sorted: a key per choice (most overdue first by default).
SORTS = {
    "due": lambda r: (r.due, r.name),
    "name": lambda r: (r.name, r.due),
    "village": lambda r: (r.village, r.due),
    "risk": lambda r: ({"high": 0, "key": 1}.get(r.risk_level, 2), r.due),
    "helper": lambda r: (r.helper or "\uffff", r.due),
}
#: A helper's to-do shows what is due within this many days, and everything overdue.
TODO_DAYS = 14


def overdue_rows(user, filters: Filters, sort: str = "due") -> list[DueRow]:
    """The overdue visits in the user's view, narrowed by ``filters``, sorted."""
    if user.role == "staff":
        filters.group = user.group
    rows = overdue(visible(Beneficiary, user), filters)
    return sorted(rows, key=SORTS.get(sort, SORTS["due"]))


def my_volunteer(user) -> Volunteer | None:
    return db.session.execute(select(Volunteer).where(Volunteer.user_id == user.id)).scalar_one_or_none()


def todo(user, days: int = TODO_DAYS) -> list[DueRow]:
    """A volunteer's visits: the people paired with them, what is due within ``days`` or overdue, by due date."""
    me = my_volunteer(user)
    if me is None:
        return []
    return schedule(visible(Beneficiary, user), Filters(volunteer_id=me.id),
                    until=local_today() + timedelta(days=days))


def open_follow_ups(user, person_id: int | None = None, limit: int = 50) -> list[FollowUp]:
    stmt = scoped(FollowUp, user).where(FollowUp.done_on.is_(None))
    if person_id is not None:
        stmt = stmt.where(FollowUp.beneficiary_id == person_id)
    return list(db.session.execute(stmt.order_by(FollowUp.due_on.is_(None), FollowUp.due_on, FollowUp.id)
                                   .limit(limit)).scalars())


def _area_view(user, filters: Filters):
    """The people the user may see, and the filters narrowed to their group for group staff."""
    if user.role == "staff":
        filters.group = user.group
    return visible(Beneficiary, user), filters


def dashboard_counts(user) -> dict:
    """Overdue visits in the user's area: in all, high-risk people, and per village (most first); one aggregate."""
    counts = overdue_counts(*_area_view(user, Filters()))
    return {**counts, "link": url_for("visits.overdue")}


#: What the overdue list's count reads.
OVERDUE_TABLES = ("visit_due", "visit_due_state", "beneficiaries", "visits", "pairings", "visit_risk_levels")


def overdue_list(user, filters: Filters, sort: str) -> ListPage:
    """The request's page of the overdue list (the last page when past it), sorted, cut and counted by the
    database from the kept due table (:mod:`portal.visits.kept`; a county has tens of thousands of rows)."""
    people, filters = _area_view(user, filters)
    # The pager's count is a pass over the area's overdue rows (a county's 47,000: 60-120 ms) where the page is
    # one index walk (10 ms): kept per area and filters for the area lifetime, forgotten on this process's writes
    # to what it reads; the page itself is always read fresh.
    total = kept(("overdue_total", _filters_key(filters)), user, OVERDUE_TABLES,
                 lambda: overdue_total(people, filters))
    return database_page(total, lambda limit, offset: overdue_slice(people, filters, sort, limit, offset))


def _filters_key(filters: Filters) -> str:
    return f"{filters.place.id if filters.place else ''}:{filters.group or ''}:{filters.volunteer_id or ''}:" \
           f"{filters.risk or ''}"


def helpers_with_overdue(user, filters: Filters) -> list[tuple]:
    """(volunteer id, name) of the helpers with overdue visits in view (before the helper filter applies)."""
    people, filters = _area_view(user, replace(filters, volunteer_id=None))
    return cached_for_area(f"overdue_helpers:{_filters_key(filters)}", user,
                           lambda: [list(h) for h in overdue_helpers(people, filters)])


def person_visits(user, person_id: int, limit: int = 50) -> list[Visit]:
    return list(db.session.execute(scoped(Visit, user).where(Visit.beneficiary_id == person_id)
                                   .order_by(Visit.visited_at.desc(), Visit.id.desc()).limit(limit)).scalars())


def person_section(person: Beneficiary, user) -> dict:
    """What a person's ledger page shows of visits: the next due per rule, the last visits, open follow-ups."""
    # Only the person's own group's rules can hold them: the other groups' queries would return nothing.
    from .log import risk_of
    return {"person": person, "due": schedule(Beneficiary.id == person.id, Filters(group=person.group)),
            "today": local_today(), "risk": risk_of(person),
            "visits": person_visits(user, person.id, limit=5), "follow_ups": open_follow_ups(user, person.id)}
