"""Guardianship pages (staff and coordinators): a person's guardianship (the ledger's guardian, letters with the
photo of the signed page, trainings, assessments and interventions with follow-ups) and the coordinator's lists."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.scoping import get_or_404, scoped
from ..core.spreadsheets import csv_download
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..places.picker import picker_places
from ..plugin.manager import current_plugins
from ..web.numbers import id_arg
from ..web.pagination import database_page
from ..web.access import STAFF, roles_required
from .guardian import guardian_of, relation_labels, rules_of
from .keeping import (INTERVENTIONS, LEVELS, GuardianshipRefused, add_assessment, add_follow_up, add_letter,
                      add_training)
from .lists import gap_counts, gaps, gaps_page, open_interventions
from .models import GuardianshipAssessment, GuardianshipLetter, GuardianTraining
from .photos import PhotoRefused, checked, path_of

bp = Blueprint("guardianship", __name__, url_prefix="/guardianship", template_folder="templates")


def _person(person_id: int) -> Beneficiary:
    person = get_or_404(Beneficiary, person_id, current_user)
    if rules_of(person.group) is None:
        abort(404)
    return person


def _render(person, status=200, refused: GuardianshipRefused | None = None, form="", typed=None):
    def rows(model, *order):
        return list(db.session.execute(scoped(model, current_user).where(model.beneficiary_id == person.id)
                                       .order_by(*order)).scalars())
    return render_template(
        "guardianship/person.html", person=person, guardian=guardian_of(person), today=local_today(),
        letters=rows(GuardianshipLetter, GuardianshipLetter.signed_on.desc(), GuardianshipLetter.id.desc()),
        trainings=rows(GuardianTraining, GuardianTraining.attended_on.desc(), GuardianTraining.id.desc()),
        assessments=rows(GuardianshipAssessment, GuardianshipAssessment.assessed_on.desc(), GuardianshipAssessment.id.desc()),
        levels=LEVELS, interventions=INTERVENTIONS, refused=refused, form=form, typed=typed or {},
        relations=relation_labels(person.group), group=current_plugins().group(person.group)), status


@bp.route("/person/<int:person_id>")
@roles_required(*STAFF)
def person(person_id: int):
    return _render(_person(person_id))


def _kept(person, part: str, keep):
    try:
        keep()
    except (GuardianshipRefused, PhotoRefused) as refused:
        db.session.rollback()
        if isinstance(refused, PhotoRefused):
            refused = GuardianshipRefused("photo", str(refused))
        return _render(person, 400, refused, part, request.form.to_dict())
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("guardianship.person", person_id=person.id) + f"#{part}")


@bp.route("/person/<int:person_id>/letter", methods=["POST"])
@roles_required(*STAFF)
def letter(person_id: int):
    """The responsibility letter signed by the ledger's guardian, with the photo of the signed page."""
    found = _person(person_id)

    def keep():
        upload = request.files.get("photo")
        photo = checked(upload) if upload and upload.filename else None
        add_letter(current_user, found, request.form.to_dict(), photo)
    return _kept(found, "letter", keep)


@bp.route("/person/<int:person_id>/training", methods=["POST"])
@roles_required(*STAFF)
def training(person_id: int):
    found = _person(person_id)
    return _kept(found, "training", lambda: add_training(current_user, found, request.form.to_dict(),
                                                         household_too=bool(request.form.get("household_too"))))


@bp.route("/person/<int:person_id>/assessment", methods=["POST"])
@roles_required(*STAFF)
def assessment(person_id: int):
    found = _person(person_id)
    return _kept(found, "assessment", lambda: add_assessment(current_user, found, request.form.to_dict()))


@bp.route("/assessment/<int:assessment_id>/follow-up", methods=["POST"])
@roles_required(*STAFF)
def follow_up(assessment_id: int):
    found = get_or_404(GuardianshipAssessment, assessment_id, current_user)
    person = _person(found.beneficiary_id)
    return _kept(person, f"assessment-{found.id}",
                 lambda: add_follow_up(current_user, found, person, request.form.to_dict()))


@bp.route("/letter/<int:letter_id>/photo")
@roles_required(*STAFF)
def photo(letter_id: int):
    """The photo of a signed letter, only for staff who see the person; never kept by shared caches."""
    found = get_or_404(GuardianshipLetter, letter_id, current_user)
    if not found.photo_name:
        abort(404)
    response = send_file(path_of(found.photo_name), mimetype=found.photo_type, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/missing")
@roles_required(*STAFF)
def missing():
    """People whose guardian has no letter or no training this year (or who have no guardian in the ledger), and
    the interventions still open. As CSV: the people listed (never the assessments)."""
    place_id = id_arg("place")
    place = get_or_404(Place, place_id, current_user) if place_id else None
    if request.args.get("format") == "csv":
        rows = gaps(current_user, place=place)
        year = local_today().year
        yes, no = _("yes"), _("no")
        return csv_download(
            [_("Person id"), _("Name"), _("Village"), _("Guardian"), _("Responsibility letter"),
             _("Training in %(year)d", year=year)],
            [[r.person_id, r.name, r.place, r.guardian or _("none in the ledger"), yes if r.letter else no,
              yes if r.training else no] for r in rows], "guardianship-gaps.csv")
    # A county lists tens of thousands (784 KB in one page, issue 32): paged by the database, the pager's total
    # from the counts by village; the place filter lists townships and the chosen one's villages.
    within = place or current_user.place
    by_township = within is None or within.level == "county"
    counts = gap_counts(current_user, place=place, by_township=by_township)
    page = database_page(sum(c[1] for c in counts),
                         lambda limit, offset: gaps_page(current_user, place, offset // limit + 1, limit))
    return render_template("guardianship/missing.html", page=page, counts=counts, by_township=by_township, place_id=place_id,
                           places=picker_places(current_user, place_id),
                           open=open_interventions(current_user, place=place), interventions=INTERVENTIONS,
                           levels=LEVELS, year=local_today().year)
