"""Signing up for activities: capacity, the waiting list and moving up, and attendance.

The number of confirmed places only rises by a conditional UPDATE (``confirmed < volunteer_slots``), and a
partial unique index allows one live sign-up per volunteer and activity, so concurrent sign-ups can neither
overfill an activity nor sign someone up twice. A refused change is rolled back here; a done one is
committed by the caller.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..core.audit import record, snapshot
from ..core.time import utcnow
from ..extensions import db
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .models import Activity, SignUp


class SignUpRefused(Exception):
    """A sign-up or cancellation that cannot be done; the message is for the volunteer."""


def requires_background_check(activity: Activity) -> bool:
    """Whether the group's rules require a passed background check (work with minors, for example)."""
    plugins = current_plugins()
    service = plugins.services.get(activity.service)
    if service is None:  # a general kind (a safety talk, Children's Day): the group's rules decide (issue 27)
        return any(requires_background_check_for(s) for s in plugins.services_of(activity.group))
    return requires_background_check_for(service)


def requires_background_check_for(service) -> bool:
    policy = current_plugins().matching_policy(service)
    return bool(policy and policy.rules.get("require_background_check"))


def sign_up(actor, activity: Activity, volunteer: Volunteer) -> SignUp:
    """Take a confirmed place, or a place on the waiting list when the activity is full."""
    if volunteer.status != "active":
        raise SignUpRefused(_("Only approved, active volunteers can sign up."))
    if activity.status != "open" or activity.starts_at <= utcnow():
        raise SignUpRefused(_("This activity is closed for sign-ups."))
    if requires_background_check(activity) and not volunteer.background_checked:
        raise SignUpRefused(_("This activity is with minors: it needs a passed background check first."))
    activity_id = activity.id
    db.session.commit()  # end the reading transaction before the guarded writes
    got_place = db.session.execute(update(Activity).where(
        Activity.id == activity_id, Activity.confirmed < Activity.volunteer_slots)
        .values(confirmed=Activity.confirmed + 1)).rowcount == 1
    signup = SignUp(activity_id=activity_id, volunteer_id=volunteer.id,
                    status="confirmed" if got_place else "waiting")
    db.session.add(signup)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise SignUpRefused(_("You are already signed up for this activity."))
    record(actor, "create", "signup", signup.id, None, snapshot(signup))
    return signup


def waiting_position(signup: SignUp) -> int:
    """1 for the first on the waiting list."""
    return db.session.execute(select(func.count(SignUp.id)).where(
        SignUp.activity_id == signup.activity_id, SignUp.status == "waiting", SignUp.id <= signup.id)).scalar_one()


def _promote_first_waiting(activity_id: int) -> SignUp | None:
    """Give a freed place to the first on the waiting list; return them, or None when nobody waits."""
    candidates = db.session.execute(select(SignUp.id).where(
        SignUp.activity_id == activity_id, SignUp.status == "waiting").order_by(SignUp.id)).scalars().all()
    for signup_id in candidates:
        moved = db.session.execute(update(SignUp).where(SignUp.id == signup_id, SignUp.status == "waiting")
                                   .values(status="confirmed")).rowcount
        if moved == 1:
            return db.session.get(SignUp, signup_id)
    return None


def cancel(actor, signup: SignUp) -> SignUp | None:
    """Cancel a sign-up; a freed confirmed place moves the first on the waiting list up. Returns who moved up."""
    if signup.status == "cancelled":
        raise SignUpRefused(_("This sign-up is already cancelled."))
    changed, promoted = _cancel(actor, signup)
    if not changed:
        db.session.rollback()
        raise SignUpRefused(_("This sign-up changed meanwhile. Please reload the page."))
    return promoted


def _cancel(actor, signup: SignUp) -> tuple[bool, SignUp | None]:
    """Cancel if still as read (False when it changed meanwhile), move the waiting list up, tell who moved up."""
    before, was_confirmed, activity_id = snapshot(signup), signup.status == "confirmed", signup.activity_id
    changed = db.session.execute(update(SignUp).where(SignUp.id == signup.id, SignUp.status == signup.status)
                                 .values(status="cancelled", cancelled_at=utcnow())).rowcount
    if changed != 1:
        return False, None
    promoted = None
    if was_confirmed:
        promoted = _promote_first_waiting(activity_id)
        if promoted is None:
            db.session.execute(update(Activity).where(Activity.id == activity_id)
                               .values(confirmed=Activity.confirmed - 1))
    db.session.refresh(signup)
    record(actor, "update", "signup", signup.id, before, snapshot(signup))
    if promoted is not None:  # the volunteer moved up is told (issue 27)
        current_plugins().hook.guanai_on_signup_promoted(signup=promoted, actor=actor)
    return True, promoted


def upcoming_signups(volunteer_id: int) -> list[SignUp]:
    """The volunteer's live sign-ups (confirmed or waiting) for activities not yet begun."""
    return db.session.execute(select(SignUp).join(Activity).where(
        SignUp.volunteer_id == volunteer_id, SignUp.status != "cancelled", Activity.starts_at > utcnow(),
        Activity.status == "open").order_by(Activity.starts_at, SignUp.id)).scalars().all()


def leave_upcoming(actor, volunteer_id: int) -> int:
    """Cancel every upcoming sign-up of a volunteer who paused or left (the waiting list moves up); not committed."""
    return sum(_cancel(actor, signup)[0] for signup in upcoming_signups(volunteer_id))


def mark_attendance(actor, activity: Activity, present: set[int]) -> None:
    """Record who came among the confirmed volunteers (volunteer ids in ``present``); not committed."""
    confirmed = [s for s in activity.signups if s.status == "confirmed"]
    before = {"attended": sorted(s.volunteer_id for s in confirmed if s.attended)}
    for signup in confirmed:
        signup.attended = signup.volunteer_id in present
    record(actor, "update", "activity", activity.id, before,
           {"attended": sorted(s.volunteer_id for s in confirmed if s.attended)})


def cancel_activity(actor, activity: Activity, reason: str = "") -> None:
    """Cancel an activity (its sign-ups stay, for the record) and tell everyone signed up; not committed."""
    if activity.status == "cancelled":
        raise SignUpRefused(_("This activity is already cancelled."))
    before = snapshot(activity)
    activity.status = "cancelled"
    if reason:
        activity.description = (activity.description + "\n\n" + reason).strip()
    record(actor, "update", "activity", activity.id, before, snapshot(activity))
    current_plugins().hook.guanai_on_activity_changed(activity=activity, change="cancelled", actor=actor)


#: What staff may change in an activity; the service and group stay (sign-ups were made for them).
EDITABLE = ("title", "starts_at", "ends_at", "place_id", "location", "description", "volunteer_slots",
            "beneficiary_slots")


def update_activity(actor, activity: Activity, data: dict) -> bool:
    """Change an open activity and tell everyone signed up; False when nothing changed. Not committed."""
    if activity.status != "open":
        raise SignUpRefused(_("Only an open activity can be changed."))
    if data.get("volunteer_slots", activity.volunteer_slots) < activity.confirmed:
        raise SignUpRefused(_("%(n)d volunteers are confirmed: the activity cannot take fewer.", n=activity.confirmed))
    before = snapshot(activity)
    for name in EDITABLE:
        if name in data:
            setattr(activity, name, data[name])
    after = snapshot(activity)
    if after == before:
        return False
    record(actor, "update", "activity", activity.id, before, after)
    current_plugins().hook.guanai_on_activity_changed(activity=activity, change="updated", actor=actor)
    return True
