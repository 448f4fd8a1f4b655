"""The editors: a place's contacts (coordinators, their area) and a group's policy card (its staff)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..assignment.models import Pairing
from ..core.scoping import get_or_404
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..web.access import COORDINATORS, STAFF, roles_required
from ..web.numbers import id_arg, id_value, int_value
from .blueprint import bp
from .contacts import ROLES, contacts_for, own_contacts, remove_contact, save_contact
from .forms import ContactForm, PolicyCardForm
from .models import Contact
from .policy import own_policy_card, policy_card_for, save_policy_card
from .sheets import card, layout_from, render_sheet
from .views import groups_of_user, places_to_print

COPIES = (1, 2, 4, 8, 12, 20, 40)


def _place_or_own(place_id: int | None):
    """The place picked, if in the user's view; else the user's own place (the top of the tree for an admin)."""
    if place_id is not None:
        return get_or_404(Place, place_id, current_user)
    if current_user.place is not None:
        return current_user.place
    places = places_to_print()
    if not places:
        abort(404)
    return get_or_404(Place, places[0][0], current_user)


@bp.route("/contacts", methods=["GET", "POST"])
@roles_required(*COORDINATORS)
def contacts():
    """A place's contacts: its own, and those it inherits from above or from the national numbers."""
    place = _place_or_own(id_value("place"))
    form = ContactForm()
    if form.validate_on_submit():
        save_contact(current_user, place, form.role.data, form.name.data.strip(), form.phone.data.strip())
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("cards.contacts", place=place.id))
    return render_template("cards/contacts.html", place=place, form=form, roles=ROLES, own=own_contacts(place),
                           effective=contacts_for(place), places=places_to_print(place.id))


@bp.route("/contacts/<int:contact_id>/remove", methods=["POST"])
@roles_required(*COORDINATORS)
def remove(contact_id: int):
    contact = get_or_404(Contact, contact_id, current_user)
    place = get_or_404(Place, contact.place_id, current_user)  # read from above, removed only in one's own area
    remove_contact(current_user, contact)
    db.session.commit()
    flash(_("Removed: the contact from above applies again."), "success")
    return redirect(url_for("cards.contacts", place=place.id))


def _group_or_404(group: str):
    groups = groups_of_user()
    if group not in groups:
        abort(404)
    return groups[group]


def policy_card_html(g, place, data) -> object:
    return card("cards/policy_card.html", group=g, place=place, card=data, contacts=contacts_for(place))


@bp.route("/policy/<group>", methods=["GET", "POST"])
@roles_required(*STAFF)
def policy(group: str):
    """Write the group's policy card for a place, with a preview before saving."""
    g = _group_or_404(group)
    place = _place_or_own(id_value("place"))
    own = own_policy_card(group, place)
    inherited = policy_card_for(group, place) if own is None else None
    form = PolicyCardForm(obj=own or inherited)
    preview = None
    if form.validate_on_submit():
        if request.form.get("action") == "preview":
            preview = policy_card_html(g, place, form.data)
        else:
            save_policy_card(current_user, group, place, form.data)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("cards.policy", group=group, place=place.id))
    elif not form.is_submitted() and (own or inherited):
        preview = policy_card_html(g, place, own or inherited)
    return render_template("cards/policy_edit.html", group=g, place=place, form=form, own=own, inherited=inherited,
                           preview=preview, places=places_to_print(place.id), copies=COPIES)


@bp.route("/policy/<group>/print")
@roles_required(*STAFF)
def policy_print(group: str):
    g = _group_or_404(group)
    place = _place_or_own(id_arg("place"))
    found = policy_card_for(group, place)
    if found is None:
        flash(_("Write the policy card first."), "error")
        return redirect(url_for("cards.policy", group=group, place=place.id))
    copies = int_value("copies", 1, 99, request.args) or 4
    copies = copies if copies in COPIES else 4
    html = policy_card_html(g, place, found)
    return render_sheet(_("Policy card"), [html] * copies, "tall", layout_from(request.args.get("layout")),
                        back=url_for("cards.policy", group=group, place=place.id))


@bp.route("/pairing/<int:pairing_id>/policy")
@login_required
def pairing_policy(pairing_id: int):
    """The policy card of the group and place of a person one helps: handed to helpers (004)."""
    pairing = get_or_404(Pairing, pairing_id, current_user, Pairing.status == "active")
    person = pairing.beneficiary
    found = policy_card_for(person.group, person.place)
    back = url_for("mine.pairings") if current_user.role == "volunteer" else request.referrer
    if found is None:
        flash(_("No policy card has been written for this group and place yet."), "warning")
        return redirect(back or url_for("main.dashboard"))
    html = policy_card_html(current_plugins().group(person.group), person.place, found)
    return render_sheet(_("Policy card"), [html], "tall", layout_from(request.args.get("layout")), back=back)
