"""The demo county's study plans: for each group with study rules, about twenty of its people are paired with a
helper offering a study service (since the start of last term), most with this term's plan and a few progress
entries, every other one with last term's plan and its summary; one in six has no plan this term, so the
coordinator's missing list has rows. Its own random draw: the rest of the county stays the same."""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from ..assignment.models import Pairing
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer, VolunteerService
from .models import ProgressEntry, StudyPlan
from .plans import rules_of
from .terms import term_of

PAIRED = 20
CONTENT = ("每周两次课后辅导：订正作业错题，讲清当周重点", "每周一次阅读指导，读一本课外书并写读后感",
           "数学计算与应用题专项练习，每周一套小练习")
EXPECTED = ("期中考试数学达到 80 分以上，按时完成作业", "每月读完一本书，作文能写满 400 字",
            "错题本坚持记录，单元测验成绩提高 10 分")
NOTES = ("作业认真多了", "计算错误减少", "上课能主动发言", "阅读速度提高")


def _plan(rng, pairing: Pairing, term, entries: int, today) -> None:
    plan = StudyPlan(pairing_id=pairing.id, beneficiary_id=pairing.beneficiary_id, term_start=term.start,
                     subjects=rng.choice(("数学", "语文", "数学、语文", "英语", "阅读")),
                     schedule=rng.choice(("每周二、四放学后 16:30-17:30", "每周六上午 9:00-10:30")),
                     content=rng.choice(CONTENT), expected=rng.choice(EXPECTED))
    if term.end < today:
        plan.summary = "本学期按计划完成辅导，作业完成率明显提高，数学单元测验由 68 分提高到 79 分。"
        plan.summary_on = term.end
    db.session.add(plan)
    db.session.flush()
    mark = rng.randint(60, 78)
    span = max(entries + 1, (min(term.end, today) - term.start).days)
    for k in range(entries):
        mark = min(100, mark + rng.randint(-2, 7))
        day = term.start + timedelta(days=(k + 1) * span // (entries + 1))
        if day > today:
            break
        db.session.add(ProgressEntry(plan_id=plan.id, beneficiary_id=pairing.beneficiary_id, entry_on=day,
                                     subject="数学", mark=mark, out_of=100, note=rng.choice(NOTES)))


def populate(demo) -> None:
    rng = random.Random(2906)
    db.session.flush()
    today = local_today()
    plugins = current_plugins()
    for group in plugins.groups:
        rules = rules_of(group)
        keys = [f"{group}.{code}" for code in (rules.services if rules else ()) if f"{group}.{code}" in plugins.services]
        if not keys:
            continue
        service = plugins.services[keys[0]]
        offers = [o for o in db.session.execute(
            select(VolunteerService).join(Volunteer, Volunteer.id == VolunteerService.volunteer_id)
            .where(VolunteerService.service == service.key, Volunteer.status == "active")
            .order_by(VolunteerService.id)).scalars() if o.load < o.capacity]
        taken = set(db.session.execute(select(Pairing.beneficiary_id).where(Pairing.service == service.key,
                                                                            Pairing.status == "active")).scalars())
        people = [p for p in db.session.execute(select(Beneficiary).where(
            Beneficiary.group == group, Beneficiary.status == "active").order_by(Beneficiary.id)).scalars()
            if p.id not in taken and p.age_on(today) >= 7]
        term = term_of(rules, today)
        last = term_of(rules, term.start - timedelta(days=1))
        for n, person in enumerate(rng.sample(people, min(PAIRED, len(people)))):
            offer = next((o for o in offers if o.load < o.capacity), None)
            if offer is None:
                break
            offer.load += 1
            pairing = Pairing(service=service.key, role=service.helper_roles[0], beneficiary_id=person.id,
                              volunteer_id=offer.volunteer_id, unit=f"b{person.id}", status="active",
                              response="accepted", started_on=last.start + timedelta(days=rng.randint(0, 20)))
            db.session.add(pairing)
            db.session.flush()
            if n % 2:
                _plan(rng, pairing, last, 3, today)
            if n % 6 != 5:        # one in six has no plan this term: on the missing list a month into the term
                _plan(rng, pairing, term, 2, today)
