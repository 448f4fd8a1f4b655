"""Duties in the quarterly report, hand-counted (2026 quarter 2: 1 April to 30 June, 91 days).

A left-behind child of 东村's first grid, registered 1 January 2026, with the area cadre owning the door visit:
  door (every 7 days): 13 due; visits 5 Apr, 20 May, 3 Jun (and 20 Mar, before) -> done 3, missed 10
  knock (daily, the grid's rounds): 91 due; rounds on 5 days of the quarter -> done 5
  family (every 30 days): 3 due; contacts 10 Apr, 12 Jun, 13 Jun -> done 3 (counted up to what was due)
A second child registered 1 June: door 30 days -> 4 due, nothing done.
"""
from datetime import date, datetime

from portal.extensions import db

from ..factories import add_person
from ..reports.conftest import table
from .conftest import owner, user


def test_duties_done_against_due_by_duty_village_and_owner_role(app, county, grids):
    from portal.duties.models import FamilyContact, KnockRound
    from portal.visits.models import Visit
    from portal.auth.models import User
    from portal.reports.build import build_report, report_area
    from portal.reports.period import Period
    owner("village_cadre", user("cadre"), place=county["v_east"])
    a = add_person("children", grids["g1"], name="甲", category="left_behind", created_at=datetime(2026, 1, 1, 4))
    b = add_person("children", grids["g1"], name="乙", category="left_behind", created_at=datetime(2026, 6, 1, 4))
    for m, d in [(3, 20), (4, 5), (5, 20), (6, 3)]:
        db.session.add(Visit(beneficiary_id=a.id, rule="door", visited_at=datetime(2026, m, d, 4), mode="home",
                             findings={}))
    for m, d in [(4, 10), (6, 12), (6, 13)]:
        db.session.add(FamilyContact(beneficiary_id=a.id, contacted_on=date(2026, m, d)))
    for d in (1, 2, 3, 4, 5):
        db.session.add(KnockRound(place_id=grids["g1"].id, day=date(2026, 5, d)))
    db.session.add(KnockRound(place_id=grids["g1"].id, day=date(2026, 7, 1)))
    db.session.commit()
    coord = db.session.execute(db.select(User).filter_by(username="coord")).scalar_one()
    report = build_report(Period(2026, 2), coord, report_area(coord))
    t = table(report, "children-duties")
    rows = {(r[0], r[1], r[2]): r[3:] for r in t.rows}
    assert rows[("村干部每周“一登门”", "东村", "包片干部")] == [13 + 4, 3, 14, 17.6]
    assert rows[("网格员每日“一敲门”", "东村", "网格员")][:2] == [91 + 30, 5 + 5]
    assert rows[("每月与外出父母联系", "东村", "包片干部")][:2] == [3 + 1, 3]
    assert b.id
