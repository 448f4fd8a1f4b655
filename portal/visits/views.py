"""Visit pages: a helper's to-do, the phone-first log form, a person's visits, the overdue list, photos."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..assignment.models import Pairing
from ..core.scoping import get_or_404
from ..core.texts import vocabularies
from ..core.time import from_local, local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..places.picker import picker_places
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from ..web.access import STAFF, VOLUNTEERS, roles_required
from ..web.numbers import id_arg, id_value
from ..web.redirects import safe_next
from ..web.uploads import upload_limits
from .blueprint import bp
from .campaigns import holidays_in_use
from .due import RISK_LEVELS, Filters, schedule
from .forms import VisitForm
from .lists import SORTS, helpers_with_overdue, open_follow_ups, overdue_list, person_visits, todo
from .log import close_follow_up, log_visit, risk_of, set_risk_level
from .models import FollowUp, Visit, VisitPhoto
from .photos import PhotoRefused, check_all, max_bytes, max_photos, path_of
from ..core.sql import by_pinyin, pinyin_key


def _person(person_id: int) -> Beneficiary:
    return get_or_404(Beneficiary, person_id, current_user)


@bp.route("/mine", endpoint="todo")
@roles_required(*VOLUNTEERS)
def todo_page():
    """A volunteer's visits to make, by due date, and the follow-ups still open."""
    return render_template("visits/todo.html", rows=todo(current_user), today=local_today(),
                           follow_ups=open_follow_ups(current_user))


def _targets(person: Beneficiary | None) -> list[tuple[str, str]]:
    """The (person, rule) pairs the form offers: one's own to-do, or the chosen person's rules."""
    if current_user.role == "volunteer":
        me = Filters(volunteer_id=_my_volunteer_id())
        rows = schedule(scoped_people(), me)
    elif person is not None:
        rows = schedule(Beneficiary.id == person.id)
    else:
        # Staff name the person first (``_people_found``): the county's 200 most overdue were one 1.2 s statement
        # on every GET and POST of the form (issue 32), and a person beyond them could not be chosen.
        rows = []
    choices, seen = [], set()
    for r in rows:
        rule = "" if r.rule.code == "risk" else r.rule.code
        key = f"{r.person_id}:{rule}"
        if key not in seen:
            seen.add(key)
            due = _("due %(day)s", day=r.due)
            choices.append((key, f"{r.name} · {r.rule.name} · {due}"))
    if person is not None and current_plugins().pm.has_plugin("duties"):  # duties done by a visit or a talk
        from ..duties.lists import person_duties
        for item in person_duties(person.id):
            key = f"{person.id}:{item.rule_code}"
            if item.action in ("visit", "talk") and key not in seen:
                seen.add(key)
                choices.append((key, f"{person.name} · {item.duty_name} · {_('due %(day)s', day=item.due_on)}"))
    if person is not None and f"{person.id}:" not in seen:
        other = _("other visit")
        choices.append((f"{person.id}:", f"{person.name} · {other}"))
    return choices


def scoped_people():
    from ..core.scoping import visible
    return visible(Beneficiary, current_user)


def _my_volunteer_id() -> int:
    vid = db.session.execute(select(Volunteer.id).where(Volunteer.user_id == current_user.id)).scalar_one_or_none()
    if vid is None:
        abort(404)
    return vid


#: At most this many people answer a search of the visit form.
PEOPLE_FOUND = 20


def _people_found(q: str) -> list:
    """Staff choosing whom they visited: active people in view whose name (or phone, for digits) holds ``q``,
    by pinyin, at most PEOPLE_FOUND; read with the name's trigram index on PostgreSQL like the ledger's search."""
    if not q:
        return []
    column = Beneficiary.phone if q.isdigit() else Beneficiary.name
    return db.session.execute(
        select(Beneficiary.id, Beneficiary.name, Place.name.label("place")).join(Place, Place.id == Beneficiary.place_id)
        .where(scoped_people(), Beneficiary.status == "active", column.contains(q))
        .order_by(by_pinyin(Beneficiary.name), Beneficiary.id).limit(PEOPLE_FOUND)).all()


