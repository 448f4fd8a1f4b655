"""Pages of the register: a person's cases (on the ledger page), the likely-eligible list, export and import."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.cache import cached_for_area
from ..core.scoping import get_or_404
from ..core.time import local_today
from ..core.spreadsheets import csv_download
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..transfer.sheets import UnreadableFile, read_rows
from ..web.access import STAFF, roles_required
from ..web.numbers import id_arg
from ..web.pagination import database_page
from .cases import STATE_NAMES, CaseRefused, save_case
from .exchange import ImportRefused, export_header, export_rows, import_rows
from .likely import count_likely, likely_eligible
from .models import AssistanceCase
from ..places.choices import area_places

bp = Blueprint("assistance", __name__, url_prefix="/assistance", template_folder="templates")


def _back(person):
    return redirect(url_for("ledger.detail", group=person.group, person_id=person.id) + "#assistance")


def _refused(refused: CaseRefused) -> None:
    db.session.rollback()
    flash(_("%(field)s: %(message)s", field=refused.label, message=str(refused)), "error")


@bp.route("/person/<int:person_id>", methods=["POST"])
@roles_required(*STAFF)
def add(person_id: int):
    """Add a programme to a person's register: an application, a grant, or a likely eligibility noted."""
    person = get_or_404(Beneficiary, person_id, current_user)
    try:
        save_case(current_user, person, request.form.to_dict())
    except CaseRefused as refused:
        _refused(refused)
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return _back(person)


@bp.route("/cases/<int:case_id>", methods=["POST"])
@roles_required(*STAFF)
def change(case_id: int):
    """Change a case's state, dates, amount or next review."""
    case = get_or_404(AssistanceCase, case_id, current_user)
    person = case.beneficiary
    try:
        save_case(current_user, person, {"programme": case.programme, **request.form.to_dict()}, case)
    except CaseRefused as refused:
        _refused(refused)
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return _back(person)


def _place():
    place_id = id_arg("place")
    return get_or_404(Place, place_id, current_user) if place_id is not None else None


@bp.route("/likely")
@roles_required(*STAFF)
def likely():
    """People likely eligible for a programme and not applied, by village; the same as CSV."""
    place = _place()
    programmes = current_plugins().assistance_programmes()
    chosen = request.args.get("programme") or None
    if chosen is not None and chosen not in programmes:
        abort(404)
    if request.args.get("format") == "csv":
        rows = likely_eligible(current_user, place=place, programme=chosen)
        names = _place_names(rows)
        return csv_download((_("Person id"), _("Name"), _("Village"), _("Programme"), _("Why likely eligible")),
                            ((r.person_id, r.name, names.get(r.place_id, ""), programmes[r.programme].name, r.reason)
                             for r in rows), "assistance-likely.csv")
    # One page read by the database: a county lists tens of thousands (the whole list was 3.7 MB, 2.2 s).
    total = cached_for_area(f"likely:{place.id if place else ''}:{chosen or ''}:{local_today()}", current_user,
                            lambda: count_likely(current_user, place=place, programme=chosen))
    page = database_page(total, lambda limit, offset: likely_eligible(current_user, place=place, programme=chosen,
                                                                      limit=limit, offset=offset))
    rows = page.items
    places = area_places(current_user, ("county", "township", "village"))
    return render_template("assistance/likely.html", page=page, rows=rows,
                           names=_place_names(rows), programmes=programmes, place=place, places=places, chosen=chosen)


def _place_names(rows) -> dict[int, str]:
    return {p.id: p.full_name for p in db.session.execute(
        db.select(Place).where(Place.id.in_({r.place_id for r in rows}))).scalars()} if rows else {}


@bp.route("/reviews")
@roles_required(*STAFF)
def reviews():
    """Cases granted and not ended whose review day has passed, most overdue first, counts by programme."""
    from .reviews import overdue_counts, overdue_reviews
    place = _place()
    rows = overdue_reviews(current_user, place=place)
    names = {p.id: p.full_name for p in db.session.execute(
        db.select(Place).where(Place.id.in_({r.place_id for r in rows}))).scalars()} if rows else {}
    places = area_places(current_user, ("county", "township", "village"))
    return render_template("assistance/reviews.html", rows=rows, names=names, place=place, places=places,
                           counts=overdue_counts(current_user, place=place), today=local_today(),
                           programmes=current_plugins().assistance_programmes(), states=STATE_NAMES)


@bp.route("/household/<int:household_id>")
@roles_required(*STAFF)
def household(household_id: int):
    """The register of a household: each member's programmes, and what the members hold together."""
    from ..ledger.models import Household
    from .household import cases_of, held_together, likely_in, members_of
    found = get_or_404(Household, household_id, current_user)
    members = members_of(found, current_user)
    if not members:
        abort(404)
    cases: dict[int, list] = {m.id: [] for m in members}
    for case in cases_of(found, current_user):
        cases.setdefault(case.beneficiary_id, []).append(case)
    return render_template("assistance/household.html", household=found, members=members, cases=cases,
                           together=held_together(found, current_user), likely=likely_in(found, current_user),
                           programmes=current_plugins().assistance_programmes(), states=STATE_NAMES,
                           groups=current_plugins().groups)


@bp.route("/export")
@roles_required(*STAFF)
def export():
    """The register of the people the user sees, as a CSV sheet the import reads back."""
    return csv_download(export_header(), export_rows(current_user), "assistance-register.csv")


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*STAFF)
def import_():
    """Read a register sheet (.xlsx, .xls or .csv, within the import machinery's limits, read once): every row
    checked, all kept or none, each bad row named."""
    problems = []
    if request.method == "POST":
        upload = request.files.get("sheet")
        try:
            if upload is None or not upload.filename:
                raise ImportRefused([_("Choose the sheet to upload.")])
            try:
                rows = read_rows(upload.filename, upload.read())
            except UnreadableFile as error:
                raise ImportRefused([str(error)]) from None
            added, changed, same = import_rows(current_user, rows)
        except ImportRefused as refused:
            db.session.rollback()
            problems = refused.problems
        else:
            db.session.commit()
            flash(_("Imported: %(added)d added, %(changed)d changed, %(same)d unchanged.", added=added,
                    changed=changed, same=same), "success")
            return redirect(url_for("assistance.import_"))
    return render_template("assistance/import.html", problems=problems, states=STATE_NAMES), 400 if problems else 200
