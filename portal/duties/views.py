"""Duty pages: an owner's day on a phone (and as JSON), the one-tap knock round, a contact with the family,
the coordinator's overdue list with the gaps and silent families, owners, and a person's duties."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..auth.models import User
from ..core.scoping import get_or_404, scoped, visible
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..places.picker import picker_places
from ..plugin.manager import current_plugins
from ..web.access import COORDINATORS, STAFF, roles_required
from ..web.numbers import id_arg, parse_id
from ..web.pagination import database_page, paginate
from .forms import ContactForm, OwnerForm, PersonOwnerForm, RoundForm
from .kept import kept
from .day import SECTIONS, my_day, section_rows, section_totals, week_until
from .lists import Filters, overdue_key, overdue_page, person_duties
from .models import DutyDue, DutyOwner, FamilyContact
from .owners import OwnerRefused, assign, gap_count, gaps, owners_in, release
from .rules import OWNER_LABELS, PLACE_OWNERS, rule_index
from ..places.choices import area_choices
from .scopes import owned_by

bp = Blueprint("duties", __name__, url_prefix="/duties", template_folder="templates")
STAFF_ROLES = STAFF
PER_PAGE = 50
#: The gaps with the most households the overdue list shows (all are on the owners page, up to GAPS_LISTED).
GAPS_SHOWN = 20
GAPS_LISTED = 500
#: The overdue list's arguments whose rendered page is kept for every worker (``owner`` is free text).
KEPT_ARGS = frozenset({"place", "group", "duty", "role", "unowned"})


#: The rows of each section an owner's day shows (the rest are on the section's own page).
DAY_SHOWN = 10


@bp.route("/mine")
@login_required
def mine():
    """The duties the signed-in user owns: overdue, today, this week (the first rows of each, with how many in
    all); knock rounds one tap each."""
    return render_template("duties/mine.html", day=my_day(current_user, shown=DAY_SHOWN), round_form=RoundForm(),
                           sections=_section_titles())


def _section_titles() -> dict[str, str]:
    return {"overdue": _("Overdue"), "today": _("Due today"), "week": _("This week")}


@bp.route("/mine/<section>")
@login_required
def mine_section(section: str):
    """One section of the user's day whole, a page at a time."""
    if section not in SECTIONS:
        abort(404)
    today = local_today()
    until = week_until(today)
    items = database_page(section_totals(current_user, today, until)[section],
                          lambda limit, offset: section_rows(current_user, section, today, until, limit, offset))
    return render_template("duties/mine_section.html", items=items, section=section,
                           title=_section_titles()[section], today=today)


@bp.route("/mine.json")
@login_required
def mine_json():
    """The same day as data, for a phone to keep (offline use)."""
    return jsonify(my_day(current_user).as_json())


def _owned_or_visible(stmt_where) -> bool:
    return db.session.execute(select(func.count()).select_from(DutyDue).where(stmt_where)).scalar_one() > 0


@bp.route("/rounds/<int:place_id>", methods=["POST"])
@login_required
def knock_round(place_id: int):
    """Today's knock round of a grid, done in one tap by its owner (or a coordinator of the area)."""
    mine = _owned_or_visible((DutyDue.place_id == place_id) & (DutyDue.action == "knock") &
                             (owned_by(current_user) |
                              (visible(DutyDue, current_user) if current_user.role in STAFF_ROLES else False)))
    if not mine:
        abort(404)
    form = RoundForm()
    if not form.validate_on_submit():
        abort(400)
    from .services import record_round
    record_round(current_user, place_id, local_today(), form.doors.data, form.found.data or "")
    db.session.commit()
    flash(_("Knock round recorded."), "success")
    return redirect(url_for("duties.mine"))


def _person_for_duty(person_id: int) -> Beneficiary:
    """A person the user may see, or one whose duty the user owns."""
    owned = _owned_or_visible((DutyDue.beneficiary_id == person_id) & owned_by(current_user))
    if owned:
        person = db.session.get(Beneficiary, person_id)
        if person is not None:
            return person
    return get_or_404(Beneficiary, person_id, current_user)


@bp.route("/contact/<int:person_id>", methods=["GET", "POST"])
@login_required
def contact(person_id: int):
    """Record a contact with the person's absent family (001: monthly; phone, text or online)."""
    person = _person_for_duty(person_id)
    form = ContactForm()
    if form.validate_on_submit():
        from .services import record_contact
        record_contact(current_user, person, {"contacted_on": form.contacted_on.data, "who": form.who.data.strip(),
                                              "how": form.how.data, "said": form.said.data or ""})
        db.session.commit()
        flash(_("Contact with %(name)s's family recorded.", name=person.name), "success")
        return redirect(url_for("duties.mine"))
    contacts = db.session.execute(select(FamilyContact).where(FamilyContact.beneficiary_id == person.id)
                                  .order_by(FamilyContact.contacted_on.desc()).limit(12)).scalars().all()
    return render_template("duties/contact.html", form=form, person=person, contacts=contacts)


