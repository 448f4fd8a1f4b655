"""Build a report: ask every feature and plugin for its sections, keep the user's groups, order them."""
from __future__ import annotations

from flask_babel import gettext as _

from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from .context import Report
from .period import Period


def report_area(user, place_id: int | None = None, code: str | None = None) -> Place:
    """The area of the report: the chosen place if it lies in the user's view, else the user's own place.

    A ValueError says what is wrong (an unknown code, a place outside the user's area).
    """
    place = None
    if code:
        place = db.session.execute(db.select(Place).filter_by(code=code)).scalar_one_or_none()
        if place is None:
            raise ValueError(_("Place: no place has the code %(code)s.", code=code))
    elif place_id:
        place = db.session.get(Place, place_id)
        if place is None:
            raise ValueError(_("Place: no such place."))
    own = getattr(user, "place", None)
    if place is None:
        place = own if own is not None else _root()
    if user.role != "admin" and (own is None or not place.path.startswith(own.path)):
        raise ValueError(_("Place: outside your area."))
    return place


def _root() -> Place:
    root = db.session.execute(db.select(Place).where(Place.parent_id.is_(None)).order_by(Place.id)).scalars().first()
    if root is None:
        raise ValueError(_("Place: the place tree is empty."))
    return root


def build_report(period: Period, user, place: Place) -> Report:
    """The report with its sections, group by group in the plugins' order, then the area's own."""
    report = Report(period, user, place)
    codes = [g.code for g in report.groups]
    sections = [s for s in current_plugins().report_sections(report) if s.group is None or s.group in codes]
    report.sections = sorted(sections, key=lambda s: (s.group is None, codes.index(s.group) if s.group else 0,
                                                      s.order, str(s.key)))
    return report


def all_tables(report: Report):
    """Every (section, table) of the report, in order."""
    return [(section, table) for section in report.sections for table in section.tables]
