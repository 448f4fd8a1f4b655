"""Every group's ledger pages, mounted once under /g/<group>/: list, detail, create, edit, leave, services."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..core.audit import change_rows, changes_since
from ..core.scoping import get_or_404, scoped
from ..core.sql import by_pinyin
from ..core.time import local_today
from ..extensions import db
from ..places.models import Place, load_ancestors, subtree_ids
from ..places.picker import picker_places
from ..plugin.manager import current_plugins
from ..web.access import guard_group_pages
from ..web.numbers import id_arg, id_value
from ..web.pagination import paginate
from . import idcard
from .forms import BeneficiaryForm, LeaveForm, ReturnForm
from .history import history as person_history
from .models import Beneficiary, Household
from .records import OutsideRulesRefused, RecordRefused, StaleRecord, leave_record, profile_of, return_record, save_record
from ..places.choices import area_choices

bp = Blueprint("ledger", __name__, url_prefix="/g/<group>", template_folder="templates")


bp.before_request(guard_group_pages)


@bp.app_context_processor
def id_number_helpers():
    """An ID-card number as the signed-in user may see it: whole, masked, or only that it is recorded."""
    return {"id_shown": lambda number: idcard.shown(number, current_user)}


def _person(group: str, person_id: int, *options) -> Beneficiary:
    person = db.session.execute(scoped(Beneficiary, current_user).options(*options).where(
        Beneficiary.id == person_id, Beneficiary.group == group)).scalar_one_or_none()
    if person is None:
        abort(404)  # never a 403: nothing is told about people outside one's view
    return person


def _profiles(group: str, ids: list[int]) -> dict[int, object]:
    model = current_plugins().group(group).profile_model
    rows = db.session.execute(select(model).where(model.beneficiary_id.in_(ids))).scalars() if ids else []
    return {row.beneficiary_id: row for row in rows}


#: How the list can be sorted, by column: ?sort=<key> ascending, ?sort=-<key> descending (age: youngest first).
#: Names in pinyin order (issue 27), as the index of migration core_0008 keeps them on PostgreSQL.
SORTS = {"name": by_pinyin(Beneficiary.name), "age": Beneficiary.birth_date.desc(), "village": Place.code,
         "created": Beneficiary.created_at}
REVERSED = {"name": by_pinyin(Beneficiary.name).desc(), "age": Beneficiary.birth_date, "village": Place.code.desc(),
            "created": Beneficiary.created_at.desc()}


def sort_param(sort: str | None) -> str:
    """The list's sort as asked (a column, "-" before it for descending), or by name when it is no column."""
    sort = sort or "name"
    return sort if sort.lstrip("-") in SORTS else "name"


def _sorted(stmt, sort: str):
    """The list ordered by a column (name by default), then by name and id so that pages are stable."""
    sort = sort_param(sort)
    key = sort.lstrip("-")
    if key == "village":
        stmt = stmt.join(Place, Place.id == Beneficiary.place_id)
    column = REVERSED[key] if sort.startswith("-") else SORTS[key]
    return stmt.order_by(column, by_pinyin(Beneficiary.name), Beneficiary.id)


def ledger_statement(group: str, args, number: str = "") -> Select:
    """The group's ledger as the list shows it: the user's scope, search, place, category and status, ordered.

    The list pages it; an export (portal/transfer) writes all of it. An ID-card ``number`` comes from a
    POST, never from the URL.
    """
    stmt = scoped(Beneficiary, current_user).where(Beneficiary.group == group)
    q = args.get("q", "").strip()
    if q:
        # Digits search phones, anything else names: one column each, so that each can use its index (on
        # PostgreSQL a trigram index on name answers '%q%' without walking every name).
        column = Beneficiary.phone if q.isdigit() else Beneficiary.name
        stmt = stmt.where(column.contains(q))
    if number:
        stmt = stmt.where(Beneficiary.id_number == number)
    place_id = id_value("place", args)
    if place_id:
        place = get_or_404(Place, place_id, current_user)
        stmt = stmt.where(Beneficiary.place_id.in_(subtree_ids(place)))
    category = args.get("category", "")
    if category == "none":  # category to confirm (issue 27)
        stmt = stmt.where(Beneficiary.category.is_(None))
    elif category:
        stmt = stmt.where(Beneficiary.category == category)
    status = args.get("status", "active")
    if status in ("active", "left"):
        stmt = stmt.where(Beneficiary.status == status)
    return _sorted(stmt, args.get("sort"))


@bp.route("/", methods=["GET", "POST"])
def index(group: str):
    """The group's ledger: search, filters by place, category and status, pagination.

    An ID-card number is searched for by POST only, so that it never appears in a URL, an access log or
    the browser's history; a GET searches names and phones.
    """
    g = current_plugins().group(group)
    number = request.form.get("id_number", "").strip().upper() if request.method == "POST" else ""
    stmt = ledger_statement(group, request.args, number)
    q, place_id = request.args.get("q", "").strip(), id_arg("place")
    category, status = request.args.get("category", ""), request.args.get("status", "active")
    sort = sort_param(request.args.get("sort"))
    page = paginate(stmt.options(selectinload(Beneficiary.place)))
    load_ancestors(p.place for p in page.items)  # each row names its township
    profiles = _profiles(group, [p.id for p in page.items])
    plugins = current_plugins()
    eligibility = {p.id: plugins.eligibility(p, profiles.get(p.id)) for p in page.items}
    places = picker_places(current_user, place_id)
    return render_template("ledger/index.html", group=g, page=page, eligibility=eligibility, q=q,
                           searched_number=bool(number), place_id=place_id, category=category, status=status, places=places,
                           sort=sort, county_wide=current_user.place is None or current_user.place.level == "county")


