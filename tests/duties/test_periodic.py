"""The received feature's periodic services in the duties' due table, lists, counts and gaps (issue 28: they belong
"in the due lists of the duties feature where there is one"): the elders' half-yearly health check and yearly
birthday (002), the women's yearly 两癌 screening (002), the children's semester check and puberty class (003).

The duties feature names nothing of received's: received hands the services over as duty rules
(``guanai_get_duty_rules``) carrying its own SQL for the last day received and the next due day."""
from datetime import date, timedelta

from sqlalchemy import select

from portal.core.time import local_today, utcnow
from portal.extensions import db

from .conftest import duties_of, owner, someone, user


def _received(person, service, days_ago):
    from portal.received.models import ServiceRecord
    db.session.add(ServiceRecord(beneficiary_id=person.id, service=service,
                                 day=local_today() - timedelta(days=days_ago)))
    db.session.commit()


def test_the_duties_package_names_nothing_of_received():
    import pathlib

    import portal.duties
    for path in pathlib.Path(portal.duties.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "received" not in text.replace("received_", ""), path   # the hook, not an import


def test_each_periodic_service_is_a_duty_of_the_people_it_is_for_and_agrees_with_received_s_due_list(app, county,
                                                                                                       grids):
    old = someone(grids["g1"], group="elderly", name="七个月前", birth=date(1950, 3, 1))
    recent = someone(grids["g1"], group="elderly", name="两个月前", birth=date(1950, 3, 1))
    woman = someone(grids["g1"], group="women", name="王妇", birth=date(1985, 3, 1))
    child = someone(grids["g3"], group="children", name="小明")
    _received(old, "elderly.health_check", 213)     # 002: every half year -> overdue
    _received(recent, "elderly.health_check", 60)   # due in four months
    today = local_today()
    kept = duties_of(old)["elderly.periodic_health_check"]
    assert kept.action == "service" and kept.owner_role == "village_cadre" and kept.owner_id is None
    assert kept.last_done == today - timedelta(days=213) and kept.due_on < today
    assert duties_of(recent)["elderly.periodic_health_check"].due_on > today + timedelta(days=100)
    assert "elderly.birthday:birthday" in duties_of(old)               # 002: the yearly birthday, once
    assert "elderly.periodic_birthday" not in duties_of(old)           # (the service is the same duty)
    assert "women.periodic_two_cancer_screening" in duties_of(woman)   # 002: 两癌, yearly
    assert "children.periodic_health_check" in duties_of(child)        # 003: each semester
    assert "children.periodic_puberty_class" not in duties_of(child)   # 003: grade 5 and above only
    assert not any(k.startswith("elderly.periodic") for k in duties_of(woman))
    # the same last and next day as received's own (its person section's, computed by its due list's SQL)
    from portal.received.due import person_services
    for person in (old, recent, woman, child):
        theirs = {f"{p.group}.periodic_{p.code}": (last, due) for p, last, due in person_services(person, today)
                  if not p.duty}
        ours = {k: (r.last_done, r.due_on) for k, r in duties_of(person).items() if r.action == "service"}
        assert ours == theirs and ours


def test_a_service_recorded_moves_the_duty_on_at_the_commit(app, county, grids):
    from portal.received.records import record_service
    person = someone(grids["g1"], group="elderly", name="体检", birth=date(1950, 3, 1), registered_days_ago=300)
    assert duties_of(person)["elderly.periodic_health_check"].due_on < local_today()
    record_service(county["users"]["admin"], person, "elderly.health_check", local_today() - timedelta(days=3), "")
    db.session.commit()
    kept = duties_of(person)["elderly.periodic_health_check"]
    assert kept.last_done == local_today() - timedelta(days=3) and kept.due_on > local_today() + timedelta(days=170)


def test_periodic_services_count_in_the_overdue_list_its_kept_counts_and_the_gaps(app, county, grids):
    from portal.duties.cli import SYSTEM
    from portal.duties.counts import kept_counts, kept_total
    from portal.duties.lists import Filters, duty_rows
    from portal.duties.models import DutyGap
    person = someone(grids["g1"], group="elderly", name="未体检", birth=date(1950, 3, 1), registered_days_ago=300)
    filters = Filters(duty="elderly.periodic_health_check")
    rows = duty_rows(SYSTEM, filters, overdue=True)
    assert [(r.person_id, r.duty) for r in rows] == [(person.id, "elderly.periodic_health_check")]
    assert kept_total(SYSTEM, filters, local_today()) == 1
    assert ("elderly.periodic_health_check", 1) in kept_counts(SYSTEM, Filters(), local_today())["duty"]
    gaps = db.session.execute(select(DutyGap.duties).where(DutyGap.group == "elderly",
                                                           DutyGap.owner_role == "village_cadre")).scalars().all()
    assert sum(gaps) >= 1   # nobody owns the village's area cadre's duties yet
    cadre = user("cadre2", place=county["v_east"], role="coordinator")
    owner("village_cadre", cadre, place=county["v_east"])
    assert duties_of(person)["elderly.periodic_health_check"].owner_id == cadre.id
    mine = duty_rows(SYSTEM, Filters(owner_id=cadre.id), overdue=True)
    assert "elderly.periodic_health_check" in {r.duty for r in mine}


def test_a_deployment_moves_a_periodic_duty_to_another_owner(app, county, grids):
    from portal.duties.due import refresh
    person = someone(grids["g1"], group="women", name="筛查", birth=date(1985, 3, 1))
    settings = app.extensions["guanai"]._settings["women"]
    before = settings.get("duties")
    settings["duties"] = {**(before or {}), "periodic_two_cancer_screening": {"owner": "grid_worker"}}
    app.extensions.pop("guanai_duties_sql", None)
    try:
        refresh()
        assert duties_of(person)["women.periodic_two_cancer_screening"].owner_role == "grid_worker"
    finally:
        if before is None:
            settings.pop("duties")
        else:
            settings["duties"] = before
        app.extensions.pop("guanai_duties_sql", None)


def test_the_elders_birthday_is_one_duty_done_by_a_visit_on_the_day_or_the_birthday_recorded(app, county, grids):
    """002 "建立老人生日档案，每年为老人庆祝一次生日": once a year. The elders' plugin has a birthday visit duty and
    a birthday service (received's archive); the service names the duty (``duty="birthday"``), so the two are one
    duty, moved on by either record, not two items each owed and each missed."""
    from portal.received.records import record_service
    from portal.visits.models import Visit
    today = local_today()
    birth = date(1950, today.month, min(today.day, 28))   # the birthday this month: inside its window
    visited = someone(grids["g1"], group="elderly", name="探望过", birth=birth)
    recorded = someone(grids["g1"], group="elderly", name="登记过", birth=birth)
    neither = someone(grids["g1"], group="elderly", name="没有过", birth=birth)
    for person in (visited, recorded, neither):
        birthdays = [k for k in duties_of(person) if "birthday" in k]
        assert birthdays == ["elderly.birthday:birthday"], birthdays
    owed = duties_of(neither)["elderly.birthday:birthday"].due_on
    assert owed <= today + timedelta(days=28)
    db.session.add(Visit(beneficiary_id=visited.id, rule="birthday", occasion="birthday", mode="home", findings={},
                         visited_at=utcnow()))
    record_service(county["users"]["admin"], recorded, "elderly.birthday", today, "")
    db.session.commit()
    for person in (visited, recorded):
        kept = duties_of(person)["elderly.birthday:birthday"]
        assert kept.last_done == today and kept.due_on > today + timedelta(days=300), person.name
    assert duties_of(neither)["elderly.birthday:birthday"].due_on == owed


def test_a_service_whose_duty_is_switched_off_stands_on_its_own(app, county, grids):
    from dataclasses import replace
    from portal.duties.rules import _fold_same
    from portal.duties.records import DutyRule
    service = DutyRule("periodic_birthday", {"zh": "生日"}, "service", "village_cadre", due=lambda *a: None,
                       done=lambda: None, same_as="birthday")
    visit = DutyRule("birthday", {"zh": "生日"}, "visit", "village_cadre", holidays=("birthday",))
    assert [r.code for r in _fold_same([visit, service])] == ["birthday"]
    assert _fold_same([visit, service])[0].also_done == (service.done,)
    assert [r.code for r in _fold_same([service])] == ["periodic_birthday"]
    assert [r.code for r in _fold_same([replace(service, same_as="")] + [visit])] == ["periodic_birthday", "birthday"]
