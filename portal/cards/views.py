"""The cards pages: what to print, one card from a person's or pairing's page, batches for a place."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..assignment.ending import flagged_ids
from ..assignment.models import Pairing
from ..core.scoping import get_or_404, scoped
from ..extensions import db
from ..ledger.models import Beneficiary, Household
from ..ledger.records import profile_of
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..web.access import COORDINATORS, STAFF, roles_required
from ..web.numbers import id_arg
from .batches import MAX_BATCH, PAIRING_CARD_ROWS, helpers_of, households_of, pairings_of, people_for_card
from .blueprint import bp
from .contacts import contacts_for, contacts_for_places
from .sheets import Card, card, document_response, layout_from, render_sheet
from ..places.choices import area_places, place_choices
from ..places.picker import picker_places


def places_to_print(chosen_id: int | None = None) -> list[tuple[int, str]]:
    """(id, label) of the places a user may pick for a batch, in tree order: the area's county and townships, and
    the villages of the user's township or of the one holding ``chosen_id`` (a county's 1,500 villages in each of
    the page's five pickers made 615 KB: issue 32). No grids: a batch is for a village or more."""
    own = current_user.place
    if own is not None and own.level not in ("county", "township"):  # a village's user: their village
        return place_choices(area_places(current_user, ("village",)))
    return place_choices(picker_places(current_user, chosen_id))


def groups_of_user() -> dict:
    """The groups whose cards the user prints: staff their own, coordinators and admins all."""
    groups = current_plugins().groups
    return {current_user.group: groups[current_user.group]} if current_user.role == "staff" else dict(groups)


def place_asked() -> Place | None:
    """The place named by ``?place=``, if the user may see it; None (after a message) when missing or wrong."""
    place_id = id_arg("place")
    if place_id is None:
        flash(_("Choose a village or a township first."), "error")
        return None
    place = db.session.execute(scoped(Place, current_user).where(Place.id == place_id)).scalar_one_or_none()
    if place is None:
        flash(_("That place is not in your area."), "error")
    return place


#: Places whose PDF is made here, in the request; beyond them (a township, a county) on the queue (issue 32:
#: a township's 1,400 cards took 75 s, past gunicorn's 30).
PDF_HERE = ("village", "grid")


def queued_pdf(place: Place, title: str):
    """Beyond a village, the PDF asked for (``?format=pdf``) is made on the queue: a redirect to its page (the
    progress bar, then the download), or None when it is made here (a village; HTML; a worker making it)."""
    from ..background.files import making_file, start_file_job
    if request.args.get("format") != "pdf" or place.level in PDF_HERE or making_file():
        return None
    job = start_file_job(current_user, "cards.make_pdf", title, f"{title}.pdf", "application/pdf")
    flash(_("The PDF of %(place)s is being made: this page shows how far it is, and the bell tells you when it is "
            "ready.", place=place.name), "info")
    return redirect(url_for("files.detail", job_id=job.id))


def make_pdf(job_id: int) -> None:
    """The queue's task: the sheet the user asked for, rendered as they would see it, as a PDF."""
    from ..background.files import page_html, run_file_job
    from .pdf import pdf_of

    def make(job, progress):
        html = page_html()
        progress(30)
        return pdf_of(html, request.url_root)
    run_file_job(job_id, make)


def warn_if_cut(rows: list) -> list:
    """A batch stops at MAX_BATCH cards: say so, rather than leave families out silently."""
    if len(rows) >= MAX_BATCH:
        flash(_("Only the first %(n)d cards are here: print village by village.", n=MAX_BATCH), "warning")
    return rows


@bp.route("/")
@roles_required(*STAFF)
def index():
    """What can be printed: batches per place, the policy cards and the service list."""
    chosen = id_arg("place")
    return render_template("cards/index.html", places=places_to_print(chosen), chosen=chosen, groups=groups_of_user(),
                           card_types=[c for c in current_plugins().card_types().values()
                                       if c.group in groups_of_user()],
                           can_edit_contacts=current_user.role in COORDINATORS)


# --- contact cards (便民服务联系卡) ------------------------------------------------------------------

def contact_cards(households: list[Household]) -> list[Card]:
    """A contact card per household, from rows read in a few statements (households, helpers, contacts)."""
    helpers = helpers_of(current_user, households)
    contacts = contacts_for_places({h.place_id: h.place for h in households}.values())
    return [Card("contact_card", {"household": h, "contacts": contacts[h.place_id], "helpers": helpers.get(h.id, [])})
            for h in households]


@bp.route("/household/<int:household_id>")
@roles_required(*STAFF)
def household(household_id: int):
    h = get_or_404(Household, household_id, current_user)
    return render_sheet(_("Contact card"), contact_cards([h]), "medium", layout_from(request.args.get("layout")),
                        back=request.referrer)


