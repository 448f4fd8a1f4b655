"""An audited value as a Chinese page shows it (issue 27, "No raw codes on Chinese pages"): codes by their
labels (a category, a service, a guardian's relation, a check, a status), times in local time, yes and no,
and the JSON an import keeps as words; never ``left_behind -> hardship`` or ``2026-12-06T18:00:00``.

One function for the admin audit page and a person's history on the ledger page.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.fields.core import UnboundField

from ..core.texts import vocabularies
from ..core.time import format_local
from ..ledger import idcard
from ..plugin.manager import current_plugins

#: Stored codes shown by a vocabulary's label, by field name, whatever the record.
FIELD_VOCABULARIES = {"gender": "genders", "left_reason": "leave_reasons", "needs": "skills", "skills": "skills",
                      "risk_level": "risk_levels", "background_check": "check_statuses", "kind": "volunteer_kinds",
                      "mode": "visit_modes", "response": "pairing_responses", "end_cause": "pairing_end_causes",
                      "level": "place_levels", "outcome": "cycle_outcomes", "result": "spot_results",
                      "means": "incident_means", "problem": "incident_problems"}
#: A status is read in the vocabulary of its kind of record.
STATUS_VOCABULARIES = {"beneficiary": "record_statuses", "volunteer": "volunteer_statuses",
                       "pairing": "pairing_statuses", "signup": "signup_statuses", "match_run": "run_statuses",
                       "incident": "incident_statuses", "activity": "activity_statuses",
                       "hours": "hours_statuses"}
#: A role is a user's role on a user, a helper's role elsewhere.
ROLE_VOCABULARIES = {"user": "roles"}
#: Labels of the fields an import's audit entry keeps (its JSON), and of its counts.
IMPORT_FIELDS = {"file_name": _l("File"), "counts": _l("Rows"), "what": _l("What was imported")}
#: Bookkeeping no reader needs: row ids and the edit version.
HIDDEN = {"id", "version", "profile.id", "profile.beneficiary_id"}
#: Who and when of a record, named alike by every feature: these words unless the kind of record has its own.
COMMON_FIELDS = {"created_by_id": _l("Created by"), "recorded_by_id": _l("Recorded by"),
                 "reported_by_id": _l("Reported by"), "opened_by_id": _l("Opened by"),
                 "committed_by_id": _l("Committed by"), "written_by_id": _l("Written by"),
                 "nominated_by_id": _l("Nominated by"), "inspector_id": _l("Checked by"),
                 "recorded_at": _l("Recorded at"), "reported_at": _l("Reported at"), "committed_at": _l("Committed at"),
                 "opened_at": _l("Opened at"), "closed_at": _l("Closed at"), "dissolved_at": _l("Dissolved at"),
                 "beneficiary_id": _l("Person"), "volunteer_id": _l("Helper"), "leader_id": _l("Leader"),
                 "place_id": _l("Place"), "place": _l("Place"), "household_id": _l("Household"),
                 "service": _l("Service"), "role": _l("Helper's role"), "parent": _l("Run before"),
                 "locked": _l("Locked"), "forbidden": _l("Forbidden"), "present": _l("Present"),
                 "helpers": _l("Helpers"), "person": _l("Person"), "leader": _l("Leader")}
#: Values that name rows without an ``_id`` in their name: the table they name.
REFERENCES = {"place": "places", "present": "beneficiaries", "person": "beneficiaries", "helpers": "volunteers",
              "leader": "volunteers", "run": "match_runs", "parent": "match_runs"}
#: Lists of (person id, helper id) pairs: a run's locked and forbidden pairs.
PAIR_FIELDS = {"locked", "forbidden"}
#: A pairing's unit: a household (``h12``) or one person (``b34``).
_UNIT = re.compile(r"^([hb])(\d+)$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _choices(form_class, prefix: str) -> dict[str, dict[str, Any]]:
    """The choices of a form class's select fields by field name, without a request."""
    found: dict[str, dict[str, Any]] = {}
    for name in dir(form_class):
        field = getattr(form_class, name, None)
        if isinstance(field, UnboundField) and "choices" in field.kwargs:
            choices = field.kwargs["choices"]
            try:
                choices = choices() if callable(choices) else choices
                found[prefix + name] = {str(code): label for code, label in choices}
            except (TypeError, ValueError, RuntimeError):
                continue
    return found


