"""Error pages: 400, 403, 404, 405, 429 and 500 in the portal's own layout."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..extensions import db
from .uploads import too_large_message


def _titles():
    return {
        400: _("The request could not be understood"),
        403: _("You may not open this page"),
        404: _("Page not found"),
        405: _("This action is not allowed here"),
        413: _("The upload is too large"),
        429: _("Too many attempts"),
        500: _("Something went wrong on our side"),
    }


def _render(code: int, message: str | None = None):
    return render_template("errors.html", code=code, title=_titles().get(code, str(code)),
                           message=message), code


def register_error_handlers(app) -> None:
    """Render every HTTP error, and unexpected exceptions, as a page the user can act on."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, _("The form has expired. Please go back, reload the page and try again."))

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        return _render(413, too_large_message(error))

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code not in _titles():
            return error
        return _render(error.code, error.description if error.code in (400, 429) else None)

    @app.errorhandler(Exception)
    def server_error(error):
        db.session.rollback()
        app.logger.exception("unhandled error")
        return _render(500)
