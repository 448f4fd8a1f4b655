"""Ledger pages for a group, built once here and mounted by each group plugin on its own blueprint."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from .access import mount_group_views
from .audit import record, snapshot
from .extensions import db
from .forms import BeneficiaryForm, LeaveForm
from .models import AuditEntry, Beneficiary, Household, Place, subtree_ids
from .plugins import current_plugins
from .scoping import get_or_404, paginate, scoped


def register_ledger(bp: Blueprint, group: str) -> None:
    """Add the ledger pages of ``group`` to ``bp``: list, detail, create, edit, leave, services."""
    views = {
        "/": ("index", index, ["GET"]),
        "/<int:person_id>": ("detail", detail, ["GET"]),
        "/new": ("new", new, ["GET", "POST"]),
        "/<int:person_id>/edit": ("edit", edit, ["GET", "POST"]),
        "/<int:person_id>/leave": ("leave", leave, ["GET", "POST"]),
        "/services": ("services", services, ["GET"]),
        "/households": ("households", households, ["GET"]),
    }
    mount_group_views(bp, group, views)


def _person(group: str, person_id: int) -> Beneficiary:
    return get_or_404(Beneficiary, person_id, current_user, Beneficiary.group == group)


def _profiles(group: str, ids: list[int]) -> dict[int, object]:
    model = current_plugins().group(group).profile_model
    rows = db.session.execute(select(model).where(model.beneficiary_id.in_(ids))).scalars() if ids else []
    return {row.beneficiary_id: row for row in rows}


def _places_in_scope() -> list[Place]:
    return db.session.execute(scoped(Place, current_user).order_by(Place.path)).scalars().all()


def index(group: str):
    """The group's ledger: search, filters by place, category and status, pagination."""
    g = current_plugins().group(group)
    stmt = scoped(Beneficiary, current_user).where(Beneficiary.group == group)
    q = request.args.get("q", "").strip()
    if q:
        stmt = stmt.where(or_(Beneficiary.name.contains(q), Beneficiary.phone.contains(q),
                              Beneficiary.id_number == q.upper()))
    place_id = request.args.get("place", type=int)
    if place_id:
        place = get_or_404(Place, place_id, current_user)
        stmt = stmt.where(Beneficiary.place_id.in_(subtree_ids(place)))
    category = request.args.get("category", "")
    if category:
        stmt = stmt.where(Beneficiary.category == category)
    status = request.args.get("status", "active")
    if status in ("active", "left"):
        stmt = stmt.where(Beneficiary.status == status)
    page = paginate(stmt.options(selectinload(Beneficiary.place)).order_by(Beneficiary.name, Beneficiary.id))
    profiles = _profiles(group, [p.id for p in page.items])
    plugins = current_plugins()
    eligibility = {p.id: plugins.eligibility(p, profiles.get(p.id)) for p in page.items}
    places = [p for p in _places_in_scope() if p.level != "grid"]
    return render_template("ledger/index.html", group=g, page=page, eligibility=eligibility, q=q,
                           place_id=place_id, category=category, status=status, places=places)


