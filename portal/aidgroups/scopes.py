"""Who sees which groups, runs, reports and meetings: staff and coordinators by area (staff their own group),
a leader the groups they lead."""
from __future__ import annotations

from sqlalchemy import false, select, true

from ..core.scoping import visible
from ..places.scopes import in_jurisdiction
from ..volunteers.models import Volunteer
from .models import AidGroup, AidGroupMember, FormingRun, GroupMeeting, GroupReport, MeetingAttendance


def visible_runs(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(FormingRun.place_id, user)
    if user.role == "staff":
        return (FormingRun.group == user.group) & in_jurisdiction(FormingRun.place_id, user)
    return false()


def visible_groups(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(AidGroup.place_id, user)
    if user.role == "staff":
        return (AidGroup.group == user.group) & in_jurisdiction(AidGroup.place_id, user)
    return leading(user)


def leading(user):
    """The groups ``user`` leads now: as an active volunteer, of a leadership not ended (issue 30: a helper who
    stepped down neither opens nor reports for the group they led)."""
    return AidGroup.leader_id.in_(select(Volunteer.id).where(Volunteer.user_id == user.id,
                                                             Volunteer.status == "active")) \
        & AidGroup.leader_ended_on.is_(None)


def _of_visible_groups(column):
    return lambda user: column.in_(select(AidGroup.id).where(visible(AidGroup, user)))


def visible_attendance(user):
    return MeetingAttendance.meeting_id.in_(select(GroupMeeting.id).where(visible(GroupMeeting, user)))


RULES = {FormingRun: visible_runs, AidGroup: visible_groups,
         AidGroupMember: _of_visible_groups(AidGroupMember.aid_group_id),
         GroupReport: _of_visible_groups(GroupReport.aid_group_id),
         GroupMeeting: _of_visible_groups(GroupMeeting.aid_group_id), MeetingAttendance: visible_attendance}
