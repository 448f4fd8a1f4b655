"""The events the notifications feature listens to (``guanai_on_*``): who is told of what."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from ..core.time import format_local
from ..extensions import db
from ..hookspecs import hookimpl
from ..plugin.manager import current_plugins
from .service import coordinators_of, notify, notify_bulk, notify_each, staff_of


def _service_name(key: str) -> str:
    service = current_plugins().services.get(key)
    return service.name if service else key


#: Pairing ids per IN list: under SQLite's and PostgreSQL's parameter limits.
CHUNK = 500


@hookimpl
def guanai_on_pairing_created(pairing_ids, actor):
    """Each volunteer with an account hears of their new pairings, once per commit: a query per 500 pairings
    reads only those of volunteers with an account (ids and names), and the notices are added in bulk."""
    from ..assignment.models import Pairing
    from ..ledger.models import Beneficiary
    from ..volunteers.models import Volunteer
    by_user: dict[int, list] = defaultdict(list)
    for start in range(0, len(pairing_ids), CHUNK):
        stmt = (select(Volunteer.user_id, Pairing.id, Pairing.service, Beneficiary.name)
                .join(Volunteer, Volunteer.id == Pairing.volunteer_id)
                .join(Beneficiary, Beneficiary.id == Pairing.beneficiary_id)
                .where(Pairing.id.in_(pairing_ids[start:start + CHUNK]), Volunteer.user_id.is_not(None)))
        for row in db.session.execute(stmt):
            by_user[row.user_id].append(row)
    notify_each("pairing_created", [
        (user_id, {"n": len(mine), "service": _service_name(mine[0].service),
                   "people": "、".join(sorted({r.name for r in mine}))}, f"pairing_created:{min(r.id for r in mine)}")
        for user_id, mine in by_user.items()], endpoint="mine.pairings")


@hookimpl
def guanai_on_pairing_declined(pairing, actor):
    """The coordinators of the person's area hear who declined whom, and why."""
    person = pairing.beneficiary
    notify(coordinators_of(person.place), "pairing_declined",
           {"volunteer": pairing.volunteer.name, "person": person.name, "service": _service_name(pairing.service),
            "note": pairing.response_note},
           endpoint="volunteers.detail", endpoint_args={"volunteer_id": pairing.volunteer_id},
           key=f"pairing_declined:{pairing.id}")


@hookimpl
def guanai_on_activity_changed(activity, change, actor):
    """Everyone signed up (confirmed or waiting) hears that the activity changed or is cancelled."""
    from ..activities.models import SignUp
    from ..volunteers.models import Volunteer
    users = db.session.execute(db.select(Volunteer.user_id).join(SignUp, SignUp.volunteer_id == Volunteer.id).where(
        SignUp.activity_id == activity.id, SignUp.status != "cancelled", Volunteer.user_id.is_not(None))
        .order_by(SignUp.id)).scalars().all()
    kind = "activity_cancelled" if change == "cancelled" else "activity_changed"
    notify(users, kind, {"title": activity.title, "when": format_local(activity.starts_at)},
           endpoint="mine.overview", key=None if change != "cancelled" else f"activity_cancelled:{activity.id}")


@hookimpl
def guanai_on_background_checks_ending(checks, today):
    """Each volunteer with an account hears of their own check (one notice each, one statement for all); each
    active coordinator whose area holds some of them gets ONE notice for the sweep: how many checks of their area
    end soon and have ended, with a link to that list (2,536 checks ending on one day put 2,537 notices on one
    coordinator's bell, issue 32)."""
    for stage in ("expiring", "expired"):
        kind = f"check_{stage}"
        notify_bulk(kind, [(c.user_id, {"volunteer": c.name, "date": c.expires_on.isoformat()},
                            f"{kind}:{c.volunteer_id}:{c.expires_on.isoformat()}")
                           for c in checks if c.stage == stage and c.user_id], endpoint="mine.overview")
    digests = []
    for user_id, mine in _by_coordinator(checks, lambda c: c.place_id).items():
        expiring = sum(1 for c in mine if c.stage == "expiring")
        digests.append((user_id, {"expiring": expiring, "expired": len(mine) - expiring, "date": today.isoformat()},
                        f"checks_digest:{today.isoformat()}"))
    notify_bulk("checks_digest", digests, endpoint="volunteers.index", endpoint_args={"check": "ending"})


