"""Every group's ledger pages, mounted once under /g/<group>/: list, detail, create, edit, leave, services."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from ..core.audit import AuditEntry
from ..core.scoping import get_or_404, scoped
from ..extensions import db
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from ..web.access import guard_group_pages
from ..web.pagination import paginate
from .forms import BeneficiaryForm, LeaveForm
from .idcard import mask
from .models import Beneficiary, Household
from .records import RecordRefused, leave_record, profile_of, save_record

bp = Blueprint("ledger", __name__, url_prefix="/g/<group>", template_folder="templates")


bp.before_request(guard_group_pages)


@bp.app_context_processor
def id_number_helpers():
    """Whether the user may read whole ID-card numbers, and the mask for those who may not."""
    return {"show_id_number": lambda: current_user.role in current_app.config["GUANAI_ID_NUMBER_ROLES"],
            "mask_id": mask}


def _person(group: str, person_id: int) -> Beneficiary:
    return get_or_404(Beneficiary, person_id, current_user, Beneficiary.group == group)


def _profiles(group: str, ids: list[int]) -> dict[int, object]:
    model = current_plugins().group(group).profile_model
    rows = db.session.execute(select(model).where(model.beneficiary_id.in_(ids))).scalars() if ids else []
    return {row.beneficiary_id: row for row in rows}


def _places_in_scope() -> list[Place]:
    return db.session.execute(scoped(Place, current_user).order_by(Place.path)).scalars().all()


def ledger_statement(group: str, args) -> Select:
    """The group's ledger as the list shows it: the user's scope, search, place, category and status, ordered.
    The list pages it; an export (portal/transfer) writes all of it."""
    stmt = scoped(Beneficiary, current_user).where(Beneficiary.group == group)
    q = args.get("q", "").strip()
    if q:
        stmt = stmt.where(or_(Beneficiary.name.contains(q), Beneficiary.phone.contains(q),
                              Beneficiary.id_number == q.upper()))
    place_id = args.get("place", type=int)
    if place_id:
        place = get_or_404(Place, place_id, current_user)
        stmt = stmt.where(Beneficiary.place_id.in_(subtree_ids(place)))
    category = args.get("category", "")
    if category:
        stmt = stmt.where(Beneficiary.category == category)
    status = args.get("status", "active")
    if status in ("active", "left"):
        stmt = stmt.where(Beneficiary.status == status)
    return stmt.order_by(Beneficiary.name, Beneficiary.id)


@bp.route("/")
def index(group: str):
    """The group's ledger: search, filters by place, category and status, pagination."""
    g = current_plugins().group(group)
    stmt = ledger_statement(group, request.args)
    q, place_id = request.args.get("q", "").strip(), request.args.get("place", type=int)
    category, status = request.args.get("category", ""), request.args.get("status", "active")
    page = paginate(stmt.options(selectinload(Beneficiary.place)))
    profiles = _profiles(group, [p.id for p in page.items])
    plugins = current_plugins()
    eligibility = {p.id: plugins.eligibility(p, profiles.get(p.id)) for p in page.items}
    places = [p for p in _places_in_scope() if p.level != "grid"]
    return render_template("ledger/index.html", group=g, page=page, eligibility=eligibility, q=q,
                           place_id=place_id, category=category, status=status, places=places)


