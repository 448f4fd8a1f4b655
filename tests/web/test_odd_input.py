"""Odd input answers 400 or 404 with a page, never a 500 (issue 12)."""
import pytest

from portal.core.time import local_today
from portal.volunteers.models import Volunteer

from ..volunteers.test_volunteering import join_form, volunteer

HUGE = "99999999999999999999"


def test_huge_ids_and_numbers_are_not_found(client, county, login):
    login("admin")
    for url in (f"/g/children/{HUGE}", f"/g/children/{HUGE}/edit", f"/runs/{HUGE}", f"/volunteers/{HUGE}",
                f"/admin/users/{HUGE}", f"/g/children/activities/{HUGE}", "/g/children/2147483648"):
        response = client.get(url)
        assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True), url
    for url in (f"/g/children/?page={HUGE}", f"/volunteers/?page={2**64}"):
        assert client.get(url).status_code == 200, url  # a page past the end is the last page's emptiness
    for url in (f"/g/children/?place={HUGE}", "/g/children/?place=²"):
        response = client.get(url)  # an id that is no id is refused, naming the field (issue 26)
        assert response.status_code == 400 and "place" in response.get_data(as_text=True), url
    assert client.get(f"/g/children/households?place={HUGE}").status_code == 400


def test_a_missing_list_field_or_odd_capacity_is_no_500(client, county, login):
    from portal.extensions import db
    v = volunteer(county, "小王", user=county["users"]["vol"])
    db.session.commit()
    login("vol")
    data = join_form(county)
    del data["skills"]
    assert client.post("/me/profile", data=data).status_code in (200, 302)
    page = client.post("/me/profile", data=join_form(county, **{"svc-children.tutoring": "²"}))
    assert page.status_code == 200 and "²" not in str(db.session.get(Volunteer, v.id).services)


def test_invalid_utf8_is_refused_naming_the_field(client, county, login):
    login("east")
    response = client.post("/g/children/new", data=b"name=%FF%FE&gender=F",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "name" in response.get_data(as_text=True)


@pytest.mark.clock
def test_implausible_values_are_refused_naming_the_field(client, county, login):
    from datetime import timedelta

    from sqlalchemy import select

    from portal.activities.models import Activity, HoursEntry
    from portal.extensions import db
    from portal.ledger.models import Beneficiary

    from ..ledger.test_ledger import form
    login("east")
    page = client.post("/g/children/new", data=form(county, birth_date="1899-12-31")).get_data(as_text=True)
    assert "出生日期不能早于 1900 年" in page
    login("kids")
    activity = {"title": "远期活动", "service": "children.tutoring", "starts_at": "2999-01-01T09:00",
                "ends_at": "2999-01-01T11:00", "place_id": county["v_east"].id, "volunteer_slots": "3"}
    page = client.post("/g/children/activities/new", data=activity).get_data(as_text=True)
    assert "活动最多只能提前两年安排" in page
    volunteer(county, "新来的", user=county["users"]["vol"])
    login("vol")
    before = (local_today() - timedelta(days=3)).isoformat()
    client.post("/me/hours", data={"day": before, "hours": "2", "target": ""})
    assert "不能早于您加入的日期" in client.get("/me/").get_data(as_text=True)
    assert db.session.execute(select(HoursEntry)).first() is None
    assert db.session.execute(select(Activity)).first() is None and db.session.execute(select(Beneficiary)).first() is None


def test_no_post_endpoint_answers_500_to_an_empty_or_odd_form(app, client, county, login):
    from portal.extensions import db
    volunteer(county, "我", user=county["users"]["vol"])
    db.session.commit()
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert len(posts) >= 20
    for username in ("admin", "kids", "vol"):
        login(username)
        for rule in posts:
            if rule.endpoint in ("auth.logout", "admin.end_user_sessions"):
                continue
            values = {arg: "children" if arg == "group" else "en" if arg == "code" else 1 for arg in rule.arguments}
            url = rule.build(values, append_unknown=False)[1]
            for data in ({}, {"next": "/\n", "page": HUGE, "id_number": "²", "place_id": HUGE, "present": "x"}):
                response = client.post(url, data=data)
                assert response.status_code != 500, (username, url, data)
