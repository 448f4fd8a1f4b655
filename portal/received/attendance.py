"""Who took part in an activity: the people it is for, ticked on a phone; each tick records the services it gives."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from ..activities.models import Activity
from ..core.audit import record
from ..core.scoping import scoped
from ..core.time import to_local
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from .models import Participation, ServiceRecord
from ..core.sql import by_pinyin


def activities_on() -> bool:
    """Whether the activities feature is loaded (a deployment may switch it off: then nobody takes part in any)."""
    return "activities" in current_plugins().names()


def people_for(activity: Activity, user) -> list[Beneficiary]:
    """The people the activity is for: active people of its group living in its place or below, as the user sees
    them, and whoever was already ticked (even if they left the ledger since); by village, then name."""
    ticked = select(Participation.beneficiary_id).where(Participation.activity_id == activity.id)
    area = select(Place.id).where(Place.path.startswith(activity.place.path))
    stmt = scoped(Beneficiary, user).join(Place, Place.id == Beneficiary.place_id).where(
        Beneficiary.group == activity.group,
        ((Beneficiary.status == "active") & Beneficiary.place_id.in_(area)) | Beneficiary.id.in_(ticked))
    return list(db.session.execute(stmt.order_by(Place.path, by_pinyin(Beneficiary.name), Beneficiary.id)).scalars())


def took_part(activity: Activity) -> set[int]:
    """The ids of the people recorded as having taken part in the activity."""
    return set(db.session.execute(select(Participation.beneficiary_id)
                                  .where(Participation.activity_id == activity.id)).scalars())


def services_given(activity: Activity) -> list:
    """The periodic services that taking part in this activity gives (its service code in their ``activities``)."""
    code = activity.service.split(".", 1)[-1]
    return [p for p in current_plugins().periodic_services(activity.group) if code in p.activities]


def activity_day(activity: Activity) -> date:
    """The local day the activity took place."""
    return to_local(activity.starts_at).date()


def record_attendance(actor, activity: Activity, present: set[int]) -> tuple[int, int]:
    """Make ``present`` (person ids, limited to the people the activity is for as ``actor`` sees them) the people
    who took part; each added person receives the periodic services the activity gives, each removed one loses
    them again. Audited; the caller commits. Returns (added, removed)."""
    allowed = {p.id for p in people_for(activity, actor)}
    present = present & allowed
    before = took_part(activity) & allowed
    added, removed = present - before, before - present
    given = services_given(activity)
    day = activity_day(activity)
    for person_id in sorted(added):
        row = Participation(activity_id=activity.id, beneficiary_id=person_id, recorded_by_id=getattr(actor, "id", None))
        db.session.add(row)
        db.session.flush()
        record(actor, "create", "participation", row.id, None,
               {"activity_id": activity.id, "beneficiary_id": person_id})
        for service in given:
            db.session.add(ServiceRecord(beneficiary_id=person_id, service=service.key, day=day, activity_id=activity.id,
                                         recorded_by_id=getattr(actor, "id", None)))
    if removed:
        rows = db.session.execute(select(Participation).where(Participation.activity_id == activity.id,
                                                              Participation.beneficiary_id.in_(removed))).scalars()
        for row in rows:
            record(actor, "delete", "participation", row.id, {"activity_id": activity.id,
                                                              "beneficiary_id": row.beneficiary_id}, None)
            db.session.delete(row)
        db.session.execute(delete(ServiceRecord).where(ServiceRecord.activity_id == activity.id,
                                                       ServiceRecord.beneficiary_id.in_(removed)))
    db.session.flush()
    return len(added), len(removed)


def activities_of(person: Beneficiary, user, limit: int = 50) -> list[Activity]:
    """The activities the person took part in, as the user sees them, newest first (none with activities off)."""
    if not activities_on():
        return []
    stmt = scoped(Activity, user).join(Participation, Participation.activity_id == Activity.id).where(
        Participation.beneficiary_id == person.id).order_by(Activity.starts_at.desc()).limit(limit)
    return list(db.session.execute(stmt).scalars())
