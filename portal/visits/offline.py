"""Visits written on a phone without a signal (issue 31): a visit with its photos and follow-up, and a follow-up
done, handed to the offline feature through ``guanai_get_offline_kinds``. Each is made by the visits' own service
(``log.log_visit``, ``log.close_follow_up``); the offline feature checks the person and keeps the receipt.

The people a helper is paired with come into their day here (001/004: the paired helper visits); the day shows
each person's last visit, open follow-ups and the visit rules of their group."""
from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..assignment.models import Pairing
from ..assignment.scopes import people_paired_with
from ..core.scoping import scoped, visible
from ..core.texts import vocabularies
from ..core.time import from_local, local_today, to_local
from ..extensions import db
from ..ledger.models import Beneficiary
from ..offline.records import OfflineKind, OfflineRefused
from ..plugin.manager import current_plugins
from ..plugin.records import service_key
from ..volunteers.models import Volunteer
from ..web.forms import plausible_year
from ..web.numbers import MAX_ID
from .campaigns import holidays_in_use
from .forms import VisitForm
from .log import close_follow_up, log_visit
from .models import FollowUp, Visit
from .photos import PhotoRefused, check_all


class OfflineVisitForm(VisitForm):
    """The visit form of the pages, for one person of the day: the person and the rule as plain fields (the phone
    offers the person's rules), the helpers being the one who logs."""

    target = None
    helpers = None
    person = IntegerField(_l("Person"), validators=[DataRequired(), NumberRange(min=1, max=MAX_ID)])
    rule = StringField(_l("Visit rule"), validators=[Optional(), Length(max=64)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode.choices = vocabularies().choices("visit_modes")
        self.occasion.choices = [("", _("(not a holiday visit)"))] + [(h.code, str(h.label))
                                                                      for h in holidays_in_use()]


class FollowUpDoneForm(FlaskForm):
    person = IntegerField(_l("Person"), validators=[DataRequired(), NumberRange(min=1, max=MAX_ID)])
    follow_up = IntegerField(_l("Follow-up"), validators=[DataRequired(), NumberRange(min=1, max=MAX_ID)])
    done_on = DateField(_l("Done on"), default=local_today, validators=[DataRequired(), plausible_year])


def _rules(group: str) -> list[tuple[str, str]]:
    """The rules a visit to a person of ``group`` may name: the group's tracked visit rules, and the duties done by
    a visit or a talk when that feature is on (as the visit form of the pages offers)."""
    plugins = current_plugins()
    rules = [(r.code, str(r.name)) for r in plugins.visit_rules_tracked(group)]
    if plugins.pm.has_plugin("duties"):
        from ..duties.rules import rules_in_force
        rules += [(r.code, str(r.name)) for r in rules_in_force(group) if r.action in ("visit", "talk")]
    return list(dict.fromkeys(rules))


def _my_volunteers(actor) -> list[Volunteer]:
    return list(db.session.execute(select(Volunteer).where(Volunteer.user_id == actor.id)).scalars())


def create_visit(actor, data: dict, photos) -> tuple[Visit, str]:
    person = data["person"]
    try:
        checked = check_all(photos)
    except PhotoRefused as refused:
        raise OfflineRefused(str(refused), {"photos": [str(refused)]}) from None
    rule = (data.get("rule") or "").strip()
    if rule and rule not in dict(_rules(person.group)):
        message = _("There is no visit rule %(rule)s for this person.", rule=rule)
        raise OfflineRefused(message, {"rule": [message]})
    findings = {key.removeprefix("finding_"): (value or "").strip() for key, value in data.items()
                if key.startswith("finding_")}
    visit = log_visit(actor, person, {
        "visited_at": from_local(data["visited_at"]), "mode": data["mode"], "rule": rule or None,
        "occasion": data.get("occasion") or None, "spoke_to": (data.get("spoke_to") or "").strip(),
        "relation": data.get("relation"), "findings": findings, "parents_contact_on": data.get("parents_contact_on"),
        "close_attention": data.get("close_attention"), "other_visitors": data.get("other_visitors"),
        "notes": data.get("notes")},
        helpers=_my_volunteers(actor) if actor.role == "volunteer" else (), photos=checked,
        follow_ups=[{"what": (data.get("follow_up_what") or "").strip(), "who": data.get("follow_up_who"),
                     "due_on": data.get("follow_up_due")}])
    db.session.flush()
    return visit, url_for("visits.detail", visit_id=visit.id)


def create_follow_up_done(actor, data: dict, photos) -> tuple[FollowUp, str]:
    person = data["person"]
    item = db.session.execute(scoped(FollowUp, actor).where(FollowUp.id == data["follow_up"],
                                                            FollowUp.beneficiary_id == person.id)
                              ).scalar_one_or_none()
    if item is None:
        message = _("This follow-up is not in your list.")
        raise OfflineRefused(message, {"follow_up": [message]})
    day = data["done_on"]
    if day > local_today():
        message = _("The day cannot be in the future.")
        raise OfflineRefused(message, {"done_on": [message]})
    if day < to_local(item.created_at).date() - timedelta(days=1):
        message = _("The follow-up was set on %(day)s: it cannot be done before.",
                    day=to_local(item.created_at).date().isoformat())
        raise OfflineRefused(message, {"done_on": [message]})
    if item.done_on is None:          # done already (by someone else, or on the pages): nothing to change
        close_follow_up(actor, item, day)
    return item, url_for("visits.person", person_id=person.id)


def pairing_ended(user, person) -> str | None:
    """The day the user's last pairing with ``person`` ended, in words (None: they were never paired)."""
    from ..assignment.models import Pairing
    ended = db.session.execute(select(func.max(Pairing.ended_on)).join(Volunteer, Volunteer.id == Pairing.volunteer_id)
                               .where(Volunteer.user_id == user.id, Pairing.beneficiary_id == person.id,
                                      Pairing.status != "active")).scalar_one_or_none()
    if ended is None:
        return None
    return _("Your pairing with %(name)s ended on %(day)s: visits to them are no longer yours to record. Ask your "
             "coordinator.", name=person.name, day=ended.isoformat())


def visit_facts(user, ids: list[int]) -> dict[int, dict]:
    """Each person's last visit (one grouped query), open follow-ups (one query) and the rules of their group."""
    out: dict[int, dict] = {pid: {"last_visit": None, "follow_ups": []} for pid in ids}
    last = db.session.execute(select(Visit.beneficiary_id, func.max(Visit.visited_at))
                              .where(Visit.beneficiary_id.in_(ids), visible(Visit, user))
                              .group_by(Visit.beneficiary_id)).all()
    for pid, at in last:
        out[pid]["last_visit"] = to_local(at).replace(tzinfo=None).isoformat(timespec="minutes") if at else None
    open_items = db.session.execute(scoped(FollowUp, user).where(FollowUp.beneficiary_id.in_(ids),
                                                                 FollowUp.done_on.is_(None))
                                    .order_by(FollowUp.due_on.is_(None), FollowUp.due_on, FollowUp.id)).scalars()
    for item in open_items:
        out[item.beneficiary_id]["follow_ups"].append(
            {"id": item.id, "what": item.what, "who": item.who,
             "due_on": item.due_on.isoformat() if item.due_on else None})
    groups = dict(db.session.execute(select(Beneficiary.id, Beneficiary.group).where(Beneficiary.id.in_(ids))).all())
    rules = {g: [{"code": code, "label": label} for code, label in _rules(g)] for g in set(groups.values())}
    mine = _own_rules(user, groups)
    for pid, group in groups.items():
        # the rules the user's own pairing with the person carries first, the first of them chosen on the phone
        own = mine.get(pid, [])
        out[pid]["visit_rules"] = sorted(rules[group], key=lambda r: r["code"] not in own)
        out[pid]["visit_rule"] = own[0] if own else None
    return out


def _own_rules(user, groups: dict[int, str]) -> dict[int, list[str]]:
    """Per person of ``groups`` (id -> group), the codes of the tracked visit rules carried by the user's own active
    pairings with them (a rule's services and roles), in the group's order: one query."""
    plugins = current_plugins()
    pairs = db.session.execute(select(Pairing.beneficiary_id, Pairing.service, Pairing.role)
                               .join(Volunteer, Volunteer.id == Pairing.volunteer_id)
                               .where(Volunteer.user_id == user.id, Pairing.status == "active",
                                      Pairing.beneficiary_id.in_(list(groups)))).all()
    out: dict[int, list[str]] = {}
    for pid, service, role in pairs:
        group = groups[pid]
        for rule in plugins.visit_rules_tracked(group):
            if rule.services and service in [service_key(group, s) for s in rule.services] and \
                    (not rule.roles or role in rule.roles) and rule.code not in out.get(pid, []):
                out.setdefault(pid, []).append(rule.code)
    return out


def offline_kinds() -> list[OfflineKind]:
    return [
        OfflineKind("visit", _l("Visit"), OfflineVisitForm, create_visit, photos=True, order=20,
                    people=people_paired_with, facts=visit_facts, ended=pairing_ended,
                    source="004: 结对干部职工及其爱心家庭要定期走访关爱结对儿童; 001: 定期探访制度"),
        OfflineKind("follow_up_done", _l("Follow-up done"), FollowUpDoneForm, create_follow_up_done, order=30),
    ]