def _helper_choices(person_ids: set[int]) -> list[tuple[int, str]]:
    """The volunteers paired with the people offered: those who may be named as having come."""
    if not person_ids:
        return []
    rows = db.session.execute(select(Volunteer.id, Volunteer.name).join(Pairing, Pairing.volunteer_id == Volunteer.id)
                              .where(Pairing.status == "active", Pairing.beneficiary_id.in_(person_ids))
                              .distinct()).all()
    return sorted(((vid, name) for vid, name in rows), key=lambda row: pinyin_key(row[1]))  # bounded: by pinyin


def _fill(form: VisitForm, person: Beneficiary | None) -> None:
    form.target.choices = _targets(person)
    form.mode.choices = vocabularies().choices("visit_modes")
    groups = {person.group} if person is not None else None
    form.occasion.choices = [("", _("(not a holiday visit)"))] + [(h.code, str(h.label)) for h in
                                                                  holidays_in_use(list(groups) if groups else None)]
    ids = {int(key.split(":")[0]) for key, _label in form.target.choices}
    form.helpers.choices = _helper_choices(ids)


def _chosen(form: VisitForm) -> tuple[Beneficiary, str | None]:
    pid, _sep, rule = form.target.data.partition(":")
    person = _person(int(pid))
    if person.status != "active":
        abort(404)
    rules = {r.code for r in current_plugins().visit_rules_tracked(person.group)}
    if current_plugins().pm.has_plugin("duties"):  # a duty done by a visit or a talk names its rule too
        from ..duties.rules import rules_in_force
        rules |= {r.code for r in rules_in_force(person.group) if r.action in ("visit", "talk")}
    return person, (rule if rule in rules else None)


@bp.route("/new", methods=["GET", "POST"])
@login_required
@upload_limits(file_bytes=max_bytes, body_bytes=lambda: max_photos() * max_bytes() + 1024 * 1024)
def new():
    """Log a visit: one column, large targets; the date and time default to now."""
    person_id = id_arg("person")
    person = _person(person_id) if person_id else None
    form = VisitForm()
    _fill(form, person)
    if not form.is_submitted():
        wanted = f"{person.id}:{request.args.get('rule', '')}" if person else ""
        if wanted in dict(form.target.choices):
            form.target.data = wanted
        if request.args.get("occasion") in dict(form.occasion.choices):
            form.occasion.data = request.args["occasion"]
        form.mode.data = "home"
    if form.validate_on_submit():
        chosen, rule = _chosen(form)
        try:
            photos = check_all(request.files.getlist(form.photos.name))
        except PhotoRefused as refused:
            form.photos.errors = [str(refused)]
        else:
            helpers = _helpers_for(chosen, form.helpers.data or [])
            visit = log_visit(current_user, chosen, {
                "visited_at": from_local(form.visited_at.data), "mode": form.mode.data, "rule": rule,
                "occasion": form.occasion.data or None, "spoke_to": form.spoke_to.data.strip(),
                "relation": form.relation.data, "findings": form.findings(),
                "parents_contact_on": form.parents_contact_on.data, "close_attention": form.close_attention.data,
                "other_visitors": form.other_visitors.data, "notes": form.notes.data},
                helpers=helpers, photos=photos,
                follow_ups=[{"what": (form.follow_up_what.data or "").strip(), "who": form.follow_up_who.data,
                             "due_on": form.follow_up_due.data}])
            db.session.commit()
            flash(_("Visit to %(name)s recorded.", name=chosen.name), "success")
            return redirect(url_for("visits.person", person_id=visit.beneficiary_id))
    asks_parents = any(current_plugins().settings(g).get("visit_asks_parents_contact")
                       for g in current_plugins().groups)
    # A refused photo is a 400 naming the field, the rest of the form kept (issue 26).
    status = 400 if form.photos.errors else 200
    finding = person is None and current_user.role != "volunteer"
    q = request.args.get("q", "").strip()[:50]
    return render_template("visits/form.html", form=form, person=person, asks_parents=asks_parents, finding=finding,
                           q=q, found=_people_found(q) if finding else [], found_max=PEOPLE_FOUND), status


def _helpers_for(person: Beneficiary, ids: list[int]) -> list[Volunteer]:
    """The volunteers named as having come, among those paired with the person; a volunteer logging is one."""
    allowed = {vid for vid, _name in _helper_choices({person.id})}
    chosen = [i for i in ids if i in allowed]
    if current_user.role == "volunteer":
        chosen.insert(0, _my_volunteer_id())
    return list(db.session.execute(select(Volunteer).where(Volunteer.id.in_(chosen))).scalars()) if chosen else []