def _by_coordinator(items, place_of) -> dict[int, list]:
    """The items each active coordinator's area holds (their place is the item's or one above it), in two
    queries whatever the number of items: the coordinators with their places' paths, the items' places' paths."""
    from ..auth.models import User
    from ..places.models import Place
    coordinators = db.session.execute(select(User.id, Place.path).join(Place, Place.id == User.place_id).where(
        User.role == "coordinator", User.active.is_(True))).all()
    place_ids = {place_of(i) for i in items} - {None}
    if not coordinators or not place_ids:
        return {}
    paths = dict(db.session.execute(select(Place.id, Place.path).where(Place.id.in_(place_ids))).all())
    by_place: dict[int, list] = defaultdict(list)
    for item in items:
        if place_of(item) in paths:
            by_place[place_of(item)].append(item)
    found: dict[int, list] = {}
    for user_id, area in coordinators:
        mine = [i for place_id, held in by_place.items() if paths[place_id].startswith(area) for i in held]
        if mine:
            found[user_id] = mine
    return found


@hookimpl
def guanai_on_visit_reminders(reminders, today):
    """Each helper hears of each visit due soon or overdue (the sweep sends each once): one INSERT ... SELECT per
    kind for the whole sweep, whatever the number of helpers (a county's first sweep: 37,699 notices, issue 32)."""
    for kind in ("due_soon", "overdue"):
        notify_bulk(f"visit_{kind}", [
            (r.user_id, {"person": r.person, "rule": r.rule_name, "date": r.due_on.isoformat(),
                         **({"days": r.days_overdue} if kind == "overdue" else {})},
             f"visit_{kind}:{r.person_id}:{r.rule}:{r.due_on.isoformat()}")
            for r in reminders if r.kind == kind], endpoint="visits.todo")


@hookimpl
def guanai_on_overdue_digest(user, rows, week_of):
    """A coordinator gets one weekly digest of their area's overdue visits."""
    notify([user], "overdue_digest", {"n": len(rows), "week": week_of.isoformat()}, endpoint="visits.overdue",
           key=f"overdue_digest:{week_of.isoformat()}")


@hookimpl
def guanai_on_incident_step_overdue(incident, step, level, recipients):
    """The coordinators of the level hear that a step of an incident is past its deadline (once per level)."""
    from ..incidents.types import type_of
    kind = type_of(incident.type_key)
    names = kind.step(step.code) if kind else None
    notify(recipients, "incident_step_overdue",
           {"type": str(kind.name) if kind else incident.type_key, "step": str(names.name) if names else step.code,
            "person": incident.beneficiary.name, "place": incident.place.full_name,
            "deadline": format_local(step.deadline_at)},
           endpoint="incidents.detail", endpoint_args={"incident_id": incident.id},
           key=f"incident_step_overdue:{step.id}:{level}")


def _cycle_params(cycle, pending: int) -> dict:
    return {"place": cycle.place.name, "period": cycle.period, "pending": pending}


@hookimpl
def guanai_on_cycle_due_soon(user, cycle, pending, due_on):
    """A coordinator hears that a re-verification check of their area nears its end unfinished (once)."""
    notify([user], "cycle_due_soon", {**_cycle_params(cycle, pending), "date": due_on.isoformat()},
           endpoint="reverification.cycle", endpoint_args={"cycle_id": cycle.id},
           key=f"cycle_due_soon:{cycle.id}")


@hookimpl
def guanai_on_cycle_overdue(user, cycle, pending, days_overdue):
    """A coordinator hears that a re-verification check of their area passed its end unfinished (once)."""
    notify([user], "cycle_overdue", {**_cycle_params(cycle, pending), "days": days_overdue},
           endpoint="reverification.cycle", endpoint_args={"cycle_id": cycle.id},
           key=f"cycle_overdue:{cycle.id}")


def _area_people(person) -> list:
    """Who answers for a person's care: the coordinators and the group's staff whose area holds them."""
    return coordinators_of(person.place) + staff_of(person.place, person.group)


@hookimpl
def guanai_on_pairings_ended(pairing_ids, cause, actor):
    """The coordinators and the group's staff of each person's area hear whose helper went and who needs a new
    one (one notice each, naming their own area's people); a helper ended by a coordinator or by a lapsed
    check hears it too."""
    from ..assignment.models import Pairing
    from ..core.texts import vocabularies
    from ..ledger.models import Beneficiary
    rows = db.session.execute(select(Pairing).where(Pairing.id.in_(pairing_ids)).order_by(Pairing.id)).scalars().all()
    if not rows:
        return
    volunteer = rows[0].volunteer
    cause_words = vocabularies().label("pairing_end_causes", cause)
    people_of: dict[int, list] = defaultdict(list)
    places = {}
    for pairing in rows:
        person = db.session.get(Beneficiary, pairing.beneficiary_id)
        key = (person.place_id, person.group)
        if key not in places:
            places[key] = _area_people(person)
        for user in places[key]:
            people_of[user.id].append(person.name)
    first = min(pairing_ids)
    for user_id, names in people_of.items():
        notify([user_id], "pairings_ended", {"volunteer": volunteer.name, "cause": cause_words, "n": len(names),
                                             "people": "、".join(sorted(set(names)))},
               endpoint="pairings.index", endpoint_args={"show": "needs"}, key=f"pairings_ended:{first}")
    own = volunteer.user_id
    if own and cause in ("ended", "check") and own != getattr(actor, "id", None):
        notify([own], "pairings_ended", {"volunteer": volunteer.name, "cause": cause_words, "n": len(rows),
                                         "people": "、".join(sorted({p.beneficiary.name for p in rows}))},
               endpoint="mine.pairings", key=f"pairings_ended:{first}")


