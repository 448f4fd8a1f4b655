"""The demo county's guardianship: for each group with guardianship rules, about seven in ten of its people whose
ledger names a guardian have a letter signed by that guardian (this year or last), six in ten a training this
year (家长学校), and a few an assessment, one in three of those with an intervention and a follow-up (its own
random draw: the rest of the county stays the same). The rest show on the coordinator's gap list."""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from .guardian import name_column, profile_model, rules_of
from .models import GuardianshipAssessment, InterventionFollowUp, GuardianshipLetter, GuardianTraining

COURSES = ("家长学校：如何与孩子沟通", "家长学校：防溺水与用电安全", "家长学校：关注孩子的心理健康")
PARTIES = ("村民委员会", "村民委员会、学校", "镇关爱留守儿童工作站")


def populate(demo) -> None:
    rng = random.Random(2907)
    db.session.flush()
    today = local_today()
    for group in current_plugins().groups:
        rules = rules_of(group)
        if rules is None:
            continue
        model = profile_model(rules)
        rows = db.session.execute(select(Beneficiary.id, Beneficiary.birth_date, name_column(rules))
                                  .join(model, model.beneficiary_id == Beneficiary.id)
                                  .where(Beneficiary.group == group, Beneficiary.status == "active")
                                  .order_by(Beneficiary.id)).all()
        for person_id, born, name in rows:
            name = (name or "").strip()
            if not name:
                continue
            if rng.random() < 0.7:
                day = max(born, today - timedelta(days=rng.randint(20, 500)))
                db.session.add(GuardianshipLetter(beneficiary_id=person_id, guardian_name=name, signed_on=day,
                                      other_party=rng.choice(PARTIES)))
            if rng.random() < 0.6 and today.timetuple().tm_yday > 1:
                day = today - timedelta(days=rng.randint(0, today.timetuple().tm_yday - 1))
                db.session.add(GuardianTraining(beneficiary_id=person_id, guardian_name=name, attended_on=max(day, born),
                                        course=rng.choice(COURSES), held_by="镇妇联、中心小学"))
            if rng.random() < 0.06:
                weak = rng.random() < 0.35
                assessed = max(born, today - timedelta(days=rng.randint(30, 120)))
                row = GuardianshipAssessment(beneficiary_id=person_id, guardian_name=name, assessed_on=assessed,
                                 level="weak" if weak else "adequate", assessed_by="村儿童主任",
                                 findings="祖辈监护，年老体弱，辅导作业有困难" if weak else "监护人照料到位，孩子生活规律",
                                 intervention="counsel" if weak else "",
                                 intervention_note="上门指导监护人，约定每周与外出父母视频一次" if weak else "")
                db.session.add(row)
                if weak:
                    db.session.flush()
                    db.session.add(InterventionFollowUp(assessment_id=row.id, beneficiary_id=person_id,
                                            done_on=min(today, assessed + timedelta(days=14)),
                                            note="再次走访，监护人已按约定联系父母"))
