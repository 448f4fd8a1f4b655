"""A fourth group, installed as its own package, appears in the portal with no edit to the core."""
import importlib.metadata

from sqlalchemy import select

from portal.extensions import db
from portal.ledger.models import Beneficiary


def test_the_package_is_a_separate_distribution_found_by_entry_point():
    names = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="guanai.plugins")}
    assert names.get("hardship") == "guanai_hardship"
    assert importlib.metadata.distribution("guanai-hardship").metadata["Name"] == "guanai-hardship"


def test_the_group_shows_in_navigation_dashboard_and_ledger(client, county, login, app):
    assert "hardship" in app.extensions["guanai"].groups
    login("coord")
    dashboard = client.get("/").get_data(as_text=True)
    assert "特困群众" in dashboard and "/g/hardship/" in dashboard
    data = {"name": "孤老张", "gender": "M", "birth_date": "1948-03-02", "place_id": county["v_east"].id,
            "household_id": 0, "category": "wubao", "profile-living": "dispersed"}
    assert client.post("/g/hardship/new", data=data).status_code == 302
    person = db.session.execute(select(Beneficiary)).scalar_one()
    assert person.group == "hardship"
    assert "五保户" in client.get(f"/g/hardship/{person.id}").get_data(as_text=True)
    assert "“四个一”服务" in client.get("/g/hardship/services").get_data(as_text=True)
