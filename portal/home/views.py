"""The dashboard and the language switch."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..core.cache import cached_for_area, kept
from ..core.scoping import scoped
from ..extensions import db
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from ..web.redirects import safe_next

bp = Blueprint("main", __name__, template_folder="templates")
#: The tables whose writes make the dashboard's widgets read again.
WIDGET_TABLES = ("pairings", "beneficiaries", "volunteers", "volunteer_services", "incidents", "incident_steps")

@bp.route("/")
@login_required
def dashboard():
    """The home page: the plugins' widgets and the volunteers in view, all scoped to the user."""
    if current_user.role == "volunteer":
        return redirect(url_for("mine.overview"))
    stmt = scoped(Volunteer, current_user, select(Volunteer.status, func.count(Volunteer.id))
                  .group_by(Volunteer.status))
    volunteer_counts = cached_for_area("volunteer_counts", current_user,
                                       lambda: dict(db.session.execute(stmt).all()))
    # Each widget's figures are the same for everyone of the same area: kept a minute (portal/core/cache.py),
    # and forgotten at once when this process writes pairings, people or volunteers, so that coverage and the
    # helpers to find change the moment a helper leaves or a run is committed (issue 27).
    widgets = [(w, kept((f"widget:{w.template}:{w.title}",), current_user, WIDGET_TABLES,
                        lambda w=w: w.context(current_user)))
               for w in current_plugins().widgets(current_user)]
    return render_template("home/dashboard.html", widgets=widgets, volunteer_counts=volunteer_counts)

@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    """Remember the chosen language for this browser session."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next"), url_for("main.dashboard")))
