"""Background checks expire: an expired check counts as not passed for work with minors until it is renewed."""
from datetime import timedelta

import pytest

from portal.activities.signups import SignUpRefused, sign_up
from portal.assignment.instance import build_instance
from portal.core.time import local_today
from portal.extensions import db
from portal.volunteers.profile import review_volunteer

from ..assignment.test_runs import scene  # noqa: F401  (the fixture)
from .test_volunteering import activity


@pytest.mark.clock
def test_an_expired_check_keeps_a_volunteer_from_minors_until_it_is_renewed(app, scene, client, login):  # noqa: F811
    county, ann = scene["county"], scene["ann"]
    ann.background_checked_on = local_today() - timedelta(days=365)  # ends today
    ann.user_id = county["users"]["vol"].id
    db.session.commit()
    assert ann.background_check_state == "expired" and not ann.background_checked
    doc = build_instance(app.extensions["guanai"].services["children.caring_pairing"], "volunteer", county["east"], {}).doc
    assert {v["id"]: v["background_checked"] for v in doc["volunteers"]}[f"v{ann.id}"] is False
    with pytest.raises(SignUpRefused):
        sign_up(None, activity(county), ann)
    login("vol")
    assert "重新审查之前" in client.get("/me/").get_data(as_text=True)
    app.config["GUANAI_BACKGROUND_CHECK_VALID_DAYS"] = 730  # a deployment may count checks longer
    assert ann.background_checked
    app.config["GUANAI_BACKGROUND_CHECK_VALID_DAYS"] = 365
    ann.background_check_notice = "expired"
    review_volunteer(county["users"]["east"], ann, True, "passed", local_today())  # renewed
    db.session.commit()
    assert ann.background_checked and ann.background_check_notice == ""
    assert "重新审查之前" not in client.get("/me/").get_data(as_text=True)


def test_a_pending_check_is_explained_on_the_volunteers_own_page(app, scene, client, login):  # noqa: F811
    ann = scene["ann"]
    ann.background_check, ann.background_checked_on = "pending", None
    ann.user_id = scene["county"]["users"]["vol"].id
    db.session.commit()
    login("vol")
    assert "您的背景审查尚在进行中" in client.get("/me/").get_data(as_text=True)
    login("east")
    assert "审查通过之前" in client.get(f"/volunteers/{ann.id}").get_data(as_text=True)