def _filters() -> tuple[Filters, dict]:
    args = request.args
    place_id = id_arg("place")
    place = get_or_404(Place, place_id, current_user) if place_id else None
    group = args.get("group", "")
    group = group if group in current_plugins().groups else None
    duty = args.get("duty", "")
    duty = duty if duty in rule_index() or any(k.startswith(duty + ":") for k in rule_index()) else None
    role = args.get("role", "")
    role = role if role in OWNER_LABELS else None
    owner_name = args.get("owner", "").strip()
    owner_id = None
    if owner_name:
        owner_id = db.session.execute(select(User.id).where(User.username == owner_name)).scalar_one_or_none() or -1
    chosen = {"place": place.id if place else None, "group": group or "", "duty": duty or "", "role": role or "",
              "owner": owner_name, "unowned": bool(args.get("unowned"))}
    return Filters(place, group, duty, owner_id, role, chosen["unowned"]), chosen


def _duty_choices() -> list[tuple[str, str]]:
    seen, out = set(), []
    for key, (rule, _holiday) in rule_index().items():
        base = key.split(":")[0]
        if current_user.role == "staff" and rule.group != current_user.group:
            continue
        if base not in seen:
            seen.add(base)
            out.append((base, f"{rule.name} ({current_plugins().group(rule.group).name})"))
    return out


def _cursor() -> tuple | None:
    """The overdue list's keyset cursor ``after`` (due day.person id.duty of the last row shown), or a 400
    naming the field."""
    raw = request.args.get("after", "")
    if not raw:
        return None
    day, _dot, rest = raw.partition(".")
    pid, _dot, duty = rest.partition(".")
    try:
        when = date.fromisoformat(day)
    except ValueError:
        when = None
    person_id = parse_id(pid)
    if when is None or not date(1900, 1, 1) <= when <= date(2100, 12, 31) or person_id is None or not duty \
            or len(duty) > 64:
        abort(400, description=_("%(name)s: this is not a place in the list.", name="after"))
    return when, person_id, duty


@bp.route("/overdue")
@roles_required(*STAFF_ROLES)
def overdue():
    """The overdue duties in the user's area by village, duty, owner and group, the gaps and the silent families.
    The counts come from the kept counts (a few rows per village); the list is paged by keyset on the due
    table's (due day, person, duty) index."""
    filters, chosen = _filters()
    after = _cursor()
    today = local_today()
    args = {k: v for k, v in request.args.items() if k not in ("after", "page")}
    # the page's content is the same for everyone with the same view and query: rendered once, kept for every
    # worker under the generation of the kept lists (portal.duties.kept), as its data is
    # (only for the list's own arguments, and no owner's name as typed: no one fills the table with keys by
    # inventing arguments; such a view renders its own, from the kept data)
    if set(args) <= KEPT_ARGS:
        what = (*overdue_key(current_user, filters, after, PER_PAGE, GAPS_SHOWN, today), tuple(sorted(args.items())))
        html = kept("overdue-html", what, lambda: {"html": _overdue_content(filters, chosen, after, args, today)})["html"]
    else:
        html = _overdue_content(filters, chosen, after, args, today)
    return render_template("duties/overdue.html", content=Markup(html))


def _overdue_content(filters: Filters, chosen: dict, after, args: dict, today: date) -> str:
    page = overdue_page(current_user, filters, after, PER_PAGE, GAPS_SHOWN, today)
    rows, counts = page["rows"], page["counts"]
    next_url = url_for("duties.overdue", **args, after=f"{rows[-1].due_on.isoformat()}.{rows[-1].person_id}."
                                                          f"{rows[-1].duty}") if page["more"] else None
    first_url = url_for("duties.overdue", **args) if after is not None else None
    groups = [g for g in current_plugins().groups.values()
              if current_user.role != "staff" or g.code == current_user.group]
    names = {code: g.name for code, g in current_plugins().groups.items()}
    counts["group"] = [(names.get(code, code), n) for code, n in counts["group"]]
    return render_template("duties/_overdue.html", rows=rows, total=page["total"], next_url=next_url,
                           first_url=first_url, today=today, chosen=chosen, counts=counts, gaps=page["gaps"],
                           gaps_total=page["gaps_total"], silent=page["silent"], findings=page["findings"],
                           places=picker_places(current_user, chosen["place"]), groups=groups,
                           duties=_duty_choices(), roles=OWNER_LABELS)


