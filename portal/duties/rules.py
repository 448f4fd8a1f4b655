"""The duty rules in force: what the plugins hand over, with the deployment's frequencies and owners applied,
and the paired helpers' visit rules (004) carried over as duties owned by the helper."""
from __future__ import annotations

from dataclasses import replace

from flask_babel import lazy_gettext as _l

from ..plugin.manager import current_plugins
from ..plugin.records import VisitRule
from .records import DUTY_ACTIONS, DUTY_OWNERS, DutyRule

OWNER_LABELS = {"village_cadre": _l("Area cadre"), "grid_worker": _l("Grid worker"),
                "township_cadre": _l("Township cadre"), "class_teacher": _l("Class teacher"),
                "helper": _l("Paired helper")}
ACTION_LABELS = {"visit": _l("Home visit"), "talk": _l("Talk"), "family_call": _l("Contact with the family"),
                 "knock": _l("Knock round"), "service": _l("Service")}
#: Which owners are set per place, and at which level of the place tree.
PLACE_OWNERS = {"village_cadre": "village", "grid_worker": "grid", "township_cadre": "township"}


def from_visit_rule(group: str, rule: VisitRule) -> DutyRule:
    """A paired helper's visit rule (a rule with services) as a duty owned by the helper (004, as today)."""
    return DutyRule(rule.helper, rule.names, "visit", "helper", every_days=rule.every_days, source=rule.source,
                    categories=rule.categories, paired=True, services=rule.services, roles=rule.roles,
                    holidays=rule.holidays, group=group)


def _apply(rule: DutyRule, override) -> DutyRule:
    if override is None:
        return rule
    if isinstance(override, dict):
        return replace(rule, every_days=int(override.get("every_days", rule.every_days or 0)) or rule.every_days,
                       owner=override.get("owner", rule.owner))
    return replace(rule, every_days=int(override))


def rules_in_force(group: str) -> list[DutyRule]:
    """The group's duties: the plugins' rules, the paired helpers' tracked visit rules, with the deployment's
    ``GUANAI_GROUP_SETTINGS[group]["duties"]`` applied. Rules with an unknown action or owner fail loudly."""
    plugins = current_plugins()
    rules: dict[str, DutyRule] = {}
    for rule in plugins.visit_rules_tracked(group):
        if rule.services:
            rules[rule.helper] = from_visit_rule(group, rule)
    for rule in plugins.hook.guanai_get_duty_rules(group=group):
        for r in rule or ():
            if r.action not in DUTY_ACTIONS or r.owner not in DUTY_OWNERS:
                raise RuntimeError(f"duty rule {r.code!r} of {group!r}: unknown action or owner")
            if not r.every_days and not r.holidays and r.due is None:
                raise RuntimeError(f"duty rule {r.code!r} of {group!r}: neither every_days, holidays nor due")
            rules[r.code] = replace(r, group=group)
    override = plugins.settings(group).get("duties", {}) if group in plugins.groups else {}
    return _fold_same(_apply(r, override.get(code)) for code, r in rules.items())


def _fold_same(rules) -> list[DutyRule]:
    """Each rule that is the ``same_as`` another rule in force folded into it: its ``done()`` and ``records``
    count for that rule, and it keeps no items of its own (one duty, done either way)."""
    by_code = {r.code: r for r in rules}
    for r in list(by_code.values()):
        target = by_code.get(r.same_as)
        if target is None or target is r or r.done is None:
            continue
        by_code[target.code] = replace(target, also_done=(*target.also_done, r.done),
                                       records=tuple(dict.fromkeys((*target.records, *r.records))))
        del by_code[r.code]
    return list(by_code.values())


def _once_per_request(name: str, build):
    """``build()``, kept on ``g`` for the rest of the request under ``name`` (outside a request, built each time)."""
    from flask import g, has_request_context
    if not has_request_context():
        return build()
    if name not in g:
        setattr(g, name, build())
    return getattr(g, name)


def all_rules() -> list[DutyRule]:
    """Every group's duty rules in force (built once per request: a page asks for them several times)."""
    return _once_per_request("guanai_duty_rules", lambda: [r for group in current_plugins().groups
                                                           for r in rules_in_force(group)])


def rule_index() -> dict[str, tuple[DutyRule, str | None]]:
    """Every duty key in force ("children.door", "children.holiday:spring_festival") to its rule and holiday
    (built once per request: a list names each row's duty by it)."""
    return _once_per_request("guanai_duty_index", _rule_index)


def _rule_index() -> dict[str, tuple[DutyRule, str | None]]:
    index: dict[str, tuple[DutyRule, str | None]] = {}
    for rule in all_rules():
        if rule.every_days or rule.due is not None:
            index[rule.key] = (rule, None)
        for holiday in rule.holidays:
            index[f"{rule.key}:{holiday}"] = (rule, holiday)
    return index


def duty_name(key: str) -> str:
    """A duty key in words: the rule's name, and the holiday's (once per key and request: a list names hundreds
    of rows' duties)."""
    from flask import g, has_request_context
    if not has_request_context():
        return _duty_name(key)
    names = g.setdefault("guanai_duty_names", {})
    if key not in names:
        names[key] = _duty_name(key)
    return names[key]


def _duty_name(key: str) -> str:
    from ..visits.holidays import HOLIDAYS
    found = rule_index().get(key)
    if found is None:
        return key
    rule, holiday = found
    return f"{rule.name} · {HOLIDAYS[holiday].label}" if holiday and holiday in HOLIDAYS else rule.name
