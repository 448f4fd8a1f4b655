"""The incidents section of the quarterly and annual reports (003): how many, of which types, how fast handled."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..plugin.records import IncidentType
from ..reports.model import ReportSection, ReportTable
from .figures import incidents_per_type, step_times
from .types import all_types


def _type_name(types: dict[str, IncidentType], key: str) -> str:
    return str(types[key].name) if key in types else key


def _step_name(types: dict[str, IncidentType], key: str, code: str) -> str:
    step = types[key].step(code) if key in types else None
    return f"{_type_name(types, key)} · {step.name if step else code}"


def incidents_section(report) -> ReportSection:
    """Incidents that happened in the period in the report's area and view, by type; times to each step."""
    types = all_types()
    bounds = {"user": report.user, "start": report.period.start_utc, "end": report.period.end_utc,
              "place": report.place}
    counts = incidents_per_type(**bounds)
    by_type = ReportTable("incident-types", _l("Incidents by type"), [_l("Type"), _l("Incidents"), _l("Closed")],
                          [[_type_name(types, r["type"]), r["count"], r["closed"]] for r in counts],
                          total=[_l("Total"), sum(r["count"] for r in counts), sum(r["closed"] for r in counts)])
    times = step_times(**bounds)
    by_step = ReportTable(
        "incident-steps", _l("Time to each step"),
        [_l("Step"), _l("Done"), _l("Median minutes"), _l("Worst minutes"), _l("Done on time (%)")],
        [[_step_name(types, r["type"], r["step"]), r["done"], round(r["median_minutes"] or 0, 1), r["worst_minutes"],
          round(100 * r["on_time_share"], 1) if r["on_time_share"] is not None else None] for r in times])
    return ReportSection("incidents", _l("Incidents and mandatory reporting"), [by_type, by_step], order=60)
