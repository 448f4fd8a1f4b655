"""Reminders of periodic services due (issue 29, "reminders for due services"; the services from 002 and 003): each
staff member and coordinator with people due or overdue in their area is told the counts the due list shows them,
once a week, in a fixed number of queries whatever the number of people."""
from datetime import date, timedelta

from sqlalchemy import select

from portal.core.time import local_today
from portal.extensions import db
from portal.notifications.models import Notification
from portal.received.due import due_services
from portal.received.models import ServiceRecord
from portal.received.reminders import KIND, send_due_reminders
from portal.testing import statements

from ..factories import add_person


def _people(county, group, n, place="v_east"):
    today = local_today()
    made = []
    for i in range(n):
        person = add_person(group, county[place], name=f"{place}{group}{i}", birth=date(1950, 1 + i % 12, 1 + i % 27))
        if i % 2:          # half received the service seven months ago: overdue since a month
            for service in ("health_check",):
                db.session.add(ServiceRecord(beneficiary_id=person.id, service=f"{group}.{service}",
                                             day=today - timedelta(days=213)))
        made.append(person)
    db.session.commit()
    return made


def _sent():
    return {n.user_id: n for n in db.session.execute(select(Notification).where(Notification.kind == KIND)).scalars()}


def test_each_user_is_told_what_their_due_list_shows_once_a_week(app, county):
    elders = county["users"]["elders"]
    group = elders.group
    assert group == "elderly"
    _people(county, group, 4)
    _people(county, group, 2, place="v_west")
    today = local_today()
    assert send_due_reminders(today) > 0
    sent = _sent()
    for name in ("coord", "east", "west", "elders"):
        user = county["users"][name]
        late = len(due_services(user, overdue=True, today=today))
        soon = len(due_services(user, today=today)) - late
        assert (sent[user.id].params["late"], sent[user.id].params["soon"]) == (late, soon), name
        assert late + soon > 0
    assert sent[county["users"]["east"].id].params["late"] + sent[county["users"]["west"].id].params["late"] == \
        sent[county["users"]["coord"].id].params["late"]
    assert "逾期" in sent[elders.id].params["text"]
    assert sent[elders.id].endpoint == "received.due"
    # Nobody of the other staff member's group is due: nothing for them, nor for volunteers and administrators.
    assert county["users"]["kids"].id not in sent and county["users"]["vol"].id not in sent
    assert county["users"]["admin"].id not in sent
    assert send_due_reminders(today) == 0                               # the same week: nothing twice
    assert send_due_reminders(today + timedelta(days=7)) == len(sent)   # next week: again


def test_the_sweep_reads_in_bulk_whatever_the_number_of_people(app, county):
    group = county["users"]["elders"].group
    _people(county, group, 2)
    _people(county, group, 2, place="v_west")         # the same users are told in both sweeps
    with statements() as few:
        send_due_reminders(local_today())
    db.session.execute(db.delete(Notification))
    _people(county, group, 30, place="v_west")
    _people(county, group, 30)
    with statements() as many:
        send_due_reminders(local_today())
    assert len(many) == len(few) <= 10
