"""A person's page and a volunteer's pages ask the database a bounded number of times (issue 32).

They asked once per visit rule of every group (the schedule's due dates): on a county each of those queries
was a pass over visits, and at 20 clients the pages took 500-700 ms. The due dates now come from one
statement whatever the number of rules, visits or paired people, so these counts must not move when a
plugin adds rules and the person gets visits. The rules themselves are the plugins' (children: seed
000_dfebaf4487bae889.txt, 关爱服务 by teachers and caring families; elderly: 001_4cc1b26d377adaa2.txt).
"""
from datetime import date

import pytest

from portal.hookspecs import hookimpl
from portal.testing import statements
from portal.visits.records import VisitRule

from .conftest import pair, person, visit


class MoreRules:
    """A plugin giving the children's group ten more tracked rules: five a pairing carries, five for cadres."""

    @hookimpl
    def guanai_get_visit_rules(self, group):
        if group != "children":
            return []
        carried = [VisitRule(f"extra_paired_{i}", 10 + i, ("home",), {"zh": f"加访{i}", "en": f"extra {i}"},
                             services=("caring_pairing",)) for i in range(5)]
        cadres = [VisitRule(f"extra_cadre_{i}", 20 + i, ("home",), {"zh": f"村访{i}", "en": f"cadre {i}"})
                  for i in range(5)]
        return carried + cadres


def _count(client, path: str) -> int:
    client.get(path)  # the first request of a client may read what later ones keep
    with statements() as seen:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(seen)


def _grow(app, people, helper):
    """Ten more rules, and each person paired with the helper and visited for several rules."""
    app.extensions["guanai"].pm.register(MoreRules(), name="more-visit-rules")
    for p in people:
        for i, rule in enumerate(["extra_paired_0", "extra_paired_1", "extra_cadre_2", None, "extra_cadre_4"]):
            visit(p, rule=rule, days=3 + i)


def test_a_persons_page_asks_the_same_number_of_times_whatever_its_rules_and_visits(app, county, helper, client,
                                                                                      login_as):
    child = person(county, name="王小明")
    pair(child, helper)
    login_as("coord")
    path = f"/g/children/{child.id}"
    before = _count(client, path)
    _grow(app, [child], helper)
    page = client.get(path).get_data(as_text=True)
    assert "加访0" in page and "村访4" in page  # the new rules are on the page, with their due dates
    assert _count(client, path) == before


@pytest.mark.parametrize("path", ["/me/", "/visits/mine"])
def test_a_volunteers_pages_ask_the_same_number_of_times_whatever_the_rules_visits_and_people(
        app, county, helper, client, login_as, path):
    first = person(county, name="王小明")
    pair(first, helper)
    login_as("vol")
    before = _count(client, path)
    others = [person(county, name=f"李小{n}") for n in "甲乙丙丁"]
    for p in others:
        pair(p, helper)
    _grow(app, [first, *others], helper)
    assert _count(client, path) == before
    if path == "/visits/mine":
        page = client.get(path).get_data(as_text=True)
        assert page.count("李小") >= 4 and "加访0" in page


def test_the_schedule_is_two_statements_for_every_rule_of_every_group(app, county, helper):
    from portal.ledger.models import Beneficiary
    from portal.visits.due import schedule
    child = person(county, name="王小明")
    pair(child, helper)
    elder = person(county, group="elderly", name="张奶奶", birth=date(1940, 1, 1))
    app.extensions["guanai"].pm.register(MoreRules(), name="more-visit-rules")
    ids = [child.id, elder.id]
    with statements() as seen:
        rows = schedule(Beneficiary.id.in_(ids))
    assert len(seen) == 2  # the people's ids and groups, then every rule of those groups at once
    codes = {(r.person_id, r.rule.code) for r in rows}
    assert {(ids[0], f"extra_paired_{i}") for i in range(5)} <= codes
    assert {(ids[0], f"extra_cadre_{i}") for i in range(5)} <= codes
    assert (ids[0], "risk") in codes and (ids[1], "risk") in codes
    assert all(r.village == county["v_east"].name for r in rows)