@hookimpl
def guanai_on_helpers_flagged(flags, suspend_on):
    """Each flagged helper with an account hears what to do (have the check recorded before ``suspend_on``); each
    coordinator of their areas gets ONE notice for the sweep: how many helpers and pairings with minors of their
    area are flagged, with a link to the flagged pairings. One statement per kind (issue 32)."""
    day = suspend_on.isoformat()
    notify_bulk("pairings_flagged", [
        (f.user_id, {"volunteer": f.name, "n": len(f.pairing_ids), "people": "、".join(f.people), "date": day},
         f"pairings_flagged:{f.volunteer_id}:{min(f.pairing_ids)}") for f in flags if f.user_id],
        endpoint="mine.overview")
    notify_bulk("flags_digest", [
        (user_id, {"helpers": len(mine), "n": sum(len(f.pairing_ids) for f in mine), "date": day},
         f"flags_digest:{day}") for user_id, mine in _by_coordinator(flags, lambda f: f.place_id).items()],
        endpoint="pairings.index", endpoint_args={"show": "flagged"})


@hookimpl
def guanai_on_helpers_suspended(flags, suspended_on):
    """Each helper whose pairings with minors were suspended today hears it; each coordinator of their areas gets
    ONE notice for the sweep with the counts and a link to the people who need a new helper (issue 32)."""
    day = suspended_on.isoformat()
    notify_bulk("pairings_suspended", [
        (f.user_id, {"volunteer": f.name, "n": len(f.pairing_ids), "people": "、".join(f.people)},
         f"pairings_suspended:{f.volunteer_id}:{min(f.pairing_ids)}") for f in flags if f.user_id],
        endpoint="mine.overview")
    notify_bulk("suspended_digest", [
        (user_id, {"helpers": len(mine), "n": sum(len(f.pairing_ids) for f in mine)},
         f"suspended_digest:{day}") for user_id, mine in _by_coordinator(flags, lambda f: f.place_id).items()],
        endpoint="pairings.index", endpoint_args={"show": "needs"})


@hookimpl
def guanai_on_signup_promoted(signup, actor):
    """The volunteer moved up from the waiting list hears that they now have a place."""
    user_id = signup.volunteer.user_id
    if user_id:
        notify([user_id], "signup_promoted", {"title": signup.activity.title,
                                              "when": format_local(signup.activity.starts_at)},
               endpoint="mine.overview", key=f"signup_promoted:{signup.id}")


@hookimpl
def guanai_on_incident_opened(incident, kind, actor):
    """An urgent incident (an emergency, a mandatory report, a missing child) is told at once to the coordinators
    and the group's staff of the area, a level up when nobody is there (the administrators at the very top)."""
    if not getattr(kind, "urgent", False):
        return
    from ..incidents.escalation import LEVELS, people_to_tell
    people: list = []
    for level in LEVELS:
        _places, people = people_to_tell(incident.place, incident.group, level)
        if people:
            break
    notify([u for u in people if u.id != getattr(actor, "id", None)], "incident_opened",
           {"type": str(kind.name), "person": incident.beneficiary.name, "place": incident.place.full_name,
            "when": format_local(incident.occurred_at)},
           endpoint="incidents.detail", endpoint_args={"incident_id": incident.id},
           key=f"incident_opened:{incident.id}")


@hookimpl
def guanai_on_file_failed(job):
    """The owner of a file that could not be made hears why, with a link to ask for it again (issue 32)."""
    notify([job.user_id], "file_failed", {"title": job.title, "error": job.error},
           endpoint="files.detail", endpoint_args={"job_id": job.id}, key=f"file_failed:{job.id}")


@hookimpl
def guanai_on_file_ready(job):
    """The owner of a file made on the queue hears it is ready, with a link to its page (issue 32)."""
    notify([job.user_id], "file_ready", {"title": job.title, "until": format_local(job.expires_at)},
           endpoint="files.detail", endpoint_args={"job_id": job.id}, key=f"file_ready:{job.id}")
