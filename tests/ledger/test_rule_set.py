"""One rule set (issue 27) and rules in the service (issue 26): ``save_record``, ``save_records`` and the form
refuse the same data with the same words; the outside-the-rules confirmation is the record service's; the
services needed follow the category (004: classes 1-3 need a caring family)."""
from datetime import date

import pytest

from portal.extensions import db
from portal.ledger.batch import RecordData, RecordsRefused, save_records
from portal.ledger.models import Beneficiary
from portal.ledger.records import OutsideRulesRefused, RecordRefused, save_record
from portal.ledger.rules import PHONE_MESSAGE

from ..factories import add_person


def child(county, **over):
    return {"name": "李小红", "gender": "F", "birth_date": date(2016, 5, 1), "place_id": county["v_east"].id,
            **over}


@pytest.mark.parametrize("phone", ["12345", "138", "0731-12"])
def test_a_bad_phone_is_refused_alike_by_the_service_the_batch_and_the_form(county, client, login, phone):
    user = county["users"]["east"]
    with pytest.raises(RecordRefused) as one:
        save_record(user, "children", None, child(county, phone=phone), {})
    db.session.rollback()
    with pytest.raises(RecordsRefused) as many:
        save_records(user, [RecordData("children", child(county, phone=phone))])
    db.session.rollback()
    assert str(one.value.errors["phone"]) == str(many.value.errors["phone"]) == str(PHONE_MESSAGE)
    login("kids")
    page = client.post("/g/children/new", data={"name": "李小红", "gender": "F", "birth_date": "2016-05-01",
                                                 "phone": phone, "place_id": county["v_east"].id,
                                                 "household_id": 0}).get_data(as_text=True)
    assert str(PHONE_MESSAGE) in page
    assert db.session.query(Beneficiary).count() == 0


def test_a_future_birth_date_and_a_bad_id_number_are_refused_by_the_service(county):
    user = county["users"]["east"]
    with pytest.raises(RecordRefused) as refused:
        save_record(user, "children", None, child(county, birth_date=date(2999, 1, 1), id_number="43052120160501123X"),
                    {})
    assert set(refused.value.errors) == {"birth_date", "id_number"}


def test_outside_the_rule_the_service_asks_for_a_reason_and_keeps_it(county):
    """An 18-year-old is outside the children's rule (004: under 16 for class 6): refused without a reason,
    saved with one, which the notes keep; the batch decides the same."""
    user = county["users"]["east"]
    adult = child(county, birth_date=date(2000, 1, 1))
    with pytest.raises(OutsideRulesRefused) as refused:
        save_record(user, "children", None, adult, {})
    assert refused.value.verdict.eligible is False and "outside_rules" in refused.value.errors
    db.session.rollback()
    with pytest.raises(RecordsRefused) as batch_refused:
        save_records(user, [RecordData("children", dict(adult))])
    assert str(batch_refused.value.errors["outside_rules"]) == str(refused.value.errors["outside_rules"])
    db.session.rollback()
    person = save_record(user, "children", None, adult, {}, outside_reason="县里要求暂留一季度")
    [other] = save_records(user, [RecordData("children", child(county, name="李小明", birth_date=date(2000, 2, 2)),
                                             outside_reason="县里要求暂留一季度")])
    db.session.commit()
    assert "县里要求暂留一季度" in person.notes and "县里要求暂留一季度" in db.session.get(Beneficiary, other).notes


def test_a_record_already_outside_is_not_asked_again_at_every_save(county):
    user = county["users"]["east"]
    person = add_person("children", county["v_east"], birth=date(2000, 1, 1))
    save_record(user, "children", person, child(county, birth_date=date(2000, 1, 1), notes="补全"), {})
    db.session.commit()
    assert person.notes == "补全"


def test_services_follow_the_category_on_create_and_change(county):
    """Classes 1-3 need a caring family (004 三(三)); a change of class swaps the defaults, a service added by
    hand stays, and staff may remove a default afterwards."""
    user = county["users"]["east"]
    orphan = save_record(user, "children", None, child(county, category="orphan", services=["children.tutoring"]),
                         {"father_status": "deceased", "mother_status": "deceased"})
    assert orphan.services == ["children.tutoring", "children.caring_pairing"]
    save_record(user, "children", orphan, child(county, category="left_behind", services=list(orphan.services)),
                {"father_status": "away", "mother_status": "away"})
    assert orphan.services == ["children.tutoring"]
    save_record(user, "children", orphan, child(county, category="unsupported", services=list(orphan.services)),
                {"father_status": "imprisoned", "mother_status": "missing"})
    assert orphan.services == ["children.tutoring", "children.caring_pairing"]
    save_record(user, "children", orphan, child(county, category="unsupported", services=[]), {})
    assert orphan.services == []
    [made] = save_records(user, [RecordData("children", child(county, name="李小明", category="disabled_low_income"))])
    assert db.session.get(Beneficiary, made).services == ["children.caring_pairing"]
    [none] = save_records(user, [RecordData("children", child(county, name="王小二", category="left_behind"))])
    assert db.session.get(Beneficiary, none).services == []


def test_a_deployment_changes_the_services_by_category(migrated):
    from ..conftest import make_app
    app = make_app(migrated, GUANAI_GROUP_SETTINGS={"children": {"services_by_category": {"left_behind": ["tutoring"]}}})
    with app.app_context():
        from portal.plugin.manager import current_plugins
        assert current_plugins().default_services("children", "left_behind") == ["children.tutoring"]
        assert current_plugins().default_services("children", "orphan") == []


def test_the_list_and_the_page_mark_no_service_and_category_to_confirm(client, county, login):
    confirm = add_person("children", county["v_east"], name="待确认")
    paired = add_person("children", county["v_east"], name="有服务", category="orphan",
                        services=["children.caring_pairing"])
    login("kids")
    listing = client.get("/g/children/").get_data(as_text=True)
    assert listing.count("未登记所需服务") == 1 and listing.count('class="tag warn to-confirm"') == 1
    only = client.get("/g/children/?category=none").get_data(as_text=True)
    assert "待确认" in only and "有服务" not in only
    page = client.get(f"/g/children/{confirm.id}").get_data(as_text=True)
    assert "未登记所需服务" in page and "类别待确认" in page
    page = client.get(f"/g/children/{paired.id}").get_data(as_text=True)
    assert "未登记所需服务" not in page and "类别待确认" not in page


def test_a_profile_phone_follows_the_same_rule_even_as_the_import_joins_two():
    from portal.ledger.rules import phones_problem
    assert phones_problem("父亲：13700001111；母亲：0731-1234567") is None
    assert phones_problem("13700001111") is None and phones_problem("") is None
    assert phones_problem("12345") == PHONE_MESSAGE
    assert phones_problem("父亲：13700001111；母亲：12345") == PHONE_MESSAGE
    assert phones_problem("call me") == PHONE_MESSAGE
