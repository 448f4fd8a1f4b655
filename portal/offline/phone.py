"""The phone's side of working offline (issue 31): the web app manifest, the service worker served at the root
scope, and the three user-neutral shell pages (the day, the form, the outbox) that the phone's scripts fill from
IndexedDB. The server's side (``day.json``, the items' endpoint, receipts) is in this package's ``views``.

The shell pages carry no one's data: no name, no CSRF token, no flashed message, nothing from the database. The
service worker keeps them and the static files, never another page; the day itself lives in IndexedDB, keyed by the
user's id, and comes from ``/offline/day.json`` (README.md in this folder).
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, url_for
from flask_babel import gettext as _

from ..hookspecs import hookimpl
from ..plugin.records import Action, Widget

#: At the root (``/sw.js`` and the manifest must be; the shells beside them). The static files and the templates are
#: the package blueprint's (``offline.static``, at ``/offline/static/``).
bp = Blueprint("offline_phone", __name__)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
#: The phone's own files the service worker precaches (paths under static/), besides the portal's stylesheet and
#: the shell pages. The service worker's Workbox modules are loaded by importScripts and kept by the browser.
PRECACHED = ("phone.css", "phone.js", "outbox.js", "shell.js", "vendor/idb/idb.umd.js",
             "icons/icon-192.png", "icons/icon-512.png")
#: The shell pages, kept by the service worker (network first, the kept copy when there is no signal).
SHELLS = ("offline_phone.day", "offline_phone.write", "offline_phone.outbox")
THEME = "#c2410c"   # the portal's brand colour (web/static/guanai.css --brand)
NO_CACHE = "no-cache"
#: The server side's addresses (this package's views: offline.day_json and offline.item).
DAY_URL = "/offline/day.json"      # url_for("offline.day_json")
ITEMS_URL = "/offline/items/"      # url_for("offline.item", kind=...) without the kind


@lru_cache(maxsize=64)
def _revision(path: str, mtime: float) -> str:
    return hashlib.md5(Path(path).read_bytes()).hexdigest()[:16]  # noqa: S324 - a cache key, not a secret


def revision(path: Path) -> str:
    """A short hash of the file's bytes: the service worker fetches a precached file again when it changes."""
    return _revision(str(path), path.stat().st_mtime)


def precache_manifest() -> list[dict]:
    """Workbox's precache list: each static file the phone needs offline, with the hash of its bytes."""
    entries = [{"url": url_for("offline.static", filename=name), "revision": revision(STATIC / name)}
               for name in PRECACHED]
    core_css = Path(current_app.static_folder) / "guanai.css"
    entries.append({"url": url_for("static", filename="guanai.css"), "revision": revision(core_css)})
    return entries


def shell_urls() -> list[str]:
    return [url_for(endpoint) for endpoint in SHELLS]


def shell_revision() -> str:
    """Changes when a shell template changes: the service worker then fetches the shells again."""
    digest = hashlib.md5()  # noqa: S324
    for name in sorted((HERE / "templates" / "offline").glob("*.html")):
        digest.update(revision(name).encode())
    return digest.hexdigest()[:16]


