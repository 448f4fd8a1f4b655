"""Shared factories: rows added straight to the database, for tests that read or act on them (the first ones are
portal.testing's, which plugin authors use too)."""
from __future__ import annotations

from datetime import timedelta

from portal.testing import PASSWORD, add_person, make_place, password_hash, statements  # noqa: F401


def add_volunteer(county, name, status="active", checked=True, user=None, services=("children.family_call",)):
    """Add a volunteer offering ``services`` (keys), checked or not."""
    from portal.extensions import db
    from portal.volunteers.models import Volunteer, VolunteerService
    v = Volunteer(name=name, gender="F", phone="13800000000", place_id=county["v_east"].id, status=status,
                  background_check="passed" if checked else "none", user_id=user.id if user else None)
    for code in services:
        v.services.append(VolunteerService(service=code, capacity=1))
    db.session.add(v)
    db.session.commit()
    return v


def add_activity(county, service="children.family_call", group="children", slots=2, days=3):
    """Add an activity starting ``days`` from now (UTC, as stored)."""
    from portal.activities.models import Activity
    from portal.core.time import utcnow
    from portal.extensions import db
    start = utcnow().replace(microsecond=0) + timedelta(days=days)
    a = Activity(service=service, group=group, title="亲情电话日", starts_at=start, ends_at=start + timedelta(hours=2),
                 place_id=county["east"].id, volunteer_slots=slots)
    db.session.add(a)
    db.session.commit()
    return a


def signed_up(activity, volunteer):
    """Sign up as the pages do: the service writes, the caller commits."""
    from portal.activities.signups import sign_up
    from portal.extensions import db
    signup = sign_up(None, activity, volunteer)
    db.session.commit()
    return signup


def cancelled(signup):
    """Cancel as the pages do."""
    from portal.activities.signups import cancel
    from portal.extensions import db
    promoted = cancel(None, signup)
    db.session.commit()
    return promoted


def add_coordinator(place, username="coord", password="coordinator-pass"):
    """Add a coordinator of ``place`` (not committed), for the pages a browser test drives."""
    from portal.auth.models import User
    from portal.extensions import db
    user = User(username=username, display_name="协调员", role="coordinator", place_id=place.id)
    user.set_password(password)
    db.session.add(user)
    return user


def ledger_state() -> dict:
    """Every record, household, profile and audit entry as plain data, ids replaced by their rank (1, 2, ...),
    so that two ways of writing the same records compare equal on SQLite and PostgreSQL (whose sequences
    a rollback does not rewind)."""
    from sqlalchemy import select

    from portal.core.audit import AuditEntry, snapshot
    from portal.extensions import db
    from portal.ledger.models import Beneficiary, Household
    from portal.plugin.manager import current_plugins
    people = db.session.execute(select(Beneficiary).order_by(Beneficiary.id)).scalars().all()
    homes = db.session.execute(select(Household).order_by(Household.id)).scalars().all()
    person_rank = {p.id: n for n, p in enumerate(people, 1)}
    home_rank = {h.id: n for n, h in enumerate(homes, 1)}

    def plain(values: dict | None, prefix: str = "") -> dict | None:
        if values is None:
            return None
        out = {k: v for k, v in values.items() if k != "profile.id" and not (prefix and k == "id")}
        for key, ranks in (("id", person_rank), ("household_id", home_rank), ("profile.beneficiary_id", person_rank),
                           ("beneficiary_id", person_rank)):
            if out.get(key) is not None:
                out[key] = ranks.get(out[key], "?")
        return out

    profiles = {}
    for code, group in current_plugins().groups.items():
        model = group.profile_model
        rows = db.session.execute(select(model).order_by(model.beneficiary_id)).scalars()
        profiles[code] = sorted((plain(snapshot(p), "p") for p in rows), key=lambda p: p["beneficiary_id"])
    audit = [(e.user_id, e.action, e.entity, person_rank.get(e.entity_id, "?") if e.entity == "beneficiary" else None,
              plain(e.before), plain(e.after))
             for e in db.session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()]
    return {"people": [plain(snapshot(p)) for p in people],
            "households": [(h.place_id, h.head_name, h.address) for h in homes],
            "profiles": profiles, "audit": audit}


