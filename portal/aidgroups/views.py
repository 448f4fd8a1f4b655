"""Pages: the groups of an area, forming runs (form, review per village, move, lock, run again, commit), a
group's page, and the leader's phone page (members, report, meetings)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..core.scoping import get_or_404, scoped
from ..core.time import local_today
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..web.access import STAFF, can_open_group, roles_required
from ..web.numbers import decimal_value, id_arg, id_field, id_list, int_value
from .forming import FormingRefused, commit_run, discard_run, lock_group, move_member, params_of, rerun, start_run
from .leader import ReportRefused, kind_names, record_meeting, report
from .models import REPORT_KINDS, RHYTHMS, AidGroup, AidGroupMember, FormingRun, GroupMeeting, GroupReport
from ..places.choices import area_places

bp = Blueprint("aidgroups", __name__, template_folder="templates", url_prefix="/aidgroups")


def _groups_of_user() -> dict:
    groups = current_plugins().groups
    return {code: g for code, g in groups.items() if can_open_group(current_user, code)}


def _areas() -> list[Place]:
    return area_places(current_user, ("township", "village"))


@bp.route("/")
@login_required
def index():
    """The groups the user sees (a leader is sent to their own page), with member counts, and the runs."""
    if current_user.role not in STAFF:
        return redirect(url_for("aidgroups.mine"))
    counts = (select(AidGroupMember.aid_group_id, func.count(AidGroupMember.id).label("n"))
              .where(AidGroupMember.left_on.is_(None)).group_by(AidGroupMember.aid_group_id).subquery())
    stmt = scoped(AidGroup, current_user, select(AidGroup, func.coalesce(counts.c.n, 0))
                  .outerjoin(counts, counts.c.aid_group_id == AidGroup.id)
                  .where(AidGroup.status == "active"))
    place = None
    if (place_id := id_arg("place")) is not None:
        place = get_or_404(Place, place_id, current_user)
        stmt = stmt.join(Place, AidGroup.place_id == Place.id).where(Place.path.startswith(place.path))
    # Groups whose leader stepped down come first, flagged (issue 30), and are counted over the whole area.
    leaderless = db.session.execute(stmt.with_only_columns(func.count(AidGroup.id)).order_by(None)
                                    .where(AidGroup.leader_ended_on.is_not(None))).scalar_one()
    rows = db.session.execute(stmt.order_by(AidGroup.leader_ended_on.is_(None), AidGroup.place_id, AidGroup.id)
                              .limit(500)).all()
    runs = db.session.execute(scoped(FormingRun, current_user).order_by(FormingRun.id.desc()).limit(20)).scalars()
    return render_template("aidgroups/index.html", rows=rows, runs=list(runs), place=place, places=_areas(),
                           groups=current_plugins().groups, leaderless=leaderless)


@bp.route("/form", methods=["GET", "POST"])
@roles_required(*STAFF)
def form():
    """Ask the engine for groups of a village or township: the group, the place, the size and the distance."""
    groups, places = _groups_of_user(), _areas()
    if request.method == "POST":
        group = request.form.get("group", "")
        if group not in groups:
            abort(404)
        place = get_or_404(Place, id_field("place"), current_user)
        try:
            size = int_value("size", 0, 9999, request.form) or 10
            max_km = decimal_value("max_km", 0, 9999, request.form) or 1.5
            if not 1 <= size <= 100 or not 0 < max_km <= 20:
                raise FormingRefused(_("The size must be 1 to 100 and the distance 0 to 20 km."))
            run = start_run(current_user, group, place, params_of(size=size, max_km=max_km,
                                                                  same_grid=bool(request.form.get("same_grid"))))
        except FormingRefused as exc:
            flash(str(exc), "warning")
            return render_template("aidgroups/form.html", groups=groups, places=places), 422
        db.session.commit()
        return redirect(url_for("aidgroups.run", run_id=run.id))
    return render_template("aidgroups/form.html", groups=groups, places=places)


def _run(run_id: int) -> FormingRun:
    return get_or_404(FormingRun, run_id, current_user)


@bp.route("/runs/<int:run_id>")
@roles_required(*STAFF)
def run(run_id: int):
    """Review a run village by village: a plan of leaders and members, move, lock, run again, commit."""
    r = _run(run_id)
    villages = sorted({g["village"] for g in r.proposal["groups"]}
                      | {x["village"] for x in r.proposal["left_out"] if x["village"] is not None})
    names = {p.id: p.name for p in db.session.execute(select(Place).where(Place.id.in_(villages))).scalars()} \
        if villages else {}
    chosen = id_arg("village") or (villages[0] if villages else None)
    groups = [g for g in r.proposal["groups"] if g["village"] == chosen]
    left = [x for x in r.proposal["left_out"] if x["village"] in (chosen, None)]
    return render_template("aidgroups/run.html", r=r, villages=villages, names=names, chosen=chosen, groups=groups,
                           left=left, plan=_plan(groups, left), reason=lambda x: left_reason(x, r.params["max_km"]))


def left_reason(x: dict, max_km: float) -> str:
    """Why a person is left out, in the reader's language, from the engine's reason code and counts."""
    km = f"{max_km:g}"
    if x["reason"] == "no_leader_within_reach":
        return _("No leader within %(km)s km in the same village.", km=km)
    if x["reason"] == "groups_full":
        return _("%(n)d leaders within %(km)s km, but their groups are full.",
                 n=x["counts"].get("leaders_within_km", 0), km=km)
    if x["reason"] == "no_location":
        return _("No coordinates for the home or the place.")
    if x["reason"] == "moved_out":
        return _("Taken out by hand.")
    return x["detail"]


def _plan(groups: list, left: list) -> dict:
    """Points of a village's leaders and members scaled into a 400 x 300 box (a plan, not a map)."""
    pts = [(g["lat"], g["lon"]) for g in groups] + [(m["lat"], m["lon"]) for g in groups for m in g["members"]] \
        + [(x["lat"], x["lon"]) for x in left if x["lat"] is not None]
    if not pts:
        return {"groups": [], "left": []}
    lat0, lat1 = min(p[0] for p in pts), max(p[0] for p in pts)
    lon0, lon1 = min(p[1] for p in pts), max(p[1] for p in pts)
    span = max(lat1 - lat0, lon1 - lon0, 1e-4)

    def xy(lat, lon):
        return round(20 + 360 * (lon - lon0) / span, 1), round(280 - 260 * (lat - lat0) / span, 1)
    return {"groups": [{"leader": xy(g["lat"], g["lon"]), "name": g["name"], "n": i % 8,
                        "members": [xy(m["lat"], m["lon"]) for m in g["members"]]} for i, g in enumerate(groups)],
            "left": [xy(x["lat"], x["lon"]) for x in left if x["lat"] is not None]}


