"""What the phone reads and sends (issue 31; OFFLINE-CONTRACT.md): ``GET /offline/day.json`` and
``POST /offline/items/<kind>``. Both answer JSON in every case, a session that ended included (a 401, never the
sign-in page), so that the phone keeps its items and says why."""
from __future__ import annotations

from functools import wraps

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import csrf, db
from ..web.uploads import too_large_message, upload_limits
from .blueprint import bp
from .day import day_of
from .kinds import offline_kinds
from .receiving import KEY_HEADER, BadKey, parse_key, receipt_of, receive, replay

#: The phone's photos are downscaled to 1600 px before they are sent (issue 31): 8 MB each is ample.
PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTOS = 6


def _answer(status: int, body: dict):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store, private"
    return response


def signed_in_json(view):
    """A signed-in user, or a 401 JSON the phone understands (its items are kept until the helper signs in)."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return _answer(401, {"status": "signed_out",
                                 "reason": _("Your session has ended. Sign in again: the items on this phone are "
                                             "kept and will be sent then.")})
        return view(*args, **kwargs)
    return wrapped


def _bad_request(reason: str, field: str) -> object:
    return _answer(400, {"status": "bad_request", "reason": str(reason), "field": field})


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A body or photo past its limit, found while the body streams in (before the view, when a hook of the app
    reads the form first): JSON for the phone, like every answer here."""
    db.session.rollback()
    return _answer(413, {"status": "too_large", "reason": too_large_message(error)})


@bp.route("/day.json")
@signed_in_json
def day_json():
    """The signed-in user's own day, for the phone to keep in IndexedDB (never in the HTTP cache)."""
    return _answer(200, day_of(current_user))


def _photo_bytes() -> int:
    return int(current_app.config.get("GUANAI_UPLOAD_MAX_BYTES", PHOTO_BYTES))


@bp.route("/items/<kind>", methods=["POST"])
@csrf.exempt            # checked below, after the session: a phone signed out is told so, not "form expired"
@upload_limits(file_bytes=_photo_bytes, body_bytes=lambda: MAX_PHOTOS * _photo_bytes() + 1024 * 1024)
@signed_in_json
def item(kind: str):
    """One item written on the phone, made once per key (201), or its earlier answer again (200, replayed)."""
    found = offline_kinds().get(kind)
    if found is None:
        return _answer(404, {"status": "bad_request", "reason": _("There is no kind of item called %(kind)s.",
                                                                    kind=kind), "field": "kind"})
    try:
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            try:
                csrf.protect()   # reads the X-CSRFToken header (or a csrf_token field)
            except CSRFError:
                return _bad_request(_("The page's security token has expired: open the day again (it gives a "
                                      "new one) and send again."), "X-CSRFToken")
        key = parse_key(request.headers.get(KEY_HEADER))
        outcome = receive(current_user, found, key, CombinedMultiDict([request.files, request.form]),
                          request.files.getlist("photos"))
    except BadKey as bad:
        db.session.rollback()
        return _bad_request(str(bad), KEY_HEADER)
    except RequestEntityTooLarge as error:
        db.session.rollback()
        return _answer(413, {"status": "too_large", "reason": too_large_message(error)})
    except IntegrityError as error:
        return _replay_winner(found, key, error)
    if outcome.status >= 300:
        db.session.rollback()
        return _answer(outcome.status, outcome.body)
    try:
        db.session.commit()
    except IntegrityError as error:
        return _replay_winner(found, key, error)
    return _answer(outcome.status, outcome.body)


def _replay_winner(kind, key: str, error: IntegrityError):
    """A twin of this request committed the same key first: ours is undone, theirs is answered."""
    db.session.rollback()
    earlier = receipt_of(current_user.id, key)
    if earlier is None:
        raise error   # not the key after all: a real fault, shown as one
    try:
        outcome = replay(earlier, kind)
    except BadKey as bad:
        return _bad_request(str(bad), KEY_HEADER)
    return _answer(outcome.status, outcome.body)
