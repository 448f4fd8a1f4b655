"""A duty's owner reads as the person, with the role in words (issue 27: the duties tables showed the account name,
"cadre-430501001", beside the role), on the overdue list, the person's duties, their ledger page and the owners page."""
import re

from portal.extensions import db

from .conftest import owner, someone, user


def test_the_duty_tables_name_the_owner_and_their_role_in_words(app, county, grids, client, login):
    kid = someone(grids["g1"], category="left_behind", name="张甲")
    cadre = user("cadre-430501001", role="staff", place=county["v_east"])
    cadre.display_name = "东村包片干部王芳"
    owner("village_cadre", cadre, place=county["v_east"])
    own = user("teacher-002")
    own.display_name = "李老师"
    owner("village_cadre", own, person=kid, duty="children.family_call")
    from portal.duties.due import refresh_ids
    refresh_ids([kid.id])
    db.session.commit()
    login("coord")
    for url in ["/duties/overdue", f"/duties/person/{kid.id}", f"/g/children/{kid.id}", "/duties/owners"]:
        page = re.sub(r"<[^>]+>", " ", client.get(url).get_data(as_text=True))  # what a reader sees
        assert "东村包片干部王芳" in page, url
        assert "cadre-430501001" not in page and "village_cadre" not in page, url
    table = client.get("/duties/overdue").get_data(as_text=True).split('id="overdue"')[1]
    assert "东村包片干部王芳 <small class=\"muted\">包片干部</small>" in table
    person = client.get(f"/duties/person/{kid.id}").get_data(as_text=True)
    assert "李老师" in person and "teacher-002" not in person