class ValueTexts:
    """Turns one entry's stored values into words; built once per page."""

    def __init__(self, user):
        self.user, self.vocab, plugins = user, vocabularies(), current_plugins()
        self.services = {key: s.name for key, s in plugins.services.items()}
        self.categories = {code: {c.code: c.name for c in g.categories} for code, g in plugins.groups.items()}
        self.groups = {code: g.name for code, g in plugins.groups.items()}
        self.profile_choices = {code: _choices(g.profile_form, "profile.") if g.profile_form is not None else {}
                                for code, g in plugins.groups.items()}
        self._labels: dict[str, dict[str, Any]] = {}

    def __call__(self, entity: str, field: str, value: Any, group: str | None = None) -> str:
        if value is None or value == "" or value == []:
            return ""
        if field == "id_number":
            return idcard.shown(value, self.user)
        if isinstance(value, bool):
            return str(_l("Yes") if value else _l("No"))
        if field in PAIR_FIELDS and isinstance(value, list):
            return "；".join(f"{self._row('beneficiaries', p)} — {self._row('volunteers', v)}" for p, v in
                            (pair for pair in value if isinstance(pair, list) and len(pair) == 2))
        if field == "unit" and isinstance(value, str) and _UNIT.match(value):
            kind, row_id = _UNIT.match(value).groups()
            return self._row("households" if kind == "h" else "beneficiaries", int(row_id))
        if isinstance(value, list):
            return "、".join(self(entity, field, item, group) for item in value if item not in (None, ""))
        if isinstance(value, dict):
            outcomes = dict(self.vocab.choices("import_outcomes"))
            return "、".join(f"{outcomes.get(k) or self.label(entity, k)}：{self(entity, k, v, group)}"
                            for k, v in value.items())
        text = str(value)
        if field == "group" and text in self.groups:
            return self.groups[text]
        table = self._referenced(entity, field)
        if table is not None and isinstance(value, int):
            return self._row(table, value)
        own = dict(self.vocab.choices(f"audit_values_{entity}_{field}"))
        if text in own:
            return str(own[text])
        name = self._vocabulary(entity, field)
        if name is not None and text in self.vocab.codes(name):
            return self.vocab.label(name, text)
        if field == "category":
            for code, names in self.categories.items():
                if (group is None or code == group) and text in names:
                    return str(names[text])
        if field in ("services", "service") and text in self.services:
            return str(self.services[text])
        if field.startswith("profile."):
            for code, fields in self.profile_choices.items():
                if (group is None or code == group) and text in fields.get(field, {}):
                    return str(fields[field][text])
        if isinstance(value, str) and _ISO_TIME.match(text):
            try:
                return format_local(datetime.fromisoformat(text))
            except ValueError:
                return text
        return text

    def label(self, entity: str, field: str) -> str:
        """A field's words: the kind of record's own (vocabulary ``audit_fields_<entity>``), then the shared ones
        (``audit_fields``), the fields every feature names alike, then the words of the record a reference
        names (``aid_group_id``: the mutual-aid group)."""
        if entity not in self._labels:
            from .audit_log import field_labels
            self._labels[entity] = {**COMMON_FIELDS, **field_labels(),
                                    **dict(self.vocab.choices(f"audit_fields_{entity}"))}
        found = self._labels[entity].get(field) or IMPORT_FIELDS.get(field)
        if found is None:
            table = self._referenced(entity, field)
            entities = dict(self.vocab.choices("audit_entities"))
            found = entities.get(_entity_of(table)) if table else None
        return str(found if found is not None else field)

    def _referenced(self, entity: str, field: str) -> str | None:
        """The table whose row an id under ``field`` names, from the foreign keys of the entity's own table, or of
        every table holding a column of that name when they all agree (``incident_id``, ``run_id``)."""
        if field in REFERENCES:
            return REFERENCES[field]
        if not field.endswith("_id"):
            return None
        own = _foreign_keys().get((_table_of(entity), field))
        if own is not None:
            return own
        targets = {target for (table, column), target in _foreign_keys().items() if column == field}
        return targets.pop() if len(targets) == 1 else None

    def _row(self, table: str, row_id: int) -> str:
        """A row in words: a user by their display name, a place by its full name, a household by its head, a
        person or helper by their name; another record by its kind and number."""
        from ..extensions import db
        mapper = next((m for m in db.Model.registry.mappers if m.local_table.name == table), None)
        row = db.session.get(mapper.class_, row_id) if mapper is not None else None
        if row is None:
            return f"#{row_id}"
        for attribute in ("full_name", "display_name", "name", "title"):
            text = getattr(row, attribute, None)
            if isinstance(text, str) and text:
                return text
        if type(row).__str__ is not object.__str__:
            return str(row)
        kind = dict(self.vocab.choices("audit_entities")).get(_entity_of(table))
        return f"{kind} #{row_id}" if kind else f"#{row_id}"

    @staticmethod
    def _vocabulary(entity: str, field: str) -> str | None:
        if field == "status":
            return STATUS_VOCABULARIES.get(entity)
        if field == "role":
            return ROLE_VOCABULARIES.get(entity, "helper_roles")
        return FIELD_VOCABULARIES.get(field)


def _foreign_keys() -> dict[tuple[str, str], str]:
    """(table, column) -> the table its foreign key names, for every table of the app's models."""
    from ..extensions import db
    return {(table.name, column.name): fk.column.table.name for table in db.Model.metadata.tables.values()
            for column in table.columns for fk in column.foreign_keys}


def _table_of(entity: str) -> str:
    """The table of a kind of record as its features name it: ``pairing`` -> ``pairings``."""
    return entity[:-1] + "ies" if entity.endswith("y") else entity if entity.endswith("s") else entity + "s"


def _entity_of(table: str) -> str:
    """The kind of record a table holds: ``beneficiaries`` -> ``beneficiary``, ``aid_groups`` -> ``aid_group``."""
    return table[:-3] + "y" if table.endswith("ies") else table[:-1] if table.endswith("s") else table


def entry_rows(entry, labels: dict, texts: ValueTexts, fields: list[str]) -> list[tuple[str, str, str]]:
    """(label, before, after) in words for ``fields`` of an audit entry; a kind of record's own labels
    (vocabulary ``audit_fields_<entity>``) before the shared ones, which several features fill ("name"), and the
    words every feature shares (who recorded it, when, the person, helper or place a reference names)."""
    before, after = entry.before or {}, entry.after or {}
    group = after.get("group") or before.get("group")
    own = dict(vocabularies().choices(f"audit_fields_{entry.entity}"))
    fields = [f for f in fields if f not in HIDDEN]
    label = lambda f: str(own.get(f) or labels.get(f) or texts.label(entry.entity, f))  # noqa: E731
    return [(label(f), texts(entry.entity, f, before.get(f), group), texts(entry.entity, f, after.get(f), group))
            for f in fields]
