"""A group installed as its own package (tests/hardship_plugin: 困难群众, code ``needy``) appears in the portal with
no edit to the core, beside the shipped 特困群众 (plugins/hardship)."""
import importlib.metadata

from sqlalchemy import select

from portal.extensions import db
from portal.ledger.models import Beneficiary


def test_the_package_is_a_separate_distribution_found_by_entry_point():
    names = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="guanai.plugins")}
    assert names.get("needy") == "guanai_needy"
    assert importlib.metadata.distribution("guanai-needy").metadata["Name"] == "guanai-needy"


def test_the_group_shows_in_navigation_dashboard_and_ledger(client, county, login, app):
    assert "needy" in app.extensions["guanai"].groups
    login("coord")
    dashboard = client.get("/").get_data(as_text=True)
    assert "困难群众" in dashboard and "/g/needy/" in dashboard
    data = {"name": "孤老张", "gender": "M", "birth_date": "1948-03-02", "place_id": county["v_east"].id,
            "household_id": 0, "category": "wubao", "profile-living": "dispersed"}
    assert client.post("/g/needy/new", data=data).status_code == 302
    person = db.session.execute(select(Beneficiary)).scalar_one()
    assert person.group == "needy"
    assert "五保户" in client.get(f"/g/needy/{person.id}").get_data(as_text=True)
    assert "上门帮扶" in client.get("/g/needy/services").get_data(as_text=True)
