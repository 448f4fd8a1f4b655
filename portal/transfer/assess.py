"""What the group's rules make of each new row before anything is written (issue 27): its category (from the
sheet, else worked out by the group's rules from what the sheet says, else "category to confirm"), the
services it will need, and whether the group's rule admits it (else the import asks for a reason)."""
from __future__ import annotations

from ..core.time import local_today
from ..ledger.batch import RecordData, transient
from ..ledger.rules import services_after
from ..plugin.manager import current_plugins
from .rows import Row


def assess_rows(rows: list[Row]) -> None:
    """Fill each new row's category (when the group's rules can tell it), ``to_confirm``, ``services`` and
    ``outside``. The record service decides the same again when the rows are written (``save_records``)."""
    plugins, today = current_plugins(), local_today()
    for row in rows:
        if row.outcome != "new" or row.group is None:
            continue
        person, profile = transient(RecordData(row.group, row.data, dict(row.profile)))
        if not row.data.get("category") and plugins.group(row.group).categories:
            found = plugins.classify(person, profile, row.sheet, today)
            if found:
                row.data["category"] = person.category = found
            else:
                row.to_confirm = True
        row.services = services_after(row.group, [], person.category, creating=True)
        verdict = plugins.eligibility(person, profile, today)
        if verdict is not None and not verdict.eligible:
            row.outside = "；".join(str(reason) for reason in verdict.reasons)