@bp.route("/owners", methods=["GET", "POST"])
@roles_required(*COORDINATORS)
def owners():
    """Who owns which duties: area cadres, grid workers, township cadres, class teachers; and the gaps."""
    form = OwnerForm()
    form.role.choices = [(r, str(label)) for r, label in OWNER_LABELS.items() if r != "helper"]
    form.place.choices = [("", "—")] + area_choices(current_user, sorted(set(PLACE_OWNERS.values())))
    if form.validate_on_submit():
        user = db.session.execute(select(User).where(User.username == form.username.data.strip(),
                                                     User.active.is_(True))).scalar_one_or_none()
        place = db.session.get(Place, form.place.data) if form.place.data else None   # one of the choices: in scope
        if user is None:
            form.username.errors = [_("No such user.")]
        else:
            try:
                assign(current_user, form.role.data, user, place=place, unit=form.unit.data)
            except OwnerRefused:
                form.place.errors = [_("This role is given for a place at another level, or a class by its name.")]
            else:
                db.session.commit()
                flash(_("%(name)s now owns these duties.", name=user.display_name), "success")
                return redirect(url_for("duties.owners"))
    return render_template("duties/owners.html", form=form, owners=paginate(owners_in(visible(DutyOwner, current_user))),
                           gaps=gaps(current_user, GAPS_LISTED), gaps_total=gap_count(current_user), roles=OWNER_LABELS)


@bp.route("/owners/<int:owner_id>/release", methods=["POST"])
@roles_required(*COORDINATORS)
def release_owner(owner_id: int):
    row = get_or_404(DutyOwner, owner_id, current_user)
    release(current_user, row)
    db.session.commit()
    flash(_("The duties have no owner now."), "success")
    return redirect(url_for("duties.owners"))


def _person_duty_choices(person_id: int) -> list[tuple[str, str]]:
    """The rules a person has duties of (a holiday rule once), as (rule key, name) choices."""
    index = rule_index()
    keys = db.session.execute(select(DutyDue.duty).where(DutyDue.beneficiary_id == person_id)
                              .order_by(DutyDue.duty)).scalars().all()
    out: dict[str, str] = {}
    for key in keys:
        rule, _holiday = index.get(key, (None, None))
        if rule is not None:
            out.setdefault(rule.key, f"{rule.name} ({OWNER_LABELS.get(rule.owner, rule.owner)})")
    return list(out.items())


def _person_page(p: Beneficiary, form: PersonOwnerForm | None, status: int = 200):
    mine = db.session.execute(select(DutyOwner).where(DutyOwner.beneficiary_id == p.id)
                              .order_by(DutyOwner.duty)).scalars().all()
    return render_template("duties/person.html", person=p, items=person_duties(p.id), today=local_today(),
                           form=form, own_owners=mine, names={k: n for k, n in _person_duty_choices(p.id)}), status


@bp.route("/person/<int:person_id>")
@login_required
def person(person_id: int):
    """Every duty of a person: owner, last done, next due; for a coordinator, a form giving one duty an owner
    of its own."""
    p = _person_for_duty(person_id)
    form = None
    if current_user.role in COORDINATORS and db.session.execute(
            scoped(Beneficiary, current_user).where(Beneficiary.id == p.id)).first() is not None:
        form = PersonOwnerForm()
        form.duty.choices = [("", "—")] + _person_duty_choices(p.id)
    return _person_page(p, form)


@bp.route("/person/<int:person_id>/owner", methods=["POST"])
@roles_required(*COORDINATORS)
def person_owner(person_id: int):
    """Give one duty of a person an owner of their own (a coordinator whose area the person lives in)."""
    p = get_or_404(Beneficiary, person_id, current_user)
    form = PersonOwnerForm()
    choices = _person_duty_choices(p.id)
    form.duty.choices = [("", "—")] + choices
    if form.validate_on_submit():
        rule = dict((r.key, r) for r, _h in rule_index().values()).get(form.duty.data)
        user = db.session.execute(select(User).where(User.username == form.username.data.strip(),
                                                     User.active.is_(True))).scalar_one_or_none()
        if rule is None or form.duty.data not in dict(choices):
            form.duty.errors = [_("This person has no such duty.")]
        elif user is None:
            form.username.errors = [_("No such user.")]
        else:
            assign(current_user, rule.owner, user, person=p, duty=rule.key)
            db.session.commit()
            flash(_("%(name)s now owns this duty of %(person)s.", name=user.display_name, person=p.name), "success")
            return redirect(url_for("duties.person", person_id=p.id))
    return _person_page(p, form)


@bp.route("/person/<int:person_id>/owner/<int:owner_id>/release", methods=["POST"])
@roles_required(*COORDINATORS)
def release_person_owner(person_id: int, owner_id: int):
    """The person's own owner of a duty released: the place's or class's owner has it again."""
    p = get_or_404(Beneficiary, person_id, current_user)
    row = get_or_404(DutyOwner, owner_id, current_user, DutyOwner.beneficiary_id == p.id)
    release(current_user, row)
    db.session.commit()
    flash(_("The duty is owned by the place's owner again."), "success")
    return redirect(url_for("duties.person", person_id=p.id))
