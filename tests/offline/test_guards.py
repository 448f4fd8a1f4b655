"""What guards the items besides the key: the CSRF token from day.json in X-CSRFToken, checked after the session (a
phone signed out is told to sign in, not that a form expired), and the upload limits answered in JSON."""
from __future__ import annotations

import os

from sqlalchemy import func, select

from portal.extensions import db
from portal.visits.models import Visit
from portal.visits.photos import path_of

from .conftest import jpeg, new_key, visit_fields


def test_the_token_of_the_day_lets_an_item_in_and_its_absence_is_a_400_naming_the_header(day, app, login_as,
                                                                                          client, send):
    login_as("vol")
    app.config["WTF_CSRF_ENABLED"] = True
    token = client.get("/offline/day.json").get_json()["csrf_token"]
    missing = send("visit", visit_fields(day["mine"]))
    assert missing.status_code == 400 and missing.get_json()["field"] == "X-CSRFToken"
    wrong = send("visit", visit_fields(day["mine"]), headers={"X-CSRFToken": "forged"})
    assert wrong.status_code == 400 and wrong.get_json()["field"] == "X-CSRFToken"
    assert send("visit", visit_fields(day["mine"]), headers={"X-CSRFToken": token}).status_code == 201
    client.post("/logout", data={"csrf_token": token})
    signed_out = send("visit", visit_fields(day["mine"]), headers={"X-CSRFToken": token})
    assert signed_out.status_code == 401 and signed_out.get_json()["status"] == "signed_out"


def test_a_photo_too_large_is_a_413_in_json(day, app, login_as, send):
    login_as("vol")
    app.config["GUANAI_UPLOAD_MAX_BYTES"] = 2000
    response = send("visit", visit_fields(day["mine"]), photos=[jpeg(400, 300)])
    assert response.status_code == 413
    assert response.get_json()["status"] == "too_large" and "p0.jpg" in response.get_json()["reason"]
    assert db.session.execute(select(func.count()).select_from(Visit)).scalar_one() == 0


def test_the_photos_are_on_disk_and_served_to_the_helper(day, login_as, client, send):
    login_as("vol")
    body = send("visit", visit_fields(day["mine"]), key=new_key(), photos=[jpeg()]).get_json()
    photo = db.session.get(Visit, body["id"]).photos[0]
    assert os.path.getsize(path_of(photo)) == photo.size
    served = client.get(f"/visits/photos/{photo.id}")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/jpeg"
