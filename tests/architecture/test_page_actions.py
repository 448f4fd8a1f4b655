"""Lower features do not name higher ones (issue 26): a page links to another feature's pages only through the
``guanai_get_page_actions`` and ``guanai_get_row_tags`` hooks, never by probing whether that feature is loaded."""
from __future__ import annotations

import re
from pathlib import Path

from portal.plugin import Action

ROOT = Path(__file__).resolve().parents[2]
#: What the pages used to test before showing another feature's links.
# A probe asks whether another feature's page exists: ``"x.y" in app.view_functions`` or a lookup by a written
# endpoint name; reading the current request's own view (``view_functions.get(self.url_rule.endpoint)``) is not one.
PROBES = re.compile(r"\b\w+ is defined\b|transfer_enabled|has_notifications|"
                    r"in\s+[\w.]*view_functions|view_functions\s*(\.get\(\s*|\[\s*)[\"']")


def test_no_page_or_module_probes_for_another_feature():
    found = []
    for path in [*(ROOT / "portal").rglob("*.html"), *(ROOT / "portal").rglob("*.py"), *(ROOT / "plugins").rglob("*.html")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PROBES.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []


def test_a_person_page_shows_the_buttons_the_features_add(app, client, login, county):
    from portal.assignment.models import Pairing
    from portal.extensions import db

    from ..factories import add_person, add_volunteer
    person = add_person("children", county["v_east"], household_id=county["home"].id)
    helper = add_volunteer(county, "张老师")
    db.session.add(Pairing(service="children.family_call", beneficiary_id=person.id, volunteer_id=helper.id,
                           unit="h", status="active"))
    db.session.commit()
    login("coord")
    page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    assert f'href="/cards/household/{county["home"].id}"' in page      # cards: the household's contact card
    assert "/cards/pairing/" in page and "张老师" in page                 # cards: one per active pairing
    assert f'class="button primary" href="/incidents/new?person={person.id}"' in page   # incidents
    with app.test_request_context():
        actions = app.extensions["guanai"].page_actions("person", person, county["users"]["coord"])
    assert all(isinstance(a, Action) for a in actions)
    assert [a.order for a in actions] == sorted(a.order for a in actions)


def test_the_lists_get_the_transfer_buttons_and_the_training_tags(app, client, login, county):
    from ..factories import add_volunteer
    add_volunteer(county, "未培训")
    login("coord")
    page = client.get("/volunteers/").get_data(as_text=True)
    assert "/transfer/export/volunteers.xlsx" in page and "/transfer/volunteers/import" in page
    assert '<span class="tag warn">今年未参加培训</span>' in page
    assert "/transfer/" in client.get("/g/children/").get_data(as_text=True)


def test_without_the_features_the_pages_have_none_of_their_buttons(migrated):
    from ..conftest import empty_database, make_app
    app = make_app(migrated, GUANAI_DISABLED_PLUGINS=["cards", "incidents", "aidgroups", "transfer", "reverification"])
    with app.app_context():
        from portal.auth.models import User
        from portal.extensions import db

        from ..factories import PASSWORD, add_person, make_place, password_hash
        root = make_place("C", "示范县", "county")
        village = make_place("V1", "东村", "village", root)
        db.session.add(User(username="coord", display_name="c", role="coordinator", place_id=root.id,
                            password_hash=password_hash()))
        db.session.commit()
        person = add_person("children", village)
        client = app.test_client()
        client.post("/login", data={"username": "coord", "password": PASSWORD})
        page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
        assert "/incidents/" not in page and "/cards/" not in page
        assert "/transfer/" not in client.get("/g/children/").get_data(as_text=True)
        volunteers = client.get("/volunteers/").get_data(as_text=True)
        assert "/transfer/" not in volunteers and "/reverify/" not in volunteers
        empty_database()
