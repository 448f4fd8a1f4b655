"""Shared factories: rows added straight to the database, for tests that read or act on them."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta
from functools import cache

PASSWORD = "correct-horse-1"


@cache
def password_hash(password: str = PASSWORD) -> str:
    """A cheap hash of the password, made once per process, for the county's seven users in every test.

    The portal's own scrypt takes a good part of a second on a busy machine, for each of them and again at each
    sign-in; the sign-in still checks this hash through check_password_hash (which reads the method from the
    hash), and users made through the pages (admin, /join) still get the portal's scrypt.
    """
    from werkzeug.security import generate_password_hash
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def make_place(code, name, level, parent=None, lat=None, lon=None):
    """Add a place of the tree, with its path."""
    from portal.extensions import db
    from portal.places.models import Place
    place = Place(code=code, name=name, level=level, parent=parent, lat=lat, lon=lon)
    db.session.add(place)
    db.session.flush()
    place.set_path()
    return place


def add_person(group, place, name="李小红", gender="F", birth=date(2016, 5, 1), category=None, **kw):
    """Add a beneficiary (for tests that read, not create)."""
    from portal.extensions import db
    from portal.ledger.models import Beneficiary
    person = Beneficiary(group=group, name=name, gender=gender, birth_date=birth, place_id=place.id,
                         category=category, **kw)
    db.session.add(person)
    db.session.commit()
    return person


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


@contextmanager
def statements():
    """The SQL statements the database is sent inside the block (for tests of what a page reads)."""
    from sqlalchemy import event

    from portal.extensions import db
    seen = []

    def listen(conn, cursor, statement, params, context, many):
        # A test's transaction is a SAVEPOINT of the rolled-back one (conftest.rolled_back): like BEGIN, not a read.
        if not statement.startswith(("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT ")):
            seen.append(statement)
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