@bp.route("/<int:person_id>")
def detail(group: str, person_id: int):
    """One person: core fields, the group's profile, eligibility, household members and history."""
    person = _person(group, person_id)
    g = current_plugins().group(group)
    profile = profile_of(group, person.id)
    members = []
    if person.household_id:
        members = db.session.execute(scoped(Beneficiary, current_user).where(
            Beneficiary.household_id == person.household_id, Beneficiary.id != person.id)).scalars().all()
    history = db.session.execute(select(AuditEntry).where(
        AuditEntry.entity == "beneficiary", AuditEntry.entity_id == person.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).scalars().all()
    profile_form = g.profile_form(obj=profile, meta={"csrf": False}) if profile else None
    return render_template("ledger/detail.html", group=g, person=person, profile=profile,
                           services=current_plugins().services, profile_form=profile_form, members=members,
                           history=history, eligibility=current_plugins().eligibility(person, profile))


@bp.route("/new", methods=["GET", "POST"])
def new(group: str):
    return _edit(group, None)


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
def edit(group: str, person_id: int):
    person = _person(group, person_id)
    if person.status != "active":
        flash(_("This person has left the ledger; the record is kept as it was."), "warning")
        return redirect(url_for("ledger.detail", group=group, person_id=person.id))
    return _edit(group, person)


#: How many households the picker lists for one village; the person's own is always among them.
HOUSEHOLD_CHOICES = 500


def _households_near(place: Place | None) -> list[Household]:
    """The households of a place's village (a grid's parent, any other place itself), in scope, by name."""
    if place is None:
        return []
    village = place.parent if place.level == "grid" and place.parent is not None else place
    stmt = (scoped(Household, current_user).where(Household.place_id.in_(subtree_ids(village)))
            .order_by(Household.head_name).limit(HOUSEHOLD_CHOICES))
    return list(db.session.execute(stmt).scalars())


@bp.route("/households")
def households(group: str):
    """The household picker's choices for a place, as JSON: the form asks again when the place changes."""
    place = get_or_404(Place, request.args.get("place", type=int), current_user)
    return jsonify([{"id": h.id, "label": str(h)} for h in _households_near(place)])


def _fill_choices(form: BeneficiaryForm, g, person: Beneficiary | None) -> None:
    places = [p for p in _places_in_scope() if p.level in ("village", "grid")]
    form.place_id.choices = [(p.id, p.full_name) for p in places]
    # The households offered are those of the chosen village: as submitted, else the person's, else the first.
    by_id = {p.id: p for p in places}
    chosen = form.place_id.data if form.is_submitted() else (person.place_id if person else None)
    place = by_id.get(chosen) or (places[0] if places and not form.is_submitted() else None)
    households = _households_near(place)
    if person is not None and person.household is not None and person.household not in households:
        households.insert(0, person.household)
    form.household_id.choices = [(0, _l("(none)"))] + [(h.id, str(h)) for h in households]
    form.category.choices = [("", _l("(none)"))] + [(c.code, c.name) for c in g.categories]
    form.services.choices = [(s.key, s.name) for s in current_plugins().services_of(g.code, "pairing")]
    form.fill_skill_choices()


def _edit(group: str, person: Beneficiary | None):
    """Create or edit a person: core form and profile form validated together, saved in one transaction."""
    g = current_plugins().group(group)
    profile = profile_of(group, person.id) if person else None
    form = BeneficiaryForm(obj=person)
    profile_form = g.profile_form(obj=profile, prefix="profile", meta={"csrf": False})
    _fill_choices(form, g, person)
    if person is not None and not form.is_submitted():
        form.household_id.data = person.household_id or 0
        form.category.data = person.category or ""
        form.show_needs(person.needs)
    core_ok = form.validate_on_submit()
    profile_ok = profile_form.validate() if form.is_submitted() else False
    if core_ok and profile_ok:
        try:
            person = save_record(current_user, group, person, form.record_data(), profile_form.data)
        except RecordRefused as refused:
            db.session.rollback()
            for name, message in refused.errors.items():
                form[name].errors.append(message)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("ledger.detail", group=group, person_id=person.id))
    return render_template("ledger/form.html", group=g, form=form, profile_form=profile_form, person=person)


@bp.route("/<int:person_id>/leave", methods=["GET", "POST"])
def leave(group: str, person_id: int):
    """Take a person off the active ledger with a reason; the record and its history stay."""
    person = _person(group, person_id)
    g = current_plugins().group(group)
    if person.status != "active":
        flash(_("This person has already left the ledger."), "warning")
        return redirect(url_for("ledger.detail", group=group, person_id=person.id))
    form = LeaveForm()
    if form.validate_on_submit():
        leave_record(current_user, person, form.reason.data, form.left_on.data, form.note.data or "")
        db.session.commit()
        flash(_("%(name)s has left the ledger.", name=person.name), "success")
        return redirect(url_for("ledger.detail", group=group, person_id=person.id))
    return render_template("ledger/leave.html", group=g, person=person, form=form)


@bp.route("/services")
def services(group: str):
    """The group's services and visit rules, as its plugin declares them."""
    plugins = current_plugins()
    return render_template("ledger/services.html", group=plugins.group(group),
                           services=plugins.services_of(group), visit_rules=plugins.visit_rules(group))
