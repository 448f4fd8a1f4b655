"""A village with contacts, a household of a child and a grandmother, their helpers, and a family elsewhere."""
from datetime import date

import pytest

from plugins.elderly.models import ElderProfile
from portal.assignment.models import Pairing
from portal.extensions import db
from portal.ledger.models import Household

from ..factories import add_person, add_volunteer

ID_NUMBER = "430521201605011234"


def pair(person, volunteer, service, response="accepted"):
    p = Pairing(service=service, beneficiary_id=person.id, volunteer_id=volunteer.id, unit=f"b{person.id}",
                status="active", response=response, started_on=date(2026, 3, 1))
    db.session.add(p)
    db.session.commit()
    return p


def contact(place, role, name, phone):
    from portal.cards.models import Contact
    db.session.add(Contact(place_id=place.id, role=role, name=name, phone=phone))
    db.session.commit()


@pytest.fixture
def scene(county):
    east, v_east, v_west = county["east"], county["v_east"], county["v_west"]
    contact(east, "cadre", "张包片", "13900000001")
    contact(east, "civil_affairs", "东乡民政办", "0739-5550001")
    contact(v_east, "children_director", "刘主任", "13900000002")
    contact(v_east, "clinic", "东村卫生室", "0739-5550003")
    home = county["home"]
    home.phone = "13500000009"
    child = add_person("children", v_east, name="李小红", household_id=home.id, id_number=ID_NUMBER,
                       category="left_behind", living_situation="与奶奶同住，父母在东莞务工")
    grandma = add_person("elderly", v_east, name="王奶奶", birth=date(1945, 2, 3), household_id=home.id,
                         category="dementia")
    db.session.add(ElderProfile(beneficiary_id=grandma.id, blood_type="AB", conditions="阿尔茨海默病、高血压",
                                allergies="青霉素", people_to_call="儿子 王强 13712340000"))
    teacher = add_volunteer(county, "陈老师", user=county["users"]["vol"], services=("children.tutoring",))
    teacher.phone = "13712345678"
    aunt = add_volunteer(county, "赵阿姨", services=("elderly.daily_care",))
    aunt.phone = "13600000000"
    west_home = Household(place_id=v_west.id, head_name="孙大山", address="西村3组")
    db.session.add(west_home)
    db.session.commit()
    far = add_person("children", v_west, name="孙小明", household_id=west_home.id, gender="M")
    far_helper = add_volunteer(county, "钱老师", services=("children.tutoring",))
    return {"county": county, "home": home, "west_home": west_home, "child": child, "grandma": grandma,
            "teacher": teacher, "aunt": aunt, "far": far,
            "child_pairing": pair(child, teacher, "children.tutoring"),
            "grandma_pairing": pair(grandma, aunt, "elderly.daily_care"),
            "far_pairing": pair(far, far_helper, "children.tutoring")}


def cards_in(html: str) -> int:
    return html.count('class="printed-card')


def sheets_in(html: str) -> int:
    return html.count('<section class="sheet">')
