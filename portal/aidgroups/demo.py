"""The demo county's mutual-aid groups: the elders of the demo volunteer's township formed into groups of about
ten by the engine and committed, the demo volunteer leading one of them, with a first meeting and a report.

Issue 30's "done when": on the demo county, the elders of a township are formed into groups of about ten with a
leader each, and a leader's report reaches the cadre.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..auth.models import User
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .forming import FormingRefused, commit_run, params_of, rerun, start_run
from .leader import record_meeting, report
from .models import AidGroup

def oldest_group() -> str | None:
    """The group whose youngest person is the oldest: the old people's group (seed 001 篇十五: "老老互助",
    十人一联), found without naming it (the core names no group)."""
    row = db.session.execute(select(Beneficiary.group).where(Beneficiary.group.in_(list(current_plugins().groups)))
                             .group_by(Beneficiary.group).order_by(func.max(Beneficiary.birth_date)).limit(1)).first()
    return row[0] if row else None


def populate(demo) -> None:
    db.session.flush()
    group = oldest_group()
    if group is None:
        return
    user = db.session.execute(select(User).where(User.username == "volunteer")).scalar_one_or_none()
    leader = db.session.execute(select(Volunteer).where(Volunteer.user_id == user.id)).scalar_one_or_none() \
        if user else None
    if leader is None:
        return
    village = db.session.get(Place, leader.place_id)
    township = village.parent if village.level == "village" else village
    try:
        run = start_run(None, group, township, params_of(size=10))
    except FormingRefused:
        return
    groups = run.proposal["groups"]
    mine = [g for g in groups if g["village"] == village.id]
    if mine and leader.id not in {g["leader"] for g in groups}:
        # The demo volunteer leads the group of their village whose leader lives nearest them.
        nearest = min(mine, key=lambda g: (g["lat"] - leader.lat) ** 2 + (g["lon"] - leader.lon) ** 2)
        proposal = dict(run.proposal)
        proposal["groups"] = [dict(g, leader=leader.id) if g is nearest else g for g in groups]
        run.proposal = proposal
        try:
            rerun(None, run)
        except FormingRefused:
            pass
    commit_run(None, run)
    db.session.flush()
    led = db.session.execute(select(AidGroup).where(AidGroup.leader_id == leader.id,
                                                    AidGroup.status == "active")).scalars().first()
    if led is None or not led.members:
        return
    present = {m.beneficiary_id for m in led.members[: max(1, len(led.members) - 2)]}
    record_meeting(user, led, local_today() - timedelta(days=12), "互相通报近况；提醒冬季防火、防滑。", present)
    report(user, led, led.members[0].beneficiary_id, "ill", "感冒发烧两天，家中无人照顾")
