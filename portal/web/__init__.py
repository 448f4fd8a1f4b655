"""Web plumbing every feature's pages share: templates' globals and filters, errors, static files."""
from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Flask, abort, request
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup
from flask_babel import gettext as _
from flask_login import current_user

from ..core.texts import vocabularies
from ..core.time import format_local, to_local
from ..plugin.manager import current_plugins
from .errors import register_error_handlers
from .pagination import page_url

#: Sent with every response: scripts, styles and images from this site only (no inline script, so an
#: injected one does not run), no framing (clickjacking), no MIME sniffing, no URL leaking to other sites.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def invalid_text_field() -> str | None:
    """The first form field whose bytes are not UTF-8, or None.

    Werkzeug keeps undecodable bytes of a URL-encoded form as literal ``%FF`` text and replaces them with
    U+FFFD in a multipart one; neither is what the person typed.
    """
    if request.mimetype == "application/x-www-form-urlencoded":
        body = request.get_data(cache=True).decode("latin-1")
        for name, value in parse_qsl(body, keep_blank_values=True, encoding="utf-8", errors="surrogateescape"):
            if any("\udc80" <= c <= "\udcff" for c in name + value):
                return name.encode("utf-8", "replace").decode("utf-8", "replace")
    elif request.mimetype == "multipart/form-data":
        for name, value in request.form.items(multi=True):
            if "\ufffd" in name + value:
                return name
    return None


def page_actions(page: str, subject=None) -> list:
    """The buttons other features add to this page (``guanai_get_page_actions``), for the signed-in user."""
    if not current_user.is_authenticated:
        return []
    return current_plugins().page_actions(page, subject, current_user)


def page_sections(page: str, subject=None) -> list:
    """The (section, its context) pairs other features add to this page (``guanai_get_page_sections``), for the
    signed-in user; ``"head"`` is the <head> of every page (the offline feature's manifest and script)."""
    if not current_user.is_authenticated:
        return []
    return [(s, s.context(current_user)) for s in current_plugins().page_sections(page, subject, current_user)]


def row_tags(page: str, rows) -> dict[int, list[str]]:
    """The warnings other features add beside this list's rows (``guanai_get_row_tags``)."""
    if not current_user.is_authenticated:
        return {}
    return current_plugins().row_tags(page, list(rows), current_user)


def page_gettext(translations):
    """The templates' ``_()`` / ``gettext()`` bound to this render's translations (what Jinja's newstyle gettext
    does with Flask-Babel's, which looks the request's locale and catalogs up again on every call: a list of 50
    rows called it some 450 times, a fifth of the page's time)."""
    ugettext = translations.ugettext

    @pass_context
    def gettext(__context, __string: str, **variables):
        rv = ugettext(__string)
        if __context.eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables   # always a format string, as Jinja's own (newstyle)
    return gettext


def configure_web(app: Flask) -> None:
    """Give every template the navigation, groups, languages and label helpers; render errors as pages."""

    @app.context_processor
    def inject():
        plugins = current_plugins()
        nav = plugins.nav_items(current_user) if current_user.is_authenticated else []
        return {"gettext": page_gettext(get_translations()), "page_actions": page_actions, "page_sections": page_sections, "row_tags": row_tags, "nav_items": nav, "groups": plugins.groups,
                "all_services": plugins.services, "languages": app.config["LANGUAGES"], "get_locale": get_locale,
                "page_url": page_url, "vocab": vocabularies()}

    app.add_template_filter(format_local, "localtime")
    app.add_template_filter(to_local, "to_local")
    app.add_template_filter(lambda code, name: vocabularies().label(name, code), "label")
    app.add_template_filter(lambda codes, name: vocabularies().labels(name, codes), "labels")
    register_error_handlers(app)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        # The development server names itself and its Python version unless the app gives a Server header.
        response.headers["Server"] = "guanai"
        return response

    @app.before_request
    def refuse_invalid_text():
        """Refuse a form whose text is not UTF-8, naming the field, rather than store it mangled."""
        name = invalid_text_field()
        if name is not None:
            abort(400, _("The field %(name)s is not valid text (UTF-8): please type it again.", name=name))

