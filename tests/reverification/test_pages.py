"""A person's page tells who helps them; a helper's page whom they help; the pairing refresh lists old pairings."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.assignment.models import Pairing
from portal.core.time import local_today
from portal.extensions import db
from portal.reverification.models import Cycle

from ..factories import add_person, add_volunteer


def _pair(person, volunteer, days_ago=30, response="accepted", service="children.family_call"):
    row = Pairing(service=service, beneficiary_id=person.id, volunteer_id=volunteer.id, unit=f"b{person.id}",
                  status="active", response=response, started_on=local_today() - timedelta(days=days_ago))
    db.session.add(row)
    db.session.commit()
    return row


@pytest.mark.clock
def test_a_persons_page_lists_every_helper_with_service_role_since_and_answer(client, login, county):
    person = add_person("children", county["v_east"], name="小明")
    _pair(person, add_volunteer(county, "张老师"), days_ago=10)
    _pair(person, add_volunteer(county, "李阿姨"), response="pending", service="children.caring_pairing")
    login("east")
    page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    section = page[page.index('id="helpers"'):]
    assert "张老师" in section and "李阿姨" in section
    assert "尚未回应" in section and "已回应" in section
    assert str(local_today() - timedelta(days=10)) in section


def test_a_helpers_page_shows_whom_they_help(client, login, county):
    person = add_person("children", county["v_east"], name="小明")
    helper = add_volunteer(county, "张老师")
    _pair(person, helper)
    login("coord")
    page = client.get(f"/reverify/helpers/{helper.id}").get_data(as_text=True)
    assert "小明" in page[page.index('id="helps"'):]
    login("vol")
    assert client.get(f"/reverify/helpers/{helper.id}").status_code in (302, 403)


@pytest.mark.clock
def test_the_pairing_refresh_lists_pairings_older_than_a_year_to_confirm(client, login, county):
    old = _pair(add_person("children", county["v_east"], name="老结对"), add_volunteer(county, "甲"), days_ago=400)
    _pair(add_person("children", county["v_east"], name="新结对"), add_volunteer(county, "乙"), days_ago=30)
    login("east")
    client.post("/reverify/open", data={"kind": "pairing", "period": "2027-03", "place": county["east"].id})
    cycle = db.session.execute(select(Cycle)).scalar_one()
    page = client.get(f"/reverify/{cycle.id}/pairings").get_data(as_text=True)
    assert "老结对" in page and "新结对" not in page
    client.post(f"/reverify/{cycle.id}/pairings", data={"pairing": old.id})
    db.session.expire_all()
    assert db.session.get(Pairing, old.id).started_on == local_today()
    assert "老结对" not in client.get(f"/reverify/{cycle.id}/pairings").get_data(as_text=True)


@pytest.mark.clock
def test_pledge_and_training_are_on_the_helpers_page_and_the_untrained_are_flagged(client, login, county):
    from portal.reverification.models import HelperRecord
    helper = add_volunteer(county, "张老师")
    trained = add_volunteer(county, "李老师")
    login("coord")
    client.post("/reverify/open", data={"kind": "quarterly", "period": "2026-12", "place": county["root"].id})
    cycle = db.session.execute(select(Cycle)).scalar_one()
    today = local_today()
    client.post(f"/reverify/helpers/{trained.id}/record", data={"kind": "training", "day": today.isoformat()})
    client.post(f"/reverify/helpers/{helper.id}/record", data={"kind": "pledge", "day": "2026-01-05"})
    client.post(f"/reverify/helpers/{helper.id}/record", data={"kind": "training",
                                                               "day": (today + timedelta(days=2)).isoformat()})
    assert len(db.session.execute(select(HelperRecord)).scalars().all()) == 2  # never in the future
    page = client.get(f"/reverify/helpers/{helper.id}").get_data(as_text=True)
    assert "2026-01-05" in page[page.index('id="pledge"'):] and "今年未参加培训" in page
    listing = client.get(f"/reverify/{cycle.id}/untrained").get_data(as_text=True)
    assert "张老师" in listing and "李老师" not in listing


@pytest.mark.clock
def test_the_volunteers_list_flags_helpers_with_no_training_this_year(client, login, county):
    from portal.reverification.models import HelperRecord
    add_volunteer(county, "张老师")
    trained = add_volunteer(county, "李老师")
    db.session.add(HelperRecord(volunteer_id=trained.id, kind="training", day=local_today()))
    db.session.commit()
    login("coord")
    page = client.get("/volunteers/").get_data(as_text=True)
    row = lambda name: page[page.index(name):].split("</td>")[0]  # noqa: E731
    assert "今年未参加培训" in row("张老师") and "今年未参加培训" not in row("李老师")
