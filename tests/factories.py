"""Shared factories: rows added straight to the database, for tests that read or act on them."""
from __future__ import annotations

from datetime import date

PASSWORD = "correct-horse-1"


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
