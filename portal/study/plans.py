"""Keeping study plans: the services take the actor and plain data (a form's fields), check everything before
anything is kept (a refusal names the field; nothing half-saved), audit, and leave the commit to the caller.

000 line 17 / 001 line 20: "由帮扶教师具体分析学生的学业情况，制定学习帮扶计划，明确帮扶时间、内容和阶段性效果 ...
教师要对结对帮扶效果进行定期检查，建立进步档案"; 000 line 21: "平时作好记录、期末写好总结"."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..assignment.models import Pairing
from ..core.audit import snapshot, write_change
from ..core.refusals import FieldRefused
from ..core.time import local_today
from ..extensions import db
from ..plugin.manager import current_plugins
from ..web.access import STAFF
from .models import ProgressEntry, StudyPlan
from .records import StudyRules
from .terms import Term, term_of

LABELS = {"pairing": _l("Pairing"), "subjects": _l("Subjects"), "schedule": _l("When (times of the help)"),
          "content": _l("What (content of the help)"), "expected": _l("Progress expected this term"),
          "entry_on": _l("Day"), "subject": _l("Subject"), "mark": _l("Mark"), "out_of": _l("Full mark"),
          "note": _l("Note"), "summary": _l("Term summary"), "summary_on": _l("Summary written on"),
          "term_start": _l("Term")}
#: The most a full mark can be (a Chinese exam is out of 100, 120 or 150; a test out of 10).
MAX_FULL_MARK = 1000


class StudyRefused(FieldRefused):
    """A plan or an entry that cannot be kept: ``field`` names the field at fault."""

    labels = LABELS


def rules_of(group: str) -> StudyRules | None:
    """The group's study rules (None: the group keeps no study plans), with the deployment's setting applied."""
    plugins = current_plugins()
    rules = plugins.hook.guanai_get_study_rules(group=group)
    if rules is None:
        return None
    days = plugins.settings(group).get("study", {}).get("plan_within_days") if group in plugins.groups else None
    return replace(rules, plan_within_days=int(days)) if days is not None else rules


def study_services(rules: StudyRules) -> set[str]:
    """The service keys (group.code) whose pairings keep plans."""
    return {f"{rules.group}.{code}" for code in rules.services}


def keeps_plans(pairing: Pairing) -> bool:
    rules = rules_of(pairing.beneficiary.group)
    return rules is not None and pairing.service in study_services(rules)


def may_write(user, pairing: Pairing) -> bool:
    """Staff and coordinators who see the pairing's person, and the pairing's own helper (the teacher or helper
    who tutors). The caller has already found the pairing within the user's scope."""
    if user.role in STAFF:
        return True
    return pairing.volunteer is not None and pairing.volunteer.user_id == getattr(user, "id", None)


def current_term(pairing: Pairing, today: date | None = None) -> Term:
    return term_of(rules_of(pairing.beneficiary.group), today or local_today())


def plan_for(pairing: Pairing, term: Term) -> StudyPlan | None:
    return db.session.execute(select(StudyPlan).where(StudyPlan.pairing_id == pairing.id,
                                                      StudyPlan.term_start == term.start)).scalar_one_or_none()


def _text(data: dict, field: str, limit: int, required: bool = True) -> str:
    value = (data.get(field) or "").strip()
    if required and not value:
        raise StudyRefused(field, str(_l("This is needed.")))
    if len(value) > limit:
        raise StudyRefused(field, str(_l("At most %(n)d characters.", n=limit)))
    return value


def _day(data: dict, field: str, required: bool = True) -> date | None:
    raw = (data.get(field) or "").strip()
    if not raw:
        if required:
            raise StudyRefused(field, str(_l("Give the day.")))
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise StudyRefused(field, str(_l("%(value)s is not a day (YYYY-MM-DD).", value=raw[:20]))) from None
    if day > local_today():
        raise StudyRefused(field, str(_l("The day cannot be after today.")))
    return day


def _number(data: dict, field: str) -> float | None:
    raw = (data.get(field) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise StudyRefused(field, str(_l("%(value)s is not a number.", value=raw[:20]))) from None
    if not 0 <= value <= MAX_FULL_MARK or value != value:
        raise StudyRefused(field, str(_l("%(value)s is not a possible mark.", value=raw[:20])))
    return value


def save_plan(actor, pairing: Pairing, data: dict, today: date | None = None) -> StudyPlan:
    """Write (or rewrite) the pairing's plan for the current term: when, what, the progress expected."""
    if pairing.status != "active" or not keeps_plans(pairing):
        raise StudyRefused("pairing", str(_l("Only an active pairing of a study service keeps a plan.")))
    fields = {"subjects": _text(data, "subjects", 120, required=False), "schedule": _text(data, "schedule", 200),
              "content": _text(data, "content", 4000), "expected": _text(data, "expected", 4000)}
    term = current_term(pairing, today)
    plan = plan_for(pairing, term)
    before = snapshot(plan) if plan else None
    if plan is None:
        plan = StudyPlan(pairing_id=pairing.id, beneficiary_id=pairing.beneficiary_id, term_start=term.start,
                         written_by_id=getattr(actor, "id", None))
    for name, value in fields.items():
        setattr(plan, name, value)
    write_change(actor, "update" if before else "create", "study_plan", plan, before)
    return plan


def add_progress(actor, plan: StudyPlan, data: dict) -> ProgressEntry:
    """A progress entry on the plan: a day within the term and not in the future, a mark out of a full mark
    and/or a note."""
    day = _day(data, "entry_on")
    if day < plan.term_start:
        raise StudyRefused("entry_on", str(_l("The day is before the term of the plan began (%(day)s).",
                                              day=plan.term_start.isoformat())))
    term = term_of(rules_of(plan.pairing.beneficiary.group), plan.term_start)
    if day > term.end:
        raise StudyRefused("entry_on", str(_l("The day is after the term of the plan ended (%(day)s).",
                                              day=term.end.isoformat())))
    subject = _text(data, "subject", 32, required=False)
    mark, out_of = _number(data, "mark"), _number(data, "out_of")
    if mark is not None and out_of is None:
        out_of = 100.0
    if out_of is not None and mark is None:
        raise StudyRefused("mark", str(_l("Give the mark, or leave the full mark empty.")))
    if out_of is not None and out_of <= 0:
        raise StudyRefused("out_of", str(_l("A full mark is more than 0.")))
    if mark is not None and mark > out_of:
        raise StudyRefused("mark", str(_l("The mark is more than the full mark (%(n)s).", n=f"{out_of:g}")))
    note = _text(data, "note", 2000, required=False)
    if mark is None and not note:
        raise StudyRefused("note", str(_l("Give a mark or a note.")))
    entry = ProgressEntry(plan_id=plan.id, beneficiary_id=plan.beneficiary_id, entry_on=day, subject=subject,
                          mark=mark, out_of=out_of, note=note, recorded_by_id=getattr(actor, "id", None))
    write_change(actor, "create", "study_progress", entry)
    return entry


def save_summary(actor, plan: StudyPlan, data: dict) -> StudyPlan:
    """The term's summary (期末写好总结): its text and the day written, not before the term began."""
    text = _text(data, "summary", 4000)
    day = _day(data, "summary_on")
    if day < plan.term_start:
        raise StudyRefused("summary_on", str(_l("The day is before the term of the plan began (%(day)s).",
                                                day=plan.term_start.isoformat())))
    before = snapshot(plan)
    plan.summary, plan.summary_on = text, day
    write_change(actor, "update", "study_plan", plan, before)
    return plan
