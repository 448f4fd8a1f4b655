"""A large area's report page built on the worker, never in the request (issue 32).

A county's report is some forty aggregates over 100,000 people: tens of seconds on a busy server, past
gunicorn's 30 s timeout. Beyond ``GUANAI_REPORT_QUEUE_PEOPLE`` people in the area, a view that finds no kept
page (``portal.reports.kept``) claims its building once, hands it to the queue (``reports.build_page``) and
answers at once with a page that follows the build and reloads when it is kept. The task signs in as the user
who asked (their view decides the figures), builds the report once, and keeps its page, its long tables and its
print layout for every worker and server. A failed build is kept for a short while with why, so that the page
says so instead of starting it again at every reload.

With ``GUANAI_REPORT_CACHE_SECONDS`` 0 nothing can be kept, and every view builds its own page as before.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db
from ..places.models import Place
from .kept import claim, lifetime, read, release, write

#: Seconds a failed build is remembered (the page says why; after that a view tries again).
FAILED_FOR = 120


@dataclass
class Building:
    """What a view found: the kept ``html``, or a build under way (``html`` None), or why it failed."""

    html: str | None = None
    failed: str | None = None


def people_in(place: Place) -> int:
    """Active people in ``place`` and below: what a report's cost grows with."""
    from ..ledger.models import Beneficiary
    from ..places.models import subtree_ids
    return db.session.execute(select(func.count()).select_from(Beneficiary).where(
        Beneficiary.place_id.in_(subtree_ids(place)), Beneficiary.status == "active")).scalar_one()


def on_worker(place: Place) -> bool:
    """Whether ``place``'s report is built on the worker: its page can be kept, it is large, and this is not a
    worker already answering the page (a file job's print layout)."""
    from ..background.files import making_file
    limit = current_app.config.get("GUANAI_REPORT_QUEUE_PEOPLE", 3000)
    return bool(lifetime()) and bool(limit) and not making_file() and people_in(place) > limit


def kept_or_built(base: str, want: str) -> Building:
    """The text kept under ``want`` (a part of the report kept under ``base``), else its build started once."""
    found = read(want)
    if found is not None:
        return Building(html=found)
    failed = read(base + ":failed")
    if failed is not None:
        return Building(failed=failed)
    if claim(base, current_app.config.get("GUANAI_REPORT_BUILD_SECONDS", 900)):
        from ..core.queue import enqueue
        args = {k: v for k, v in request.args.items() if k != "format"}
        enqueue("reports.build_page", user_id=current_user.id, path=request.path, args=args,
                lang=session.get("lang"), base=base)
        found = read(want)  # a queue that runs tasks at once (the command line, tests) has built it already
        if found is not None:
            return Building(html=found)
        failed = read(base + ":failed")
        if failed is not None:
            return Building(failed=failed)
    return Building()


def state(base: str, want: str) -> dict:
    """The build's state for the page that follows it (``progress.js``): no steps, so no percentage."""
    if read(want) is not None:
        return {"status": "ready", "progress": None, "final": True, "phase": _("The report is ready.")}
    if read(base + ":failed") is not None:
        return {"status": "failed", "progress": None, "final": True, "phase": _("The report could not be made.")}
    return {"status": "running", "progress": None, "final": False,
            "phase": _("The figures are being counted on the server.")}


def build_page(user_id: int, path: str, args: dict, lang: str | None, base: str) -> None:
    """The queue's task: the report of ``path?args`` as ``user_id`` sees it, kept under ``base`` (its page, long
    tables and print layout); on failure, why, for ``FAILED_FOR`` seconds. The claim is released either way."""
    from ..background.files import FileJobFailed, acting_for
    from .views import build_parts
    try:
        with acting_for(user_id, path, args, lang):
            parts = build_parts(base)
        seconds = lifetime()
        for key in sorted(parts, key=lambda k: k == base):  # the page last: once it is there, all parts are
            write(key, parts[key], seconds)
    except Exception as exc:
        db.session.rollback()
        if not isinstance(exc, FileJobFailed):
            current_app.logger.exception("report build %s failed", base)
        why = str(exc) if isinstance(exc, FileJobFailed) else f"{type(exc).__name__}: {exc}"
        write(base + ":failed", why, FAILED_FOR)
    finally:
        release(base)
