"""Guardianship (issue 29 part 7; seeds 001 line 336 "与儿童家长签订监护制度和监护责任书", 001 lines 138-140 and 358
on training guardians (家长学校), 003 "家庭监护情况调查评估、救助帮扶、监护干预"): the letter signed by the guardian the
ledger names (never a second record of guardians), its photo, trainings, assessments with interventions and
follow-ups, the list of people whose guardian has no letter or no training this year, refusals naming the field,
and who sees what."""
import io
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from plugins.children.models import ChildProfile
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db
from portal.guardianship.lists import gap_counts, gaps, open_interventions
from portal.guardianship.models import GuardianshipAssessment, InterventionFollowUp, GuardianshipLetter, GuardianTraining

from ..factories import add_person

pytestmark = pytest.mark.usefixtures("children_first")


@pytest.fixture
def children_first(staff_groups):
    assert staff_groups["kids"] == "children"


@pytest.fixture
def uploads(app, tmp_path):
    app.config["GUANAI_UPLOAD_DIR"] = str(tmp_path)
    yield tmp_path
    app.config.pop("GUANAI_UPLOAD_DIR")


def _child(county, name="小明", guardian="王德福", place="v_east", household=True):
    person = add_person("children", county[place], name=name, birth=date(2014, 5, 1))
    if household:
        person.household_id = county["home"].id
    db.session.add(ChildProfile(beneficiary_id=person.id, guardian_name=guardian, guardian_relation="grandparent",
                                guardian_phone="13900000000"))
    db.session.commit()
    return person


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


def _count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_letter_is_signed_by_the_guardian_the_ledger_names_with_the_photo_of_the_page(client, login, county,
                                                                                        uploads):
    child = _child(county)
    login("kids")
    page = client.get(f"/guardianship/person/{child.id}").get_data(as_text=True)
    assert "王德福" in page and "尚未签订监护责任书" in page
    response = client.post(f"/guardianship/person/{child.id}/letter",
                           data={"signed_on": local_today().isoformat(), "other_party": "东村村委会",
                                 "photo": (io.BytesIO(_png()), "page.png")}, content_type="multipart/form-data")
    assert response.status_code == 302
    letter = db.session.execute(select(GuardianshipLetter)).scalar_one()
    assert (letter.guardian_name, letter.guardian_relation, letter.other_party) == ("王德福", "grandparent", "东村村委会")
    photo = client.get(f"/guardianship/letter/{letter.id}/photo")
    assert photo.status_code == 200 and photo.data == _png() and photo.headers["Content-Type"] == "image/png"
    assert "no-store" in photo.headers["Cache-Control"]
    assert ("guardianship_letter", "create") in {tuple(r) for r in db.session.execute(
        select(AuditEntry.entity, AuditEntry.action)).all()}
    # The ledger's guardian changes: the old letter no longer counts, the person is listed again.
    assert child.id not in {g.person_id for g in gaps(county["users"]["coord"]) if not g.letter}
    db.session.execute(db.update(ChildProfile).where(ChildProfile.beneficiary_id == child.id)
                       .values(guardian_name="李桂英"))
    db.session.commit()
    assert child.id in {g.person_id for g in gaps(county["users"]["coord"]) if not g.letter}
    page = client.get(f"/guardianship/person/{child.id}").get_data(as_text=True)
    assert "原监护人" in page and "李桂英" in page


