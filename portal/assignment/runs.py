"""Match runs: create one from today's ledger and solve it in the background."""
from __future__ import annotations

from typing import Any

from flask import current_app

from matching import InstanceError, load_instance, solve

from ..core.audit import record
from ..core.time import utcnow
from ..extensions import db
from ..places.models import Place
from ..plugin.records import Service
from .instance import build_instance
from .models import MatchRun


def create_run(actor, service: Service, role: str, place: Place, params: dict[str, Any] | None = None,
               parent: MatchRun | None = None) -> MatchRun:
    """Build the instance now (from today's rows) and store it, audited; the solve is a separate job."""
    params = {"locked": [], "forbidden": [], **(params or {})}
    built = build_instance(service, role, place, params)
    params["skipped"] = built.skipped
    run = MatchRun(service=service.key, role=role, place_id=place.id, created_by_id=actor.id if actor else None,
                   parent_id=parent.id if parent else None, status="queued", params=params, instance=built.doc)
    db.session.add(run)
    db.session.flush()
    record(actor, "create", "match_run", run.id, None, {"service": run.service, "role": role, "place": place.id,
                                                        "parent": run.parent_id, **params})
    db.session.commit()
    return run


def execute_run(run_id: int) -> None:
    """Solve a stored run and store the proposal; a run that cannot be solved is marked failed with why."""
    run = db.session.get(MatchRun, run_id)
    run.status, run.progress = "running", 10
    db.session.commit()
    try:
        instance = load_instance(run.instance)
        run.progress = 30
        db.session.commit()
        result = solve(instance)
    except InstanceError as exc:
        run.status, run.error = "failed", "\n".join(exc.problems)
    except Exception as exc:  # the run must say it failed rather than stay "running" forever
        current_app.logger.exception("match run %s failed", run_id)
        run.status, run.error = "failed", f"{type(exc).__name__}: {exc}"
    else:
        run.result, run.objective, run.status = result.to_dict(), result.objective, "proposed"
    run.progress, run.finished_at = 100, utcnow()
    db.session.commit()
