"""The guardian the ledger names: read from the group's profile through its GuardianshipRules (the feature keeps
no record of guardians of its own), one person at a time or as SQL columns for the lists."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import literal, select

from ..extensions import db
from ..plugin.manager import current_plugins
from .records import GuardianshipRules


@dataclass(frozen=True)
class Guardian:
    name: str
    relation: str        # the relation's label, in the current language
    phone: str
    relation_code: str = ""


def rules_of(group: str) -> GuardianshipRules | None:
    """The group's guardianship rules; None when the group has none (or no profile to read the guardian from)."""
    plugins = current_plugins()
    rules = plugins.hook.guanai_get_guardianship_rules(group=group)
    if rules is None or group not in plugins.groups or plugins.group(group).profile_model is None:
        return None
    return rules


def profile_model(rules: GuardianshipRules):
    return current_plugins().group(rules.group).profile_model


def name_column(rules: GuardianshipRules):
    """The profile's column holding the guardian's name (for the lists' SQL)."""
    return getattr(profile_model(rules), rules.name)


def relation_labels(group: str) -> dict[str, object]:
    """The relations' labels as the group's profile form offers them (its field's choices), by code."""
    rules = rules_of(group)
    form = current_plugins().group(group).profile_form if rules is not None else None
    field = getattr(form, rules.relation, None) if form is not None and rules.relation else None
    return {k: v for k, v in (getattr(field, "kwargs", {}) or {}).get("choices", ()) or ()}


def _relation_label(rules: GuardianshipRules, code: str) -> str:
    return str(relation_labels(rules.group).get(code, code)) if code else ""


def guardian_of(person) -> Guardian | None:
    """The guardian the ledger names for ``person`` now, or None (no rules, no profile, or no name given)."""
    rules = rules_of(person.group)
    if rules is None:
        return None
    model = profile_model(rules)
    columns = [getattr(model, rules.name),
               getattr(model, rules.relation) if rules.relation else literal(""),
               getattr(model, rules.phone) if rules.phone else literal("")]
    row = db.session.execute(select(*columns).where(model.beneficiary_id == person.id)).first()
    if row is None or not (row[0] or "").strip():
        return None
    return Guardian(row[0].strip(), _relation_label(rules, row[1] or ""), row[2] or "", row[1] or "")
