"""Demo visits: pairings for the main services, a year of visit history, a few people overdue, one high-risk child."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..assignment.models import Pairing
from ..auth.models import User
from ..core.bulk import analyze
from ..core.time import from_local, local_today, utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer, VolunteerService
from .due import schedule
from .models import FollowUp, RiskLevel, Visit

FINDINGS = {"living": ["住房安全，卫生良好", "屋内整洁", "冬季取暖需关注"],
            "health": ["身体健康", "感冒已好转", "血压偏高，按时服药"],
            "mood": ["情绪稳定", "想念外出的家人", "开朗健谈"], "study": ["作业按时完成", "数学需辅导"],
            "safety": ["用电用火安全", "已讲解防溺水知识"]}
SPOKE_TO = [("本人", "self"), ("爷爷", "grandparent"), ("奶奶", "grandparent"), ("邻居", "neighbour")]
#: Share of (person, rule) schedules the demo leaves overdue, so the coordinator's list has something to show.
OVERDUE_SHARE = 0.06
PAIRED_PER_GROUP = 40


def _demo_volunteer() -> Volunteer | None:
    user = db.session.execute(select(User).where(User.username == "volunteer")).scalar_one_or_none()
    return db.session.execute(select(Volunteer).where(Volunteer.user_id == user.id)).scalar_one_or_none() if user \
        else None


def _pair(demo, person: Beneficiary, volunteer: Volunteer, service, started: int) -> Pairing:
    pairing = Pairing(service=service.key, role=service.helper_roles[0], beneficiary_id=person.id,
                      volunteer_id=volunteer.id, unit=f"b{person.id}", status="active", response="accepted",
                      started_on=local_today() - timedelta(days=started))
    db.session.add(pairing)
    return pairing


def _pairings(demo, people: list[Beneficiary]) -> dict[int, Volunteer]:
    """Pair some people of each group with volunteers offering the group's main service; the demo volunteer too."""
    plugins = current_plugins()
    helpers: dict[int, Volunteer] = {}
    me = _demo_volunteer()
    for group in plugins.groups:
        main = next((s for s in plugins.services_of(group, "pairing") if s.main), None)
        if main is None:
            continue
        offering = list(db.session.execute(select(Volunteer).join(VolunteerService).where(
            VolunteerService.service == main.key, Volunteer.status == "active")).scalars())
        members = [p for p in people if p.group == group and main.code in {s.split(".")[-1] for s in p.services}]
        for i, person in enumerate(members[:PAIRED_PER_GROUP]):
            volunteer = me if me is not None and i < 3 and not helpers.get(-1) else demo.rng.choice(offering or [me])
            if volunteer is None:
                continue
            _pair(demo, person, volunteer, main, demo.rng.randint(200, 400))
            helpers[person.id] = volunteer
        if me is not None and members:
            helpers[-1] = me  # the demo volunteer's three people come from the first group
    helpers.pop(-1, None)
    return helpers


def _visit(demo, person_id: int, rule: str | None, day, helper: Volunteer | None, **kw) -> Visit:
    spoke, relation = demo.rng.choice(SPOKE_TO)
    areas = demo.rng.sample(sorted(FINDINGS), 2)
    visit = Visit(beneficiary_id=person_id, rule=rule, mode=demo.rng.choice(["home", "home", "home", "phone"]),
                  visited_at=from_local(datetime.combine(day, time(demo.rng.randint(8, 17), demo.rng.choice([0, 30])))),
                  spoke_to=spoke, relation=relation, findings={a: demo.rng.choice(FINDINGS[a]) for a in areas}, **kw)
    if helper is not None:
        visit.helpers = [helper]
    db.session.add(visit)
    return visit


def _history(demo, helpers: dict[int, Volunteer]) -> int:
    """A year of visits for every (person, rule) scheduled; a few schedules stop early and are overdue now."""
    today = local_today()
    me = _demo_volunteer()
    mine = {pid for pid, v in helpers.items() if me is not None and v.id == me.id}
    n = 0
    for row in schedule():
        every = row.rule.every_days
        # The risk-level visits are the village's quarterly round; the rest follow the rule.
        gap = every if row.rule.code != "risk" else demo.rng.randint(45, 80)
        stop = today - timedelta(days=every + demo.rng.randint(2, 20)) if demo.rng.random() < OVERDUE_SHARE else today
        if row.person_id in mine and row.rule.code != "risk":
            # The demo volunteer's people fall due within days, so their to-do list is never empty.
            stop = today - timedelta(days=max(0, every - demo.rng.randint(1, 10)))
        day = today - timedelta(days=365 - demo.rng.randint(0, gap))
        while day <= stop:
            _visit(demo, row.person_id, None if row.rule.code == "risk" else row.rule.code, day,
                   helpers.get(row.person_id) if row.rule.code != "risk" else None)
            n += 1
            day += timedelta(days=max(1, gap - demo.rng.randint(0, max(1, gap // 5))))
    return n


def _high_risk_child(demo, helpers: dict[int, Volunteer]) -> None:
    """One child of the demo volunteer flagged for close attention: high risk, last seen nine days ago."""
    me = _demo_volunteer()
    mine = [pid for pid, v in helpers.items() if me is not None and v.id == me.id]
    if not mine:
        return
    person = db.session.get(Beneficiary, mine[0])
    visit = _visit(demo, person.id, None, local_today() - timedelta(days=9), me, close_attention=True,
                   notes="监护人住院，孩子暂由邻居照看，需重点关注")
    visit.follow_ups.append(FollowUp(beneficiary_id=person.id, what="联系在外务工的父母", who="村委会",
                                     due_on=local_today() + timedelta(days=2)))
    db.session.execute(Visit.__table__.delete().where(Visit.beneficiary_id == person.id,
                                                      Visit.visited_at > visit.visited_at))
    db.session.merge(RiskLevel(beneficiary_id=person.id, level="high", since=visit.visited_at))


def populate(demo) -> None:
    """Back-date the people a year, pair some, and write their year of visits."""
    people = list(db.session.execute(select(Beneficiary)).scalars())
    year_ago = utcnow() - timedelta(days=365)
    for person in people:
        person.created_at = year_ago
    helpers = _pairings(demo, people)
    db.session.flush()
    analyze(list(db.metadata.tables))  # the schedule's plan must know the county just written (PostgreSQL)
    _history(demo, helpers)
    db.session.flush()
    _high_risk_child(demo, helpers)
    db.session.flush()
