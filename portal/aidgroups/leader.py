"""What a leader does: report about a member (the cadres are told at once; an incident may be opened), and
record the group's meetings. Services take the actor and plain data; the caller commits.

Seed 001 (篇十五): members "相互探望、相互关照……若遇有重大情况（如生病及其他天灾人祸）向村（社区）、组干部报告".
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import literal, select

from ..auth.models import User
from ..core.audit import write_change
from ..core.time import local_today
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from .models import REPORT_KINDS, AidGroup, GroupMeeting, GroupReport, MeetingAttendance

#: The notification kind of a leader's report (its sentence travels in ``params["text"]``).
REPORT_NOTICE = "aidgroup_report"


class ReportRefused(ValueError):
    """A report or a meeting that cannot be recorded; the message says why."""


def kind_names() -> dict[str, str]:
    return {"ill": _("ill"), "fall": _("a fall"), "house_damaged": _("house damaged"), "missing": _("went missing")}


def cadres_of(group: AidGroup) -> list[User]:
    """Who is told of a report: the coordinators whose area holds the village, and the group's staff there."""
    from ..notifications.service import coordinators_of
    village = group.place
    staff = db.session.execute(
        select(User).join(Place, User.place_id == Place.id)
        .where(User.role == "staff", User.group == group.group, User.active.is_(True),
               literal(village.path).startswith(Place.path)).order_by(User.id)).scalars()
    return coordinators_of(village) + list(staff)


def report(actor, group: AidGroup, person_id: int, kind: str, note: str = "", open_case: bool = False) -> GroupReport:
    """Record a leader's report about a member, tell the cadres at once, and open an incident if asked."""
    if kind not in REPORT_KINDS:
        raise ReportRefused(_("Unknown kind of report."))
    member = next((m for m in group.members if m.beneficiary_id == person_id), None)
    if member is None:
        raise ReportRefused(_("This person is not a member of the group."))
    person = member.beneficiary
    row = GroupReport(aid_group_id=group.id, beneficiary_id=person.id, kind=kind, note=note.strip()[:500],
                      reported_by_id=getattr(actor, "id", None))
    if open_case and "incidents" in current_plugins().names():
        from ..incidents.reporting import open_incident
        from ..incidents.types import types_of
        types = types_of(group.group)
        if types:
            incident = open_incident(actor, person, types[0], what=f"{kind_names()[kind]}: {note}".strip(": "),
                                     location=person.address)
            row.incident_id = incident.id
    write_change(actor, "create", "aid_group_report", row)
    text = _("%(leader)s (mutual-aid group, %(village)s) reports %(person)s: %(kind)s. %(note)s",
             leader=group.leader.name, village=group.place.name, person=person.name, kind=kind_names()[kind],
             note=row.note)
    from ..notifications.service import notify
    if "notifications" not in current_plugins().names():
        return row  # the feature is off: the report is kept, nobody is told through the portal
    told = notify(cadres_of(group), REPORT_NOTICE, {"text": text.strip()}, endpoint="aidgroups.detail",
                  endpoint_args={"group_id": group.id}, key=f"aidgroup_report:{row.id}")
    row.told = len(told)
    return row


def record_meeting(actor, group: AidGroup, held_on: date, topics: str, present: set[int]) -> GroupMeeting:
    """Record a meeting: the day (not in the future), what was discussed, and which members came."""
    if held_on > local_today():
        raise ReportRefused(_("A meeting cannot be recorded before it is held."))
    members = {m.beneficiary_id for m in group.members}
    if not present <= members:
        raise ReportRefused(_("Only members of the group can be marked present."))
    meeting = GroupMeeting(aid_group_id=group.id, held_on=held_on, topics=topics.strip(),
                           recorded_by_id=getattr(actor, "id", None))
    meeting.attendance = [MeetingAttendance(beneficiary_id=p) for p in sorted(present)]
    write_change(actor, "create", "aid_group_meeting", meeting, extra={"present": sorted(present)})
    return meeting
