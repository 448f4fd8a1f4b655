"""Outreach telling a family (an SMS sent, a letter given) counts as the monthly contact with the absent family
(001 篇十五: "每月与...留守儿童父母进行一次电话、短信或网络交流") where the relation says so."""
from datetime import timedelta
from types import SimpleNamespace

from portal.core.time import local_today, utcnow
from portal.extensions import db
from portal.plugin.manager import current_plugins

from .conftest import duties_of, someone


def test_a_family_told_by_outreach_counts_as_the_monthly_contact(app, county, grids):
    kid = someone(grids["g1"], category="left_behind")
    told = SimpleNamespace(beneficiary_id=kid.id, relation="parents", name="父亲", channel="sms",
                           counts_as_contact=True, done_at=utcnow())
    not_counted = SimpleNamespace(beneficiary_id=kid.id, relation="guardian", name="奶奶", channel="letter",
                                  counts_as_contact=False, done_at=utcnow())
    current_plugins().hook.guanai_on_family_told(deliveries=[told, not_counted], actor=None)
    db.session.commit()
    row = duties_of(kid)["children.family"]
    assert row.last_done == local_today() and row.due_on == local_today() + timedelta(days=30)
