"""Owners are reminded once a day of their duties due and overdue, coordinators once a week of their area's."""
from sqlalchemy import select

from portal.core.time import local_today
from portal.extensions import db

from .conftest import owner, someone, user, visit


def test_owners_and_coordinators_are_reminded_once(app, county, grids):
    from portal.duties.reminders import send_duty_reminders
    from portal.notifications.models import Notification
    cadre = user("cadre")
    owner("village_cadre", cadre, place=county["v_east"])
    late = someone(grids["g1"], category="left_behind", name="甲")
    visit(late, "door", days=30)
    counts = send_duty_reminders(local_today())
    db.session.commit()
    assert counts["owners"] >= 1 and counts["digest"] >= 1
    notes = db.session.execute(select(Notification).where(Notification.user_id == cadre.id)).scalars().all()
    assert len(notes) == 1 and notes[0].kind == "duties_due" and "逾期" in notes[0].params["text"]
    coord = county["users"]["coord"]
    assert db.session.execute(select(Notification).where(Notification.user_id == coord.id,
                                                         Notification.kind == "duties_digest")).scalar_one()
    assert send_duty_reminders(local_today()) == {"owners": 0, "digest": 0}
