"""The cycle pages: the list and opening, an area's progress, a village's checklist, the ineligible list."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..core.scoping import get_or_404, scoped
from ..core.texts import vocabularies
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..ledger.records import leave_record, profile_of
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from ..web.access import COORDINATORS, STAFF, roles_required
from ..web.numbers import id_field
from .blueprint import bp
from .checklist import CycleRefused, by_township, figures, mark_item, open_cycle, progress, totals
from .models import Cycle, CycleItem
from .periods import KINDS, current_or_next, parse_period
from ..places.choices import area_places
from ..core.sql import by_pinyin


@bp.route("/")
@roles_required(*STAFF)
def index():
    """The cycles of the user's area, newest first, and (coordinators) a form to open one."""
    cycles = db.session.execute(scoped(Cycle, current_user).options(selectinload(Cycle.place))
                                .order_by(Cycle.due_on.desc(), Cycle.id.desc()).limit(200)).scalars().all()
    today = local_today()
    places = area_places(current_user, ("county", "township", "village"))
    suggested = {k: current_or_next(k, today).period for k in KINDS}
    return render_template("reverification/index.html", cycles=cycles, figures={c.id: figures(c, today) for c in cycles},
                           kinds=KINDS, places=places, suggested=suggested, today=today)


@bp.route("/open", methods=["POST"])
@roles_required(*COORDINATORS)
def open_():
    kind = request.form.get("kind", "")
    period = parse_period(kind, request.form.get("period", "").strip()) if kind in KINDS else None
    place = db.session.execute(scoped(Place, current_user).where(
        Place.id == (id_field("place") or 0))).scalar_one_or_none()
    if kind not in KINDS:
        flash(_("Choose the kind of check."), "error")
    elif period is None:
        flash(_("The period must be a month (YYYY-MM) in which this check runs."), "error")
    elif place is None:
        flash(_("Choose an area you work in."), "error")
    else:
        try:
            cycle = open_cycle(current_user, period, place)
        except CycleRefused:
            flash(_("This check is already open for this area."), "warning")
        else:
            db.session.commit()
            flash(_("The check is open."), "success")
            return redirect(url_for(".cycle", cycle_id=cycle.id))
    return redirect(url_for(".index"))


def _cycle(cycle_id: int) -> Cycle:
    return get_or_404(Cycle, cycle_id, current_user)


@bp.route("/<int:cycle_id>")
@roles_required(*STAFF)
def cycle(cycle_id: int):
    """An area's progress: per township and per village, and the cycle's figures."""
    c = _cycle(cycle_id)
    rows = progress(c)
    return render_template("reverification/cycle.html", cycle=c, rows=rows, townships=by_township(rows),
                           total=totals(rows), figures=figures(c), kinds=KINDS, today=local_today())


@bp.route("/<int:cycle_id>/village/<int:place_id>")
@roles_required(*STAFF)
def village(cycle_id: int, place_id: int):
    """A village's checklist: each person, the outcome so far, and buttons to confirm, update or mark left."""
    c = _cycle(cycle_id)
    place = get_or_404(Place, place_id, current_user)
    items = db.session.execute(scoped(CycleItem, current_user).join(Beneficiary, Beneficiary.id == CycleItem.beneficiary_id)
                               .options(selectinload(CycleItem.beneficiary))
                               .where(CycleItem.cycle_id == c.id, CycleItem.place_id.in_(subtree_ids(place)))
                               .order_by(CycleItem.outcome != "pending", by_pinyin(Beneficiary.name), Beneficiary.id)).scalars().all()
    groups = current_plugins().groups
    return render_template("reverification/village.html", cycle=c, place=place, items=items, groups=groups,
                           reasons=vocabularies().choices("leave_reasons"), kinds=KINDS)


@bp.route("/items/<int:item_id>", methods=["POST"])
@roles_required(*STAFF)
def mark(item_id: int):
    """Mark one person: unchanged, updated (then the record's form opens), or left with a reason."""
    item = get_or_404(CycleItem, item_id, current_user)
    outcome, reason = request.form.get("outcome", ""), request.form.get("reason") or None
    if reason is not None and reason not in vocabularies().codes("leave_reasons"):
        abort(400)
    try:
        mark_item(current_user, item, outcome, reason)
    except CycleRefused:
        db.session.rollback()
        flash(_("Choose unchanged, updated, or left with a reason."), "error")
    else:
        db.session.commit()
        person = item.beneficiary
        if outcome == "updated":
            return redirect(url_for("ledger.edit", group=person.group, person_id=person.id))
        flash(_("%(name)s checked.", name=person.name), "success")
    village = db.session.get(Place, item.place_id)
    target = village.parent if village.level == "grid" and village.parent else village
    return redirect(url_for(".village", cycle_id=item.cycle_id, place_id=target.id))


def ineligible_items(c: Cycle) -> list[tuple[CycleItem, object]]:
    """The unchecked people of a cycle who aged out or no longer meet their group's rule, with why."""
    items = db.session.execute(scoped(CycleItem, current_user).options(selectinload(CycleItem.beneficiary))
                               .where(CycleItem.cycle_id == c.id, CycleItem.outcome == "pending")).scalars().all()
    plugins, found = current_plugins(), []
    for item in items:  # the rules are the group plugins' own Python, one person at a time
        p = item.beneficiary
        if p.group not in plugins.groups:
            continue
        verdict = plugins.eligibility(p, profile_of(p.group, p.id))
        if verdict is not None and (verdict.aged_out or not verdict.eligible):
            found.append((item, verdict))
    return found


@bp.route("/<int:cycle_id>/ineligible")
@roles_required(*STAFF)
def ineligible(cycle_id: int):
    c = _cycle(cycle_id)
    return render_template("reverification/ineligible.html", cycle=c, rows=ineligible_items(c), kinds=KINDS)


@bp.route("/items/<int:item_id>/leave", methods=["POST"])
@roles_required(*STAFF)
def leave_ineligible(item_id: int):
    """One click: the person leaves the ledger, the reason filled in (aged out, or no longer eligible)."""
    item = get_or_404(CycleItem, item_id, current_user)
    person = item.beneficiary
    verdict = current_plugins().eligibility(person, profile_of(person.group, person.id))
    if verdict is None or (verdict.eligible and not verdict.aged_out):
        flash(_("%(name)s meets the group's rules.", name=person.name), "warning")
    else:
        reason = "aged_out" if verdict.aged_out else "other"
        if person.status == "active":
            leave_record(current_user, person, reason, local_today(), "; ".join(map(str, verdict.reasons)))
        mark_item(current_user, item, "left", reason)
        db.session.commit()
        flash(_("%(name)s has left the ledger.", name=person.name), "success")
    return redirect(url_for(".ineligible", cycle_id=item.cycle_id))