def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(client, login, county, uploads):
    child = _child(county)
    login("kids")
    url = f"/guardianship/person/{child.id}"
    for part, data, message in [
        ("letter", {"signed_on": "", "other_party": "村委会"}, "签订日期：请填写日期。"),
        ("letter", {"signed_on": (local_today() + timedelta(days=1)).isoformat(), "other_party": "村委会"},
         "签订日期：日期不能晚于今天。"),
        ("letter", {"signed_on": "2010-01-01", "other_party": "村委会"}, "签订日期：日期不能早于 2014-05-01。"),
        ("letter", {"signed_on": local_today().isoformat(), "other_party": " "}, "签订方：此项必填。"),
        ("letter", {"signed_on": local_today().isoformat(), "other_party": "村委会",
                    "photo": (io.BytesIO(b"not an image"), "page.jpg")}, "签字页照片：page.jpg 不是照片"),
        ("training", {"attended_on": local_today().isoformat(), "course": ""}, "课程：此项必填。"),
        ("assessment", {"assessed_on": local_today().isoformat(), "level": "fine", "findings": "x"}, "请选择监护情况。"),
        ("assessment", {"assessed_on": local_today().isoformat(), "level": "harmed", "findings": "受到打骂"},
         "监护干预：监护缺失或遭受监护侵害的，须开展监护干预（003）。"),
        ("assessment", {"assessed_on": local_today().isoformat(), "level": "weak", "findings": "x",
                        "intervention": "counsel", "intervention_note": ""}, "干预措施：此项必填。"),
    ]:
        response = client.post(f"{url}/{part}", data=data, content_type="multipart/form-data")
        assert response.status_code == 400, (part, data)
        assert message in response.get_data(as_text=True), (part, message)
    assert _count(GuardianshipLetter) == _count(GuardianTraining) == _count(GuardianshipAssessment) == _count(AuditEntry) == 0
    assert list(uploads.rglob("*.*")) == []                                 # no photo stored for a refused letter


def test_no_guardian_in_the_ledger_no_letter_and_the_person_is_listed(client, login, county):
    child = _child(county, guardian="")
    login("kids")
    response = client.post(f"/guardianship/person/{child.id}/training",
                           data={"attended_on": local_today().isoformat(), "course": "家长学校"})
    assert response.status_code == 400 and "台账中没有登记监护人" in response.get_data(as_text=True)
    listed = {g.person_id: g for g in gaps(county["users"]["coord"])}
    assert listed[child.id].guardian == "" and not listed[child.id].letter


def test_a_training_counts_for_siblings_with_the_same_guardian_and_only_this_year(client, login, county):
    older = _child(county, "小明")
    younger = _child(county, "小红")
    cousin = _child(county, "小刚", guardian="张桂兰")
    login("kids")
    response = client.post(f"/guardianship/person/{older.id}/training",
                           data={"attended_on": local_today().isoformat(), "course": "家长学校：防溺水",
                                 "held_by": "镇妇联", "household_too": "1"})
    assert response.status_code == 302
    assert sorted(db.session.execute(select(GuardianTraining.beneficiary_id)).scalars()) == sorted([older.id, younger.id])
    for person in (older, younger):
        db.session.add(GuardianshipLetter(beneficiary_id=person.id, guardian_name="王德福", signed_on=local_today(),
                              other_party="村委会"))
    db.session.add(GuardianTraining(beneficiary_id=cousin.id, guardian_name="张桂兰", attended_on=date(2025, 12, 31),
                            course="家长学校"))
    db.session.commit()
    rows = {g.name: (g.letter, g.training) for g in gaps(county["users"]["coord"])}
    assert rows == {"小刚": (False, False)}      # last year's training does not count this year
    assert rows == {g.name: (g.letter, g.training) for g in gaps(county["users"]["coord"], today=local_today())}
    assert gap_counts(county["users"]["coord"]) == [("东村", 1, 1, 1)]
    next_year = date(local_today().year + 1, 1, 2)
    assert {g.name for g in gaps(county["users"]["coord"], today=next_year)} == {"小明", "小红", "小刚"}


def test_an_intervention_is_followed_up_until_closed(client, login, county):
    child = _child(county)
    login("kids")
    day = local_today() - timedelta(days=10)
    client.post(f"/guardianship/person/{child.id}/assessment",
                data={"assessed_on": day.isoformat(), "level": "lacking", "findings": "祖父住院，孩子独自在家",
                      "intervention": "temporary", "intervention_note": "由村儿童主任安排临时照料"})
    assessment = db.session.execute(select(GuardianshipAssessment)).scalar_one()
    assert (assessment.level, assessment.intervention, assessment.guardian_name) == ("lacking", "temporary", "王德福")
    assert [a.id for a, *_ in open_interventions(county["users"]["coord"])] == [assessment.id]
    url = f"/guardianship/assessment/{assessment.id}/follow-up"
    response = client.post(url, data={"done_on": (day - timedelta(days=1)).isoformat(), "note": "走访"})
    assert response.status_code == 400 and "日期不能早于" in response.get_data(as_text=True)
    client.post(url, data={"done_on": (day + timedelta(days=3)).isoformat(), "note": "已联系外出父母"})
    assert open_interventions(county["users"]["coord"])[0][3] == day + timedelta(days=3)
    client.post(url, data={"done_on": local_today().isoformat(), "note": "祖父出院，恢复监护", "closes": "1"})
    assert db.session.get(GuardianshipAssessment, assessment.id).closed_on == local_today()
    assert open_interventions(county["users"]["coord"]) == []
    response = client.post(url, data={"done_on": local_today().isoformat(), "note": "再次"})
    assert response.status_code == 400 and _count(InterventionFollowUp) == 2


