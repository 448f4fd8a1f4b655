"""Codes are shown with their labels, from the plugin that owns them or the core; never bare, never "None"."""
from sqlalchemy import select

from portal.core.texts import Text, Vocabularies
from portal.extensions import db
from portal.volunteers.models import Volunteer

from ..factories import add_person


def test_vocabularies_join_plugins_parts_and_fall_back_to_the_code():
    vocab = Vocabularies([{"skills": {"math": Text("数学", "Mathematics")}},
                          {"skills": {"care": Text("生活照料", "Daily care")}, "kinds": {}}])
    assert vocab.codes("skills") == ["math", "care"]
    assert vocab.label("skills", "math") == "数学"
    assert vocab.label("skills", "剪纸") == "剪纸"  # typed in under "other"
    assert vocab.label("skills", None) == "—" and vocab.labels("skills", ["math", "care"]) == "数学、生活照料"


def test_the_app_has_core_and_plugin_vocabularies(app):
    vocab = app.extensions["guanai_vocabularies"]
    assert {"math", "homework", "counselling", "breeding"} <= set(vocab.codes("skills"))
    assert {"teacher", "caring_mother"} <= set(vocab.codes("volunteer_kinds"))
    assert {"home", "phone"} <= set(vocab.codes("visit_modes"))


def test_pages_show_labels_not_codes(client, county, login):
    person = add_person("children", county["v_east"], needs=["math", "homework"], category="left_behind")
    db.session.add(Volunteer(name="赵老师", gender="F", phone="13800000000", place_id=county["v_east"].id,
                             kind="teacher", skills=["math", "剪纸"], status="pending"))
    db.session.commit()
    login("coord")
    detail = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    assert "数学、作业辅导" in detail and "homework" not in detail and "None" not in detail
    volunteers = client.get("/volunteers/").get_data(as_text=True)
    assert "数学、剪纸" in volunteers and ">pending<" not in volunteers
    vid = db.session.execute(select(Volunteer.id)).scalar_one()
    page = client.get(f"/volunteers/{vid}").get_data(as_text=True)
    assert "<dd>教师</dd>" in page and "待审核" in page and "teacher" not in page


def test_a_volunteer_picks_skills_from_the_list(client, county):
    form = client.get("/join").get_data(as_text=True)
    assert 'value="math"' in form and "数学" in form and 'name="skills_other"' in form
