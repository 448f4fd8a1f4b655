"""The shipped fourth group, 特困群众 (002): enabled by default and switched off by configuration, eligibility,
the "四个一" for those living dispersed as visits and a periodic service, and the watch on households at risk."""
from datetime import date, timedelta

from sqlalchemy import select

from portal.core.time import local_today
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.received.due import due_services

from ..conftest import make_app
from ..factories import add_person


def _profile(person, **kw):
    from plugins.hardship.models import HardshipProfile
    db.session.add(HardshipProfile(beneficiary_id=person.id, **kw))
    db.session.commit()


def test_the_group_is_on_by_default_and_off_by_configuration(app, migrated):
    assert "hardship" in app.extensions["guanai"].groups
    off = make_app(migrated, GUANAI_DISABLED_PLUGINS=["hardship"])
    assert "hardship" not in off.extensions["guanai"].groups
    with off.app_context():
        assert not [p for p in off.extensions["guanai"].periodic_services() if p.group == "hardship"]


def test_eligibility_follows_002(app, county):
    plugins = app.extensions["guanai"]
    person = add_person("hardship", county["v_east"], name="孤老张", gender="M", birth=date(1950, 1, 1))
    assert not plugins.eligibility(person, None).eligible
    from plugins.hardship.models import HardshipProfile
    for fields, eligible in (({}, False), ({"widowed": True}, True), ({"wubao": True}, True), ({"dibao": True}, True),
                             ({"disabled": True}, True), ({"watch": "marginal"}, True)):
        profile = HardshipProfile(beneficiary_id=person.id, **fields)
        assert plugins.eligibility(person, profile).eligible is eligible, fields


def test_the_four_ones_are_visits_of_the_paired_helper_and_necessities_every_half_year(app, county):
    plugins = app.extensions["guanai"]
    rules = {r.code: (r.every_days, r.services) for r in plugins.visit_rules_in_force("hardship")}
    assert rules["cleaning"] == (7, ("four_ones",)) and rules["laundry"] == (15, ("four_ones",))
    assert rules["haircut"] == (30, ("four_ones",))
    admin = county["users"]["admin"]
    dispersed = add_person("hardship", county["v_east"], name="分散供养", birth=date(1950, 1, 1))
    home = add_person("hardship", county["v_east"], name="敬老院", birth=date(1950, 1, 1))
    _profile(dispersed, living="dispersed", wubao=True)
    _profile(home, living="centralised", wubao=True)
    assert {r.name for r in due_services(admin, service="hardship.necessities")} == {"分散供养"}


def test_the_watch_lists_watched_households_with_their_old_and_young(client, login, county):
    watched = add_person("hardship", county["v_east"], name="监测户主", birth=date(1975, 1, 1),
                         household_id=county["home"].id)
    _profile(watched, watch="marginal", watch_reason="illness", watched_since=local_today() - timedelta(days=40))
    add_person("elderly", county["v_east"], name="同户老人", birth=date(1945, 1, 1), household_id=county["home"].id)
    add_person("children", county["v_east"], name="同户孩子", birth=date(2016, 1, 1), household_id=county["home"].id)
    calm = add_person("hardship", county["v_west"], name="未监测", birth=date(1950, 1, 1))
    _profile(calm, dibao=True)
    login("coord")
    page = client.get("/g/hardship/watch").get_data(as_text=True)
    listing = page[page.index('id="watched"'):]
    assert "监测户主" in listing and "边缘易致贫户" in listing and "因病" in listing
    assert "同户老人" in listing and "同户孩子" in listing and "未监测" not in listing
    login("west")
    assert "监测户主" not in client.get("/g/hardship/watch").get_data(as_text=True)
    for user, status in (("elders", 403), ("vol", 403), ("admin", 200)):
        login(user)
        assert client.get("/g/hardship/watch").status_code == status, user


def test_a_coordinator_adds_a_person_with_the_profile(client, login, county):
    login("coord")
    data = {"name": "王孤老", "gender": "M", "birth_date": "1948-03-02", "place_id": county["v_east"].id,
            "household_id": 0, "category": "wubao", "profile-living": "dispersed", "profile-wubao": "y",
            "profile-watch": "none", "profile-watch_reason": ""}
    assert client.post("/g/hardship/new", data=data).status_code == 302
    person = db.session.execute(select(Beneficiary)).scalar_one()
    page = client.get(f"/g/hardship/{person.id}").get_data(as_text=True)
    assert "五保户·特困供养" in page and "符合" in page