def test_who_sees_guardianship(client, login, county):
    child = _child(county)
    west_child = _child(county, "小华", place="v_west", household=False)
    db.session.add(GuardianshipLetter(beneficiary_id=child.id, guardian_name="王德福", signed_on=local_today(), other_party="村委会",
                          photo_name="x.png", photo_type="image/png"))
    db.session.commit()
    letter = db.session.execute(select(GuardianshipLetter)).scalar_one()
    login("coord")
    page = client.get(f"/g/children/{child.id}").get_data(as_text=True)
    assert "监护责任书" in page and f"/guardianship/person/{child.id}" in page
    login("vol")                                              # a volunteer: nothing, not even the box
    assert client.get(f"/guardianship/person/{child.id}").status_code == 403
    assert client.get(f"/guardianship/letter/{letter.id}/photo").status_code == 403
    assert client.get("/guardianship/missing").status_code == 403
    login("elders")                                           # staff of another group
    assert client.get(f"/guardianship/person/{child.id}").status_code == 404
    assert client.get(f"/guardianship/letter/{letter.id}/photo").status_code == 404
    login("west")                                             # the other township's coordinator
    assert client.get(f"/guardianship/person/{child.id}").status_code == 404
    page = client.get("/guardianship/missing").get_data(as_text=True)
    assert "小华" in page and "小明" not in page
    assert client.get(f"/guardianship/person/{west_child.id}").status_code == 200
    elder = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1948, 4, 2))
    login("coord")
    assert client.get(f"/guardianship/person/{elder.id}").status_code == 404     # a group with no guardianship rules
    assert "监护责任书" not in client.get(f"/g/elderly/{elder.id}").get_data(as_text=True)


def test_the_gaps_page_is_paged_by_the_database_and_filtered_by_place(app, client, login, county):
    """Issue 32: a county's gaps list was 784 KB in one page; it shows a page and a pager, a place narrows it, and a
    county coordinator's counts are by township (a township's by village)."""
    app.config["GUANAI_PAGE_SIZE"] = 2
    for name in ("甲娃", "乙娃", "丙娃"):
        _child(county, name, guardian="")
    _child(county, "西村娃", place="v_west", household=False, guardian="")
    login("coord")
    page = client.get("/guardianship/missing").get_data(as_text=True)
    gaps_table = page.split('id="gaps"')[1].split("</table>")[0]
    assert gaps_table.count("/guardianship/person/") == 2 and 'class="pager"' in page and "?page=2" in page
    counts = page.split('id="counts"')[1].split("</table>")[0]
    assert "东乡" in counts and "西乡" in counts and "东村" not in counts
    second = client.get("/guardianship/missing?page=2").get_data(as_text=True).split('id="gaps"')[1]
    assert second.split("</table>")[0].count("/guardianship/person/") == 2
    west = client.get(f"/guardianship/missing?place={county['west'].id}").get_data(as_text=True)
    assert "西村娃" in west and "甲娃" not in west and 'class="pager"' not in west
    assert "西村" in west.split('id="counts"')[1].split("</table>")[0]
    csv = client.get(f"/guardianship/missing?format=csv&place={county['west'].id}").get_data(as_text=True)
    assert "西村娃" in csv and "甲娃" not in csv
    login("east")                                             # a place outside one's area is not found
    assert client.get(f"/guardianship/missing?place={county['west'].id}").status_code == 404