@bp.get("/sw.js")
def service_worker():
    """The service worker, at the root so that its scope is the whole portal; never kept by the HTTP cache (the
    browser compares it byte for byte to find an update: the precache list with its hashes is written into it)."""
    source = (STATIC / "sw.js").read_text(encoding="utf-8")
    config = {"precache": precache_manifest(), "shells": shell_urls(), "shellRevision": shell_revision(),
              "workbox": url_for("offline.static", filename="vendor/workbox/"),
              "scripts": [url_for("offline.static", filename="vendor/workbox/workbox-sw.js"),
                          url_for("offline.static", filename="vendor/idb/idb.umd.js"),
                          url_for("offline.static", filename="outbox.js")],
              "fallback": url_for("offline_phone.day"), "dayUrl": DAY_URL, "itemsUrl": ITEMS_URL}
    body = source.replace("self.__GUANAI_CONFIG", json.dumps(config, ensure_ascii=False))
    response = Response(body, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = NO_CACHE
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest: the portal installs to the home screen and opens on the day page."""
    body = {
        "name": _("Guanai care portal"), "short_name": _("Guanai"), "lang": "zh-CN",
        "description": _("The day's visits and duties on the phone, with or without a signal"),
        "start_url": url_for("offline_phone.day"), "scope": "/", "display": "standalone",
        "background_color": "#f5f7fa", "theme_color": THEME,
        "icons": [{"src": url_for("offline.static", filename=f"icons/icon-{size}.png"),
                   "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any maskable"} for size in (192, 512)],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = NO_CACHE
    return response


def shell_strings() -> dict[str, str]:
    """Every word the phone's scripts show, translated here (the scripts hold none of their own)."""
    return {
        "offline": _("No signal: showing what is kept on this phone."),
        "updated": _("Updated %(when)s"),
        "expires": _("Kept on this phone until %(when)s"),
        "expired": _("The day kept on this phone has expired (kept until %(when)s). Open this page with a signal "
                     "to fetch it again."),
        "no_day": _("Nothing is kept on this phone yet. Open this page once with a signal while signed in."),
        "sign_in": _("Sign in"),
        "signed_out": _("You are signed out. Sign in again to fetch your day; waiting items are kept."),
        "helper": _("Day of %(name)s"),
        "overdue": _("Overdue"),
        "due_on": _("due %(date)s"),
        "nobody": _("No one to show."),
        "last_visit": _("Last visit %(date)s"),
        "never_visited": _("Not visited yet"),
        "phone": _("Phone"),
        "done": _("Done"),
        "save": _("Save on this phone"),
        "saved": _("Saved on this phone. It will be sent when there is a signal."),
        "sent": _("Sent."),
        "cancel": _("Cancel"),
        "delete": _("Delete"),
        "edit": _("Open and edit"),
        "send_now": _("Send now"),
        "confirm_delete": _("Delete this item from the phone? It has not been sent and cannot be recovered."),
        "outbox": _("Waiting to send"),
        "outbox_count": _("Waiting to send (%(count)s)"),
        "outbox_empty": _("Nothing is waiting: everything written on this phone has been sent."),
        "waiting": _("Waiting for a signal"),
        "refused": _("Refused by the server: %(reason)s"),
        "needs_sign_in": _("Your sign-in ended: sign in again and it will be sent."),
        "failed": _("Not sent yet: %(reason)s"),
        "too_large": _("Too large to send: remove a photo and save again."),
        "written": _("Written %(when)s"),
        "photos": _("%(count)s photo(s)"),
        "photo_remove": _("Remove photo"),
        "required": _("Fill this in."),
        "unknown_kind": _("This form is not on the phone. Open the day with a signal to fetch the forms."),
        "unknown_person": _("This person is not in the day kept on this phone."),
        "about": _("About %(name)s"),
        "more_numbers": _("More numbers (%(count)s)"),
        "incident_warning": _("This report has NOT reached anyone yet. It will be sent when there is a signal. "
                              "If someone is in danger, call now:"),
        "sign_out_title": _("Sign out of this phone"),
        "sign_out_items": _("These items are not sent yet and will be lost if you wipe the phone:"),
        "sign_out_people": _("Kept on this phone: the day of %(name)s with %(count)s people."),
        "sign_out_wipe": _("Wipe the phone and sign out"),
        "sign_out_keep": _("Sign out, keep them on the phone"),
        "select": _("— choose —"),
    }


def render_shell(template: str, page: str) -> Response:
    text = render_template(template, page=page, strings=shell_strings(), shells=dict(zip(
        ("day", "write", "outbox"), shell_urls())))
    response = Response(text, mimetype="text/html")
    # The shell holds no one's data; the service worker keeps its own copy, the HTTP cache none.
    response.headers["Cache-Control"] = NO_CACHE
    return response


@bp.get("/offline/")
def day():
    """The helper's day, drawn by shell.js from IndexedDB (and fetched again from day.json with a signal)."""
    return render_shell("offline/day.html", "day")


@bp.get("/offline/write")
def write():
    """A form of one kind (``?kind=visit&person=12``, or ``?item=<key>`` to edit a waiting one), kept in IndexedDB."""
    return render_shell("offline/write.html", "write")


@bp.get("/offline/outbox")
def outbox():
    """What waits on this phone to be sent: each can be opened, edited, deleted; a refused one shows why."""
    return render_shell("offline/outbox.html", "outbox")


# --- the hooks the phone answers (imported by this package's hooks.py) -----------------------------------------

def _head_context(user) -> dict:
    return {"strings": shell_strings(), "shells": shell_urls()}


@hookimpl
def guanai_get_page_sections(page, subject, user):
    """In the <head> of every signed-in page: the manifest, the phone's stylesheet and script."""
    if page != "head":
        return []
    return [Widget(title="", template="offline/_head.html", context=_head_context, name="offline-phone")]


@hookimpl
def guanai_get_page_actions(page, subject, user):
    """The header's 未发送 (N) badge: its figure is the phone's own (IndexedDB), written in by phone.js; the
    stylesheet hides it while nothing waits."""
    if page != "header":
        return []
    return [Action(label=_("Waiting to send"), url=url_for("offline_phone.outbox"), name="outbox", order=5)]
