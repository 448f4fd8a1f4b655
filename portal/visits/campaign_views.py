"""Holiday campaign pages: the holidays asked for, and for one, who has been visited and who not."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from ..core.scoping import get_or_404
from ..core.time import local_today
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..web.access import STAFF, roles_required
from ..web.numbers import id_arg, int_value
from ..web.pagination import paginate_list
from .blueprint import bp
from .campaigns import campaign, campaign_groups, holidays_in_use
from .holidays import HOLIDAYS


def _groups_of(user) -> list[str] | None:
    return [user.group] if user.role == "staff" else None


@bp.route("/campaigns")
@roles_required(*STAFF)
def campaigns():
    return render_template("visits/campaigns.html", holidays=holidays_in_use(_groups_of(current_user)),
                           year=local_today().year, groups=current_plugins().groups, campaign_groups=campaign_groups)


@bp.route("/campaigns/<code>")
@roles_required(*STAFF)
def campaign_page(code: str):
    holiday = HOLIDAYS.get(code)
    if holiday is None or holiday not in holidays_in_use(_groups_of(current_user)):
        abort(404)
    today = local_today()
    year = int_value("year", 2000, 2100, request.args) or today.year
    year = year if 2000 <= year <= 2100 else today.year
    month = int_value("month", 1, 12, request.args) or today.month
    month = month if 1 <= month <= 12 else today.month
    group = current_user.group if current_user.role == "staff" else request.args.get("group", "")
    place_id = id_arg("place")
    place = get_or_404(Place, place_id, current_user) if place_id else None
    rows, span = campaign(current_user, holiday, year, month if holiday.birthday else None, group or None, place)
    show = request.args.get("show", "missing")
    visited = sum(1 for r in rows if r.visited_at)
    shown = [r for r in rows if show == "all" or (show == "visited") == bool(r.visited_at)]
    return render_template("visits/campaign.html", holiday=holiday, year=year, month=month, span=span,
                           page=paginate_list(shown), visited=visited, total=len(rows), show=show,
                           group=group, groups=[current_plugins().group(g) for g in campaign_groups(code)])