@bp.route("/person/<int:person_id>")
@login_required
def person(person_id: int):
    """A person's visits: the next due date per rule, open follow-ups, the history, the risk level."""
    p = _person(person_id)
    return render_template("visits/person.html", person=p, due=schedule(Beneficiary.id == p.id), today=local_today(),
                           visits=person_visits(current_user, p.id, limit=200),
                           follow_ups=open_follow_ups(current_user, p.id), risk_levels=RISK_LEVELS, risk=risk_of(p),
                           may_set_risk=current_user.role in STAFF)


@bp.route("/person/<int:person_id>/risk", methods=["POST"])
@roles_required(*STAFF)
def risk(person_id: int):
    p = _person(person_id)
    level = request.form.get("level", "")
    if level not in RISK_LEVELS:
        flash(_("Risk level: choose high, key or general."), "error")
    else:
        set_risk_level(current_user, p, level)
        db.session.commit()
        flash(_("Risk level saved."), "success")
    return redirect(url_for("visits.person", person_id=p.id))


@bp.route("/<int:visit_id>")
@login_required
def detail(visit_id: int):
    visit = get_or_404(Visit, visit_id, current_user)
    return render_template("visits/visit.html", visit=visit)


@bp.route("/photos/<int:photo_id>")
@login_required
def photo(photo_id: int):
    """A visit photo, only for those who may see the person; never cached by shared caches."""
    found = get_or_404(VisitPhoto, photo_id, current_user)
    response = send_file(path_of(found), mimetype=found.content_type, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/follow-ups/<int:follow_up_id>/done", methods=["POST"])
@login_required
def follow_up_done(follow_up_id: int):
    item = get_or_404(FollowUp, follow_up_id, current_user)
    if item.done_on is None:
        close_follow_up(current_user, item, local_today())
        db.session.commit()
        flash(_("Follow-up done."), "success")
    return redirect(safe_next(request.form.get("next"), url_for("visits.person", person_id=item.beneficiary_id)))


def _filters() -> tuple[Filters, dict]:
    """The overdue list's filters from the query string; an unknown value is ignored, never a 500."""
    args = request.args
    place_id = id_value("place", args)
    place = get_or_404(Place, place_id, current_user) if place_id else None
    group = args.get("group", "")
    group = group if group in current_plugins().groups else None
    risk_level = args.get("risk", "")
    risk_level = risk_level if risk_level in RISK_LEVELS else None
    helper = id_value("helper", args)
    sort = args.get("sort", "due")
    chosen = {"place": place.id if place else None, "group": group or "", "risk": risk_level or "",
              "helper": helper, "sort": sort if sort in SORTS else "due"}
    return Filters(place=place, group=group, volunteer_id=helper, risk=risk_level), chosen


#: The overdue list's helper picker lists at most this many helpers (else: choose a place first).
HELPERS_LISTED = 200


@bp.route("/overdue")
@roles_required(*STAFF)
def overdue():
    """The overdue visits in the user's area: by village, group, helper and risk; sortable; paginated."""
    filters, chosen = _filters()
    # Sorted, counted and paged by the database; the place filter lists townships and the chosen one's villages.
    page = overdue_list(current_user, filters, chosen["sort"])
    helpers = helpers_with_overdue(current_user, filters)
    # A county has thousands of helpers with overdue visits: a picker of them all was most of the page (530 KB,
    # 0.7 s of rendering); beyond HELPERS_LISTED a place narrows the picker first.
    helpers_in_view = len(helpers)
    if helpers_in_view > HELPERS_LISTED:
        helpers = [h for h in helpers if h[0] == chosen["helper"]] if chosen["helper"] is not None else []
    places = picker_places(current_user, chosen["place"])
    groups = [g for g in current_plugins().groups.values()
              if current_user.role != "staff" or g.code == current_user.group]
    return render_template("visits/overdue.html", page=page, today=local_today(),
                           chosen=chosen, places=places, groups=groups, helpers=helpers,
                           helpers_in_view=helpers_in_view, helpers_listed=HELPERS_LISTED, risk_levels=RISK_LEVELS,
                           sorts=SORTS)

