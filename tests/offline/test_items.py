"""Items written on a phone arrive exactly once (issue 31, "each waiting item is sent once ... a retry after a lost
answer never makes a second visit"), refused ones say why in words, a session that ended is a 401 in JSON."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.offline.models import OfflineReceipt
from portal.visits.models import FollowUp, Visit, VisitPhoto

from .conftest import jpeg, new_key, visit_fields


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_visit_is_made_once_and_a_retry_answers_the_same(day, county, login_as, send):
    login_as("vol")
    key = new_key()
    first = send("visit", visit_fields(day["mine"], follow_up_what="送棉衣"), key=key)
    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert body["status"] == "done" and body["replayed"] is False
    visit = db.session.get(Visit, body["id"])
    assert visit.beneficiary_id == day["mine"].id and visit.notes == "离线记录"
    assert visit.findings == {"living": "住房安全"}
    assert [h.id for h in visit.helpers] == [day["helper"].id]        # the helper who logged it came
    assert body["url"] == f"/visits/{visit.id}"
    assert [f.what for f in visit.follow_ups] == ["送棉衣"]
    again = send("visit", visit_fields(day["mine"], follow_up_what="送棉衣"), key=key)
    assert again.status_code == 200
    assert again.get_json() == {**body, "replayed": True}
    assert count(Visit) == 1 and count(FollowUp) == 1 and count(OfflineReceipt) == 1


def test_the_receipt_is_written_with_the_item(day, login_as, send):
    login_as("vol")
    key = new_key()
    body = send("visit", visit_fields(day["mine"]), key=key.upper()).get_json()
    receipt = db.session.execute(select(OfflineReceipt)).scalar_one()
    assert (receipt.user_id, receipt.key, receipt.kind, receipt.status) == (county_user_id(day), key, "visit", "done")
    assert receipt.answer == {k: v for k, v in body.items() if k != "replayed"}


def county_user_id(day) -> int:
    return day["helper"].user_id


def test_another_users_same_key_is_their_own(day, county, login_as, send):
    from portal.testing import make_user

    from ..factories import add_volunteer
    from .conftest import pair
    other_user = make_user("vol2", "volunteer")
    db.session.commit()
    other = add_volunteer(county, "小帮手", user=other_user, services=("children.caring_pairing",))
    pair(day["mine"], other, service="children.family_call")
    key = new_key()
    login_as("vol")
    assert send("visit", visit_fields(day["mine"]), key=key).status_code == 201
    login_as("vol2")
    second = send("visit", visit_fields(day["mine"]), key=key)
    assert second.status_code == 201 and second.get_json()["replayed"] is False
    assert count(Visit) == 2 and count(OfflineReceipt) == 2


def test_photos_arrive_with_the_visit(day, login_as, send):
    login_as("vol")
    response = send("visit", visit_fields(day["mine"]), photos=[jpeg(), jpeg(80, 60)])
    assert response.status_code == 201, response.get_json()
    visit = db.session.get(Visit, response.get_json()["id"])
    assert [(p.content_type, p.original_name) for p in visit.photos] == [("image/jpeg", "p0.jpg"),
                                                                         ("image/jpeg", "p1.jpg")]


def test_a_photo_that_is_not_one_is_refused_naming_the_field(day, login_as, send):
    import io
    login_as("vol")
    response = send("visit", visit_fields(day["mine"]), photos=[io.BytesIO(b"not a picture")])
    assert response.status_code == 422
    body = response.get_json()
    assert body["status"] == "refused" and "p0.jpg" in body["errors"]["photos"][0]
    assert count(Visit) == 0 and count(VisitPhoto) == 0 and count(OfflineReceipt) == 0


def test_a_refused_item_can_be_fixed_and_sent_again_with_its_key(day, login_as, send):
    login_as("vol")
    key = new_key()
    refused = send("visit", visit_fields(day["mine"], spoke_to=""), key=key)
    assert refused.status_code == 422
    body = refused.get_json()
    assert body["status"] == "refused" and body["reason"] and list(body["errors"]) == ["spoke_to"]
    assert count(OfflineReceipt) == 0
    assert send("visit", visit_fields(day["mine"]), key=key).status_code == 201


def test_a_person_who_left_the_ledger_is_refused_in_words(day, login_as, send):
    from datetime import date
    person = day["mine"]
    person.status, person.left_on = "left", date(2026, 11, 30)
    db.session.commit()
    login_as("vol")
    response = send("visit", visit_fields(person))
    assert response.status_code == 422
    body = response.get_json()
    assert "2026-11-30" in body["reason"] and person.name in body["reason"] and body["errors"]["person"]
    assert "退出台账" in body["reason"]
    assert count(Visit) == 0


def test_an_ended_pairing_is_refused_in_words(day, login_as, send):
    from datetime import timedelta

    from portal.core.time import local_today
    ended_on = local_today() - timedelta(days=2)
    day["pairing"].status, day["pairing"].ended_on = "ended", ended_on
    db.session.commit()
    login_as("vol")
    response = send("visit", visit_fields(day["mine"]))
    assert response.status_code == 422
    reason = response.get_json()["reason"]
    assert day["mine"].name in reason and ended_on.isoformat() in reason and count(Visit) == 0
    assert response.get_json()["errors"]["person"] == [reason]


def test_someone_out_of_scope_is_refused(day, login_as, send):
    login_as("vol")
    response = send("visit", visit_fields(day["other"]))
    assert response.status_code == 422 and response.get_json()["errors"]["person"]
    assert count(Visit) == 0


def test_signed_out_is_a_401_in_json_not_the_sign_in_page(day, client, send):
    response = send("visit", visit_fields(day["mine"]))
    assert response.status_code == 401
    assert response.get_json()["status"] == "signed_out"
    assert "重新登录" in response.get_json()["reason"]            # in Chinese, the portal's first language
    assert client.get("/offline/day.json").status_code == 401
    assert count(Visit) == 0


def test_a_bad_key_is_a_400_naming_it(day, login_as, client):
    login_as("vol")
    for headers in ({}, {"Idempotency-Key": "visit-1"}, {"Idempotency-Key": " "}):
        response = client.post("/offline/items/visit", data=visit_fields(day["mine"]), headers=headers)
        assert response.status_code == 400
        assert response.get_json()["field"] == "Idempotency-Key"
        assert "Idempotency-Key" in response.get_json()["reason"]
    assert count(Visit) == 0


def test_a_key_used_for_another_kind_is_a_400(day, login_as, send):
    login_as("vol")
    key = new_key()
    assert send("visit", visit_fields(day["mine"]), key=key).status_code == 201
    response = send("follow_up_done", {"person": day["mine"].id, "follow_up": 1}, key=key)
    assert response.status_code == 400 and response.get_json()["field"] == "Idempotency-Key"


def test_an_unknown_kind_is_a_404_in_json(day, login_as, send):
    login_as("vol")
    response = send("party", {})
    assert response.status_code == 404 and response.get_json()["field"] == "kind"


def test_the_reason_is_in_the_helpers_language(day, login_as, client, send):
    login_as("vol")
    from flask_babel import refresh
    client.post("/lang/en", data={"next": "/"})
    refresh()  # the test's requests share one app context, where Flask-Babel keeps the locale it chose first
    response = send("visit", visit_fields(day["other"]))
    assert response.status_code == 422 and "is no longer in your list" in response.get_json()["reason"]


def test_an_id_beyond_any_row_is_refused_naming_the_field_not_a_500(day, login_as, send):
    login_as("vol")
    for huge in ("99999999999999999999", "2147483648", "-1"):
        response = send("visit", {**visit_fields(day["mine"]), "person": huge})
        assert response.status_code == 422 and response.get_json()["errors"]["person"], huge
    response = send("follow_up_done", {"person": day["mine"].id, "follow_up": "99999999999999999999",
                                       "done_on": "2026-01-01"})
    assert response.status_code == 422 and response.get_json()["errors"]["follow_up"]
