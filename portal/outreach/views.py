"""Pages: messages to families (compose for a village, a mutual-aid group or a list), a message's deliveries with
the families without a number, send or retry, and the printed A4 letters."""
from __future__ import annotations

import os
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from ..aidgroups.models import AidGroup
from ..core.pdf import PdfUnavailable, pdf_of
from ..core.scoping import get_or_404, scoped
from ..core.time import local_today
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..web.access import STAFF, can_open_group, roles_required
from ..web.numbers import id_field, id_list
from .models import STATUS_LABELS, OutreachDelivery, OutreachMessage
from .service import OutreachRefused, compose, letters_of, letters_printed, send
from ..places.choices import area_places

bp = Blueprint("outreach", __name__, template_folder="templates", static_folder="static", url_prefix="/outreach")


def _contacts() -> list:
    return [c for code in current_plugins().groups if can_open_group(current_user, code)
            for c in current_plugins().family_contacts(code)]


@bp.route("/")
@roles_required(*STAFF)
def index():
    rows = db.session.execute(scoped(OutreachMessage, current_user).order_by(OutreachMessage.id.desc()).limit(50)
                              ).scalars().all()
    return render_template("outreach/index.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new():
    """Compose: whose families (a group's relation), where (a village or township, or a mutual-aid group, or a
    list of person ids), the title and the text ({name} is the person's name)."""
    contacts = {c.key: c for c in _contacts()}
    places = area_places(current_user, ("township", "village"))
    if request.method == "POST":
        contact = contacts.get(request.form.get("contact", ""))
        if contact is None:
            abort(404)
        aid_group = None
        aid_group_id = id_field("aid_group")
        if aid_group_id is not None and "aidgroups" in current_plugins().names():
            aid_group = get_or_404(AidGroup, aid_group_id, current_user)
            place = aid_group.place
        else:
            place = get_or_404(Place, id_field("place"), current_user)
        people = id_list("people", MultiDict([("people", x.strip()) for x in
                                              request.form.get("people", "").replace("，", ",").split(",") if x.strip()]))
        try:
            message = compose(current_user, contact.group, contact.code, place, request.form.get("title", ""),
                              request.form.get("body", ""), aid_group=aid_group, people=people or None)
        except OutreachRefused as exc:
            flash(str(exc), "warning")
            return render_template("outreach/new.html", contacts=contacts, places=places), 422
        db.session.commit()
        return redirect(url_for("outreach.message", message_id=message.id))
    return render_template("outreach/new.html", contacts=contacts, places=places)


@bp.route("/<int:message_id>")
@roles_required(*STAFF)
def message(message_id: int):
    m = get_or_404(OutreachMessage, message_id, current_user)
    counts = dict(db.session.execute(select(OutreachDelivery.status, func.count()).where(
        OutreachDelivery.message_id == m.id).group_by(OutreachDelivery.status)).all())
    return render_template("outreach/message.html", m=m, counts=counts, labels=STATUS_LABELS,
                           channel=current_plugins().sms_channel(),
                           no_number=[d for d in m.deliveries if d.problem],
                           failed=[d for d in m.deliveries if d.status in ("failed", "sending")],
                           instead=[d for d in m.deliveries if d.reason and d.status != "no_family"],
                           nobody=[d for d in m.deliveries if d.status == "no_family"], relations=_relations(m))


def _relations(m: OutreachMessage) -> dict:
    """The message's group's relations by code (a delivery may go to another relation than the message's)."""
    return {c.code: c for c in current_plugins().family_contacts(m.group)}


@bp.route("/<int:message_id>/send", methods=["POST"])
@roles_required(*STAFF)
def send_now(message_id: int):
    """Send what is not yet sent (a retry sends nothing twice); each delivery is committed around its SMS."""
    m = get_or_404(OutreachMessage, message_id, current_user)
    counts = send(current_user, m, checkpoint=db.session.commit)
    db.session.commit()
    flash(_("Sent %(sent)d, failed %(failed)d, letters to print %(to_print)d, already done %(skipped)d.", **counts),
          "success" if not counts["failed"] else "warning")
    return redirect(url_for("outreach.message", message_id=m.id))


@bp.route("/<int:message_id>/letters")
@roles_required(*STAFF)
def letters(message_id: int):
    """The A4 letters, one a page, for the families the SMS does not reach."""
    m = get_or_404(OutreachMessage, message_id, current_user)
    html = render_template("outreach/letters.html", m=m, letters=letters_of(m), relations=_relations(m),
                           today=local_today())
    if request.args.get("format") != "pdf":
        return html
    try:
        pdf = pdf_of(html, request.url_root, {"/outreach/static/": os.path.join(os.path.dirname(__file__), "static")})
    except PdfUnavailable:
        flash(_("PDF downloads are not available here: use the browser's print, and choose to save as PDF."), "error")
        return redirect(url_for("outreach.letters", message_id=m.id))
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(m.title)}.pdf"
    response.headers["Cache-Control"] = "no-store"  # names, addresses and phones: kept by no cache
    return response


@bp.route("/<int:message_id>/printed", methods=["POST"])
@roles_required(*STAFF)
def printed(message_id: int):
    m = get_or_404(OutreachMessage, message_id, current_user)
    n = letters_printed(current_user, m)
    db.session.commit()
    flash(_("%(n)d letters recorded as given to the families.", n=n), "success")
    return redirect(url_for("outreach.message", message_id=m.id))