def _act(run_id: int, action) -> object:
    r = _run(run_id)
    try:
        action(r)
    except FormingRefused as exc:
        flash(str(exc), "warning")
        return redirect(url_for("aidgroups.run", run_id=r.id, village=request.form.get("village")))
    db.session.commit()
    return redirect(url_for("aidgroups.run", run_id=r.id, village=request.form.get("village")))


@bp.route("/runs/<int:run_id>/move", methods=["POST"])
@roles_required(*STAFF)
def move(run_id: int):
    person, leader = id_field("person"), id_field("leader")
    return _act(run_id, lambda r: move_member(current_user, r, person, leader))


@bp.route("/runs/<int:run_id>/lock", methods=["POST"])
@roles_required(*STAFF)
def lock(run_id: int):
    leader = id_field("leader")
    return _act(run_id, lambda r: lock_group(current_user, r, leader, request.form.get("locked") == "1"))


@bp.route("/runs/<int:run_id>/rerun", methods=["POST"])
@roles_required(*STAFF)
def run_again(run_id: int):
    return _act(run_id, lambda r: rerun(current_user, r))


@bp.route("/runs/<int:run_id>/commit", methods=["POST"])
@roles_required(*STAFF)
def commit(run_id: int):
    r = _run(run_id)
    rhythm = request.form.get("rhythm", "monthly")
    if rhythm not in RHYTHMS:
        abort(400)
    try:
        counts = commit_run(current_user, r, rhythm)
    except FormingRefused as exc:
        flash(str(exc), "warning")
        return redirect(url_for("aidgroups.run", run_id=r.id))
    db.session.commit()
    flash(_("Committed: %(created)d groups formed, %(kept)d kept, %(dissolved)d dissolved.", **counts), "success")
    return redirect(url_for("aidgroups.index"))


