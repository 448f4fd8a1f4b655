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

    def __call__(self, entity: str, field: str, value: Any, group: str | None = None) -> str:
        if value is None or value == "" or value == []:
            return ""
        if field == "id_number":
            return idcard.shown(value, self.user)
        if isinstance(value, bool):
            return str(_l("Yes") if value else _l("No"))
        if isinstance(value, list):
            return "、".join(self(entity, field, item, group) for item in value if item not in (None, ""))
        if isinstance(value, dict):
            outcomes = dict(self.vocab.choices("import_outcomes"))
            return "、".join(f"{outcomes.get(k, IMPORT_FIELDS.get(k, k))}：{self(entity, k, v, group)}"
                            for k, v in value.items())
        text = str(value)
        if field == "group" and text in self.groups:
            return self.groups[text]
        if field in ("place_id", "household_id") and isinstance(value, int):
            return self._row(field, value)
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

    @staticmethod
    def _row(field: str, row_id: int) -> str:
        """A place by its full name, a household by its head (and address)."""
        from ..extensions import db
        from ..ledger.models import Household
        from ..places.models import Place
        row = db.session.get(Place if field == "place_id" else Household, row_id)
        if row is None:
            return str(row_id)
        return row.full_name if field == "place_id" else str(row)

    @staticmethod
    def _vocabulary(entity: str, field: str) -> str | None:
        if field == "status":
            return STATUS_VOCABULARIES.get(entity)
        if field == "role":
            return ROLE_VOCABULARIES.get(entity, "helper_roles")
        return FIELD_VOCABULARIES.get(field)


def entry_rows(entry, labels: dict, texts: ValueTexts, fields: list[str]) -> list[tuple[str, str, str]]:
    """(label, before, after) in words for ``fields`` of an audit entry; a kind of record's own labels
    (vocabulary ``audit_fields_<entity>``) before the shared ones, which several features fill ("name")."""
    before, after = entry.before or {}, entry.after or {}
    group = after.get("group") or before.get("group")
    own = dict(vocabularies().choices(f"audit_fields_{entry.entity}"))
    fields = [f for f in fields if f not in HIDDEN]
    label = lambda f: str(own.get(f) or labels.get(f) or IMPORT_FIELDS.get(f) or f)  # noqa: E731
    return [(label(f), texts(entry.entity, f, before.get(f), group), texts(entry.entity, f, after.get(f), group))
            for f in fields]