def detail(group: str, person_id: int):
    """One person: core fields, the group's profile, eligibility, household members and history."""
    person = _person(group, person_id)
    g = current_plugins().group(group)
    profile = _profiles(group, [person.id]).get(person.id)
    members = []
    if person.household_id:
        members = db.session.execute(scoped(Beneficiary, current_user).where(
            Beneficiary.household_id == person.household_id, Beneficiary.id != person.id)).scalars().all()
    history = db.session.execute(select(AuditEntry).where(
        AuditEntry.entity == "beneficiary", AuditEntry.entity_id == person.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).scalars().all()
    profile_form = g.profile_form(obj=profile, meta={"csrf": False}) if profile else None
    return render_template("ledger/detail.html", group=g, person=person, profile=profile,
                           services=current_plugins().services,
                           profile_form=profile_form, members=members, history=history,
                           eligibility=current_plugins().eligibility(person, profile))


def new(group: str):
    return _edit(group, None)


def edit(group: str, person_id: int):
    person = _person(group, person_id)
    if person.status != "active":
        flash(_("This person has left the ledger; the record is kept as it was."), "warning")
        return redirect(url_for(f"{group}.detail", person_id=person.id))
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
    form.services.choices = [(s.code, s.name) for s in current_plugins().services_of(g.code) if s.delivery == "pairing"]


def _edit(group: str, person: Beneficiary | None):
    """Create or edit a person: core form and profile form validated together, saved in one transaction."""
    g = current_plugins().group(group)
    profile = _profiles(group, [person.id]).get(person.id) if person else None
    form = BeneficiaryForm(obj=person)
    profile_form = g.profile_form(obj=profile, prefix="profile", meta={"csrf": False})
    _fill_choices(form, g, person)
    if person is not None and not form.is_submitted():
        form.household_id.data = person.household_id or 0
        form.category.data = person.category or ""
        form.needs.data = ", ".join(person.needs or [])
    core_ok = form.validate_on_submit()
    profile_ok = profile_form.validate() if form.is_submitted() else False
    if core_ok and profile_ok and _id_number_is_free(form, person):
        person = _save(group, g, person, profile, form, profile_form)
        flash(_("Saved."), "success")
        return redirect(url_for(f"{group}.detail", person_id=person.id))
    return render_template("ledger/form.html", group=g, form=form, profile_form=profile_form, person=person)


def _id_number_is_free(form: BeneficiaryForm, person: Beneficiary | None) -> bool:
    """One record per person: an ID-card number may stand on one record only (across all groups)."""
    if not form.id_number.data:
        return True
    stmt = select(Beneficiary.id).where(Beneficiary.id_number == form.id_number.data)
    if person is not None:
        stmt = stmt.where(Beneficiary.id != person.id)
    if db.session.execute(stmt).first() is None:
        return True
    form.id_number.errors.append(_("Another record already has this ID-card number."))
    return False


def _save(group, g, person, profile, form, profile_form) -> Beneficiary:
    before = {**snapshot(person), **(snapshot(profile, "profile.") if profile else {})} if person else None
    place = db.session.get(Place, form.place_id.data)
    household_id = form.household_id.data or None
    if form.new_household_head.data:
        household = Household(place_id=place.id, head_name=form.new_household_head.data,
                              address=form.address.data or "")
        db.session.add(household)
        db.session.flush()
        household_id = household.id
    if person is None:
        person = Beneficiary(group=group, status="active")
        db.session.add(person)
    for name in ("name", "gender", "birth_date"):
        setattr(person, name, getattr(form, name).data)
    for name in ("address", "living_situation", "notes"):
        setattr(person, name, getattr(form, name).data or "")
    person.phone, person.id_number = form.phone.data or None, form.id_number.data or None
    person.place_id = place.id
    person.household_id = household_id
    person.category = form.category.data or None
    person.needs = form.needs_list()
    person.services = list(form.services.data or [])
    db.session.flush()
    if profile is None:
        profile = g.profile_model(beneficiary_id=person.id)
        db.session.add(profile)
    profile_form.populate_obj(profile)
    db.session.flush()
    after = {**snapshot(person), **snapshot(profile, "profile.")}
    record("update" if before else "create", "beneficiary", person.id, before, after)
    db.session.commit()
    return person


def leave(group: str, person_id: int):
    """Take a person off the active ledger with a reason; the record and its history stay."""
    person = _person(group, person_id)
    g = current_plugins().group(group)
    if person.status != "active":
        flash(_("This person has already left the ledger."), "warning")
        return redirect(url_for(f"{group}.detail", person_id=person.id))
    form = LeaveForm()
    if form.validate_on_submit():
        before = snapshot(person)
        person.status, person.left_reason, person.left_on = "left", form.reason.data, form.left_on.data
        if form.note.data:
            person.notes = (person.notes + "\n" if person.notes else "") + f"{date.today()}: {form.note.data}"
        record("leave", "beneficiary", person.id, before, snapshot(person))
        db.session.commit()
        flash(_("%(name)s has left the ledger.", name=person.name), "success")
        return redirect(url_for(f"{group}.detail", person_id=person.id))
    return render_template("ledger/leave.html", group=g, person=person, form=form)


def services(group: str):
    """The group's services and visit rules, as its plugin declares them."""
    plugins = current_plugins()
    return render_template("ledger/services.html", group=plugins.group(group),
                           services=plugins.services_of(group), visit_rules=plugins.visit_rules(group))