@bp.route("/<int:person_id>")
def detail(group: str, person_id: int):
    """One person: core fields, the group's profile, eligibility, household members and history."""
    # The place (with the places above it, for its full name) and the household come with the person.
    person = _person(group, person_id, joinedload(Beneficiary.place), joinedload(Beneficiary.household))
    load_ancestors([person.place])
    g = current_plugins().group(group)
    profile = profile_of(group, person.id)
    members = []
    if person.household_id:
        members = db.session.execute(scoped(Beneficiary, current_user).where(
            Beneficiary.household_id == person.household_id, Beneficiary.id != person.id)).scalars().all()
    history = person_history(person.id, current_user)
    profile_form = g.profile_form(obj=profile, meta={"csrf": False}) if profile else None
    sections = [(s, s.context(current_user)) for s in current_plugins().person_sections(person, current_user)]
    return render_template("ledger/detail.html", group=g, person=person, profile=profile, sections=sections,
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
            .order_by(by_pinyin(Household.head_name)).limit(HOUSEHOLD_CHOICES))
    return list(db.session.execute(stmt).scalars())


@bp.route("/households")
def households(group: str):
    """The household picker's choices for a place, as JSON: the form asks again when the place changes."""
    place = get_or_404(Place, id_arg("place"), current_user)
    return jsonify([{"id": h.id, "label": str(h)} for h in _households_near(place)])


def _fill_choices(form: BeneficiaryForm, g, person: Beneficiary | None) -> None:
    form.place_id.choices = area_choices(current_user, ("village", "grid"), "full")
    # The households offered are those of the chosen village: as submitted, else the person's, else the first
    # the picker lists (places.widgets: the first of a township's).
    if not form.is_submitted() and person is None:
        form.place_id.data = form.place_id.widget.listed_first(form.place_id)
    chosen = form.place_id.data if form.is_submitted() else (person.place_id if person else form.place_id.data)
    offered = chosen in {value for value, _label in form.place_id.choices}
    place = db.session.get(Place, chosen) if offered else None
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
    whole_numbers = idcard.access(current_user) == idcard.FULL
    if person is not None and not form.is_submitted():
        if not whole_numbers:  # never sent to a role that may not read it; an empty field keeps it
            form.id_number.data = ""
        form.household_id.data = person.household_id or 0
        form.category.data = person.category or ""
        form.show_needs(person.needs)
        form.show_version(person.version)
    core_ok = form.validate_on_submit()
    profile_ok = profile_form.validate() if form.is_submitted() else False
    others, outside = [], None
    if core_ok and profile_ok:
        try:
            data = form.record_data()
            if not whole_numbers and not data["id_number"]:
                del data["id_number"]  # left out: the record keeps the number it has
            # The record service decides whether the group's rule asks for a reason (issue 26): refused
            # without one, the page asks for it and the user saves again.
            outside_reason = request.form.get("outside_rules_reason", "").strip()[:300]
            saved = save_record(current_user, group, person, data, profile_form.data, form.read_version(),
                                outside_reason=outside_reason)
            person = saved
            db.session.commit()
        except OutsideRulesRefused as refused:
            db.session.rollback()
            outside = refused.verdict
        except (RecordRefused, StaleDataError) as refused:
            db.session.rollback()
            if isinstance(refused, RecordRefused) and not isinstance(refused, StaleRecord):
                for name, message in refused.errors.items():
                    (form[name] if name in form else form.notes).errors.append(message)
            else:
                others = _others_changes(form, profile_form, person)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("ledger.detail", group=group, person_id=person.id))
    return render_template("ledger/form.html", group=g, form=form, profile_form=profile_form, person=person,
                           number_recorded=bool(person and person.id_number), whole_numbers=whole_numbers,
                           others=others, outside=outside)


def _others_changes(form: BeneficiaryForm, profile_form, person: Beneficiary) -> list:
    """What others saved since the form was read, as (entry, rows); the form now carries the new version,
    so saving again after reading them is a deliberate choice."""
    db.session.refresh(person)
    labels = {f.name: f.label.text for f in form} | {f"profile.{f.short_name}": f.label.text for f in profile_form}
    show = lambda field, value: idcard.shown(value, current_user) if field == "id_number" else value  # noqa: E731
    entries = changes_since("beneficiary", person.id, form.read_version() or 0)
    form.show_version(person.version)
    return [(e, change_rows(e, labels, show)) for e in entries]


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


@bp.route("/<int:person_id>/return", methods=["GET", "POST"])
def come_back(group: str, person_id: int):
    """A person who left is entered again, with the reason; the history keeps the leaving and the return."""
    person = _person(group, person_id)
    if person.status == "active":
        return redirect(url_for("ledger.detail", group=group, person_id=person.id))
    form = ReturnForm()
    if form.validate_on_submit():
        return_record(current_user, person, form.reason.data.strip(), local_today())
        db.session.commit()
        flash(_("%(name)s is back in the ledger.", name=person.name), "success")
        return redirect(url_for("ledger.detail", group=group, person_id=person.id))
    return render_template("ledger/return.html", group=current_plugins().group(group), person=person, form=form)


@bp.route("/services")
def services(group: str):
    """The group's services and visit rules, as its plugin declares them."""
    plugins = current_plugins()
    return render_template("ledger/services.html", group=plugins.group(group),
                           services=plugins.services_of(group), visit_rules=plugins.visit_rules_in_force(group),
                           service_names={s.key: s.name for s in plugins.services_of(group)})