@bp.route("/batch/contacts")
@roles_required(*STAFF)
def contacts_batch():
    place = place_asked()
    if place is None:
        return redirect(url_for("cards.index"))
    title = _("Contact cards: %(place)s", place=place.name)
    queued = queued_pdf(place, title)
    if queued is not None:
        return queued
    cards = contact_cards(warn_if_cut(households_of(current_user, place)))
    return render_sheet(title, cards, "medium",
                        layout_from(request.args.get("layout")), back=url_for("cards.index"))


# --- pairing cards (帮扶联系卡), two copies each ----------------------------------------------------

def pairing_cards(pairings: list[Pairing]) -> list[Card]:
    """Two cards per pairing (the family's and the helper's), the pairings read with ``CARD_ROWS``."""
    services, groups = current_plugins().services, current_plugins().groups
    flags = flagged_ids([p.id for p in pairings])  # the helper's check lapsed on work with a minor (issue 27)
    return [Card("pairing_card", {"pairing": p, "person": p.beneficiary, "helper": p.volunteer, "copy": copy,
                                  "service": services.get(p.service), "group": groups.get(p.beneficiary.group),
                                  "flagged": p.id in flags})
            for p in pairings for copy in ("family", "helper")]


@bp.route("/pairing/<int:pairing_id>")
@login_required
def pairing(pairing_id: int):
    p = get_or_404(Pairing, pairing_id, current_user, Pairing.status == "active")
    back = url_for("mine.pairings") if current_user.role == "volunteer" else request.referrer
    return render_sheet(_("Pairing card"), pairing_cards([p]), "medium", layout_from(request.args.get("layout")),
                        back=back)


@bp.route("/batch/pairings")
@login_required
def pairings_batch():
    """A place's pairing cards; a volunteer's batch is their own pairings, wherever the people live."""
    if current_user.role == "volunteer":
        rows = db.session.execute(scoped(Pairing, current_user).where(Pairing.status == "active")
                                  .options(*PAIRING_CARD_ROWS).order_by(Pairing.id)).scalars().all()
        return render_sheet(_("My pairing cards"), pairing_cards(rows), "medium",
                            layout_from(request.args.get("layout")), back=url_for("mine.pairings"))
    place = place_asked()
    if place is None:
        return redirect(url_for("cards.index"))
    group = request.args.get("group") or None
    if group is not None and group not in groups_of_user():
        abort(404)
    title = _("Pairing cards: %(place)s", place=place.name)
    queued = queued_pdf(place, title)
    if queued is not None:
        return queued
    return render_sheet(title,
                        pairing_cards(warn_if_cut(pairings_of(current_user, place, group))), "medium",
                        layout_from(request.args.get("layout")), back=url_for("cards.index"))


# --- cards the group plugins declare (the lost-elder card, 防走失卡) --------------------------------

def card_type_or_404(key: str):
    card_type = current_plugins().card_types().get(key)
    if card_type is None:
        abort(404)
    return card_type


def person_card(card_type, person: Beneficiary, profile) -> object:
    return card(card_type.template, person=person, profile=profile, contacts=contacts_for(person.place),
                **card_type.context(person, profile))


@bp.route("/person/<int:person_id>/<key>")
@roles_required(*STAFF)
def person(person_id: int, key: str):
    card_type = card_type_or_404(key)
    p = get_or_404(Beneficiary, person_id, current_user, Beneficiary.group == card_type.group)
    return render_sheet(card_type.name, [person_card(card_type, p, profile_of(p.group, p.id))], card_type.size,
                        layout_from(request.args.get("layout")), back=request.referrer)


@bp.route("/batch/people/<key>")
@roles_required(*STAFF)
def people_batch(key: str):
    card_type = card_type_or_404(key)
    if card_type.group not in groups_of_user():
        abort(404)
    place = place_asked()
    if place is None:
        return redirect(url_for("cards.index"))
    title = f"{card_type.name}: {place.name}"
    queued = queued_pdf(place, title)
    if queued is not None:
        return queued
    cards = [person_card(card_type, p, profile) for p, profile in people_for_card(current_user, card_type, place)]
    return render_sheet(title, cards, card_type.size,
                        layout_from(request.args.get("layout")), back=url_for("cards.index"))


# --- the published service list (关爱服务清单, 001) ---------------------------------------------------

@bp.route("/services")
@roles_required(*STAFF)
def service_list():
    """The services each group offers and how often people are visited, for a place's notice board."""
    place = place_asked()
    if place is None:
        return redirect(url_for("cards.index"))
    plugins = current_plugins()
    wanted = request.args.get("group") or None
    groups = {code: g for code, g in groups_of_user().items() if wanted in (None, code)}
    if not groups:
        abort(404)
    html = render_template("cards/service_list.html", place=place, contacts=contacts_for(place),
                           sections=[(g, plugins.services_of(code), plugins.visit_rules(code))
                                     for code, g in groups.items()])
    return document_response(f"{place.name} · {_('Care service list')}", html)  # ?format=pdf: a PDF (issue 27)

