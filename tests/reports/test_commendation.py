"""The year-end commendation: helpers ranked by SQL, nominations stored, a printable list and certificates."""
from __future__ import annotations

from portal.extensions import db
from portal.reports.models import Nomination


def test_helpers_are_ranked_by_hours_then_pairings(figures, app):
    from portal.reports.commendation import ranking
    v1, v2, _v3, _v4 = figures["volunteers"]
    rows = ranking(figures["users"]["coord"], 2026, figures["root"])
    assert [r["name"] for r in rows] == ["志愿者一", "志愿者二"]
    first, second = rows
    # v1: 3 + 2.5 hours; pairings a, b, g, h overlap 2026 (f's was declined), a and h accepted; one session attended.
    assert first["figures"] == {"hours": 5.5, "pairings": 4, "accepted": 2, "visits_on_time": 0,
                                "attended": 1}
    # v2: 1 hour in June and 4 in July; no pairing; confirmed but absent.
    assert second["figures"] == {"hours": 5.0, "pairings": 0, "accepted": 0, "visits_on_time": 0,
                                 "attended": 0}


def test_a_feature_adds_a_measure_through_the_hook(figures, app):
    from portal.activities.models import HoursEntry
    from portal.hookspecs import hookimpl
    from portal.plugin import CommendationMeasure
    from portal.reports.commendation import ranking

    class Visits:  # what the visits feature will give: visits done on time, here one per hours entry
        @hookimpl
        def guanai_get_commendation_measures(self, period):
            query = (db.select(HoursEntry.volunteer_id.label("vid"), db.func.count().label("n"))
                     .group_by(HoursEntry.volunteer_id))
            return [CommendationMeasure("visits", "visits on time", query, order=15)]

    app.extensions["guanai"].pm.register(Visits(), name="visits-test")
    rows = ranking(figures["users"]["coord"], 2026, figures["root"])
    assert list(rows[0]["figures"]) == ["hours", "visits", "pairings", "accepted", "visits_on_time",
                                          "attended"]
    assert rows[1]["figures"]["visits"] == 2


def test_a_coordinator_nominates_and_withdraws_and_prints_certificates(figures, client, login):
    v2 = figures["volunteers"][1]
    root = figures["root"]
    login("coord")
    response = client.post("/reports/commendation", data={"year": 2026, "place": root.id, "volunteer": v2.id})
    assert response.status_code == 302
    assert db.session.execute(db.select(Nomination.volunteer_id)).scalars().all() == [v2.id]
    page = client.get(f"/reports/commendation/print?year=2026&place={root.id}").get_data(as_text=True)
    assert page.count('class="certificate"') == 1 and "志愿者二" in page and "荣誉证书" in page
    client.post("/reports/commendation", data={"year": 2026, "place": root.id, "volunteer": v2.id})
    assert db.session.execute(db.select(Nomination)).scalars().all() == []


def test_a_helper_outside_the_area_cannot_be_nominated(figures, client, login):
    login("west")  # every volunteer lives in the east township
    response = client.post("/reports/commendation",
                           data={"year": 2026, "place": figures["west"].id, "volunteer": figures["volunteers"][0].id})
    assert response.status_code == 404
    assert "尚无帮扶人" in client.get("/reports/commendation?year=2026").get_data(as_text=True)
