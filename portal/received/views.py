"""Pages: an activity's attendance list of people (made for a phone), who is due each periodic service, one record."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..activities.models import Activity
from ..core.cache import cached_for_area
from ..core.scoping import get_or_404
from ..core.spreadsheets import csv_download
from ..core.time import local_today, utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..transfer.sheets import UnreadableFile, read_rows
from ..web.access import STAFF, guard_group_pages, roles_required
from ..web.numbers import id_arg, id_list
from ..web.pagination import database_page
from .attendance import activities_on, people_for, record_attendance, services_given, took_part
from .due import count_due, due_services, window_days
from .records import RecordRefused, record_service
from .sheet import SheetRefused, SheetResult, preview_sheet
from ..places.choices import area_places

bp = Blueprint("received", __name__, template_folder="templates")


def _activity(group: str, activity_id: int) -> Activity:
    guard_group_pages()
    if not activities_on():
        abort(404)
    return get_or_404(Activity, activity_id, current_user, Activity.group == group)


def _render_attendance(activity: Activity, group: str, problems: list[str] | None = None, status: int = 200,
                       sheet: SheetResult | None = None, from_sheet: frozenset[int] = frozenset()):
    people = people_for(activity, current_user)
    return render_template("received/attendance.html", a=activity, group=current_plugins().group(group),
                           people=people, ticked=took_part(activity) | from_sheet, given=services_given(activity),
                           started=activity.starts_at <= utcnow(), problems=problems or [], sheet=sheet,
                           from_sheet=from_sheet), status


@bp.route("/g/<group>/activities/<int:activity_id>/people", methods=["GET", "POST"])
def attendance(group: str, activity_id: int):
    """Tick who took part, from the people the activity is for; saving records the services it gives."""
    activity = _activity(group, activity_id)
    if request.method == "POST":
        if activity.starts_at > utcnow():
            flash(_("Attendance can be marked once the activity has started."), "warning")
        else:
            present = set(id_list("person", request.form))  # 2^64 among them: a 400 naming the field
            added, removed = record_attendance(current_user, activity, present)
            db.session.commit()
            flash(_("Saved: %(added)d added, %(removed)d removed.", added=added, removed=removed), "success")
        return redirect(url_for("received.attendance", group=group, activity_id=activity.id))
    return _render_attendance(activity, group)


@bp.route("/g/<group>/activities/<int:activity_id>/people.csv")
def attendance_list(group: str, activity_id: int):
    """The people the activity is for as a sheet (人员编号, 姓名, 村): strike out the absent, upload it back."""
    activity = _activity(group, activity_id)
    rows = [[p.id, p.name, p.place.name] for p in people_for(activity, current_user) if p.status == "active"]
    return csv_download([_("Person id"), _("Name"), _("Village")], rows, f"activity-{activity.id}-people.csv")


@bp.route("/g/<group>/activities/<int:activity_id>/people/sheet", methods=["POST"])
def attendance_sheet(group: str, activity_id: int):
    """Who took part from an uploaded sheet, read once within the import limits: every bad row named, or the list
    shown with the people the sheet names ticked and marked, saved by the list's own button (nothing written here)."""
    activity = _activity(group, activity_id)
    if activity.starts_at > utcnow():
        return _render_attendance(activity, group, [_("Attendance can be marked once the activity has started.")], 400)
    upload = request.files.get("sheet")
    if upload is None or not upload.filename:
        return _render_attendance(activity, group, [_("Choose the sheet to upload.")], 400)
    try:
        rows = read_rows(upload.filename, upload.read())
        result, new = preview_sheet(current_user, activity, rows)
    except UnreadableFile as error:
        return _render_attendance(activity, group, [str(error)], 400)
    except SheetRefused as refused:
        return _render_attendance(activity, group, refused.problems, 400)
    # Nothing is written yet: the sheet's people are ticked on the list, marked, for the user to save.
    return _render_attendance(activity, group, sheet=result, from_sheet=frozenset(new))


def _places() -> list[Place]:
    return area_places(current_user, ("county", "township", "village"))


@bp.route("/services/due")
@roles_required(*STAFF)
def due():
    """Who is due or overdue each periodic service, by village; the same as a CSV file."""
    place = None
    if (place_id := id_arg("place")) is not None:
        place = get_or_404(Place, place_id, current_user)
    services = {p.key: p for p in current_plugins().periodic_services(
        current_user.group if current_user.role == "staff" else None)}
    chosen = request.args.get("service") or None
    if chosen is not None and chosen not in services:
        abort(404)
    overdue = request.args.get("overdue") == "1"
    group = current_user.group if current_user.role == "staff" else None
    asked = {"place": place, "service": chosen, "overdue": overdue, "group": group}
    today = local_today()
    if request.args.get("format") == "csv":
        rows = due_services(current_user, **asked)
        return _csv(rows, _names(rows), today)
    # One page read by the database: a county is due hundreds of thousands (the whole list was 48 MB, 15 s).
    # The pager's total is a pass over the whole area: kept a minute per area and question, like the other lists'.
    total = cached_for_area(f"services_due:{place.id if place else ''}:{chosen or ''}:{overdue}:{group or ''}:{today}",
                            current_user, lambda: count_due(current_user, **asked))
    page = database_page(total, lambda limit, offset: due_services(current_user, limit=limit, offset=offset, **asked))
    rows = page.items
    return render_template("received/due.html", page=page, rows=rows, names=_names(rows), today=today,
                           places=_places(), place=place, services=services, chosen=chosen, overdue=overdue,
                           window=window_days())


def _names(rows) -> dict[int, str]:
    return {p.id: p.full_name for p in db.session.execute(
        db.select(Place).where(Place.id.in_({r.place_id for r in rows}))).scalars()} if rows else {}


def _csv(rows, names, today: date):
    return csv_download((_("Person id"), _("Name"), _("Village"), _("Service"), _("Last received"), _("Next due"),
                         _("Days overdue")),
                        ((r.person_id, r.name, names.get(r.place_id, ""), r.service.name, r.last or "", r.due,
                          r.days_overdue(today)) for r in rows), "services-due.csv")


@bp.route("/services/person/<int:person_id>/record", methods=["POST"])
@roles_required(*STAFF)
def record(person_id: int):
    """Record one periodic service one person received (a home check, a birthday visit)."""
    person = get_or_404(Beneficiary, person_id, current_user)
    try:
        day = date.fromisoformat(request.form.get("day", ""))
    except ValueError:
        flash(_("Day: give a date as YYYY-MM-DD."), "warning")
    else:
        try:
            record_service(current_user, person, request.form.get("service", ""), day, request.form.get("note", ""))
        except RecordRefused as refused:
            db.session.rollback()
            flash(_("%(field)s: %(message)s", field=_("Day") if refused.field == "day" else _("Service"),
                    message=str(refused)), "warning")
        else:
            db.session.commit()
            flash(_("The service is recorded."), "success")
    return redirect(url_for("ledger.detail", group=person.group, person_id=person.id) + "#received")