@bp.route("/runs/<int:run_id>/discard", methods=["POST"])
@roles_required(*STAFF)
def discard(run_id: int):
    return _act(run_id, lambda r: discard_run(current_user, r))


@bp.route("/<int:group_id>")
@login_required
def detail(group_id: int):
    """A group: leader, members, meetings and reports (staff, and the leader)."""
    g = get_or_404(AidGroup, group_id, current_user)
    meetings = db.session.execute(scoped(GroupMeeting, current_user).where(GroupMeeting.aid_group_id == g.id)
                                  .order_by(GroupMeeting.held_on.desc()).limit(50)).scalars()
    reports = db.session.execute(scoped(GroupReport, current_user).where(GroupReport.aid_group_id == g.id)
                                 .order_by(GroupReport.reported_at.desc()).limit(50)).scalars()
    return render_template("aidgroups/detail.html", g=g, meetings=list(meetings), reports=list(reports),
                           kinds=kind_names(), card_key=f"{g.group}.aidgroup",
                           names={m.beneficiary_id: m.beneficiary.name for m in g.members})


@bp.route("/mine")
@login_required
def mine():
    """The leader's phone page: each group they lead, members with phones and addresses, report, meetings."""
    groups = list(db.session.execute(scoped(AidGroup, current_user).where(AidGroup.status == "active")
                                     .order_by(AidGroup.id)).scalars()) if current_user.role == "volunteer" else []
    return render_template("aidgroups/mine.html", groups=groups, kinds=kind_names(), report_kinds=REPORT_KINDS,
                           today=local_today())


def _led(group_id: int) -> AidGroup:
    """A group the user may act for: its leader, or staff who see it."""
    return get_or_404(AidGroup, group_id, current_user, AidGroup.status == "active")


@bp.route("/<int:group_id>/report", methods=["POST"])
@login_required
def report_member(group_id: int):
    g = _led(group_id)
    try:
        row = report(current_user, g, id_field("person"), request.form.get("kind", ""),
                     request.form.get("note", ""), open_case=request.form.get("incident") == "1")
    except ReportRefused as exc:
        flash(str(exc), "warning")
        return redirect(url_for("aidgroups.mine"))
    db.session.commit()
    flash(_("Reported. %(n)d cadres were told at once.", n=row.told)
          + (" " + _("An incident was opened.") if row.incident_id else ""), "success")
    return redirect(url_for("aidgroups.mine") if current_user.role == "volunteer"
                    else url_for("aidgroups.detail", group_id=g.id))


@bp.route("/<int:group_id>/meetings", methods=["POST"])
@login_required
def meeting(group_id: int):
    g = _led(group_id)
    try:
        held_on = date.fromisoformat(request.form.get("held_on", ""))
        present = set(id_list("present", request.form))
        record_meeting(current_user, g, held_on, request.form.get("topics", ""), present)
    except ValueError as exc:
        flash(str(exc) if isinstance(exc, ReportRefused) else _("Give the day of the meeting."), "warning")
        return redirect(url_for("aidgroups.mine"))
    db.session.commit()
    flash(_("Meeting recorded."), "success")
    return redirect(url_for("aidgroups.mine") if current_user.role == "volunteer"
                    else url_for("aidgroups.detail", group_id=g.id))
