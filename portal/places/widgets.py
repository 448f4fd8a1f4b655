"""A place <select> of a county's thousands of villages and grids, chosen in two steps: the township, then the
places under it.

The sign-up page listed the county's 4,500 villages and grids (445 KB for a phone on a rural network), the duty
owners' and the ledger's forms as many. :class:`TownshipFirst` writes the field's choices of one township only,
beside a <select> of the townships; ``static/place-picker.js`` fetches the same page for another township and
takes its options from it (the same labels, scope and validation as the page: no endpoint of its own). Without
a script the user's own township, or the chosen place's, is listed. The field keeps all its choices, so a
place of any township is accepted on submit.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import widgets

from ..core.cache import kept
from ..extensions import db
from ..web.forms import LongSelect
from ..web.numbers import parse_id
from .models import Place

#: The query argument naming the township whose places a field lists: ``<field name>_in``.
SUFFIX = "_in"


def townships() -> dict:
    """``{"of": {place id: its township's id}, "names": {township id: name}}`` for every place at or below a
    township: the same for everyone, kept a while per process (forgotten when this process writes a place)."""
    def build() -> dict:
        rows = db.session.execute(select(Place.id, Place.path, Place.level, Place.name)).all()
        names = {r.id: r.name for r in rows if r.level == "township"}
        of = {}
        for r in rows:
            township = next((int(i) for i in r.path.strip("/").split("/") if i and int(i) in names), None)
            if township is not None:
                of[r.id] = township
        return {"of": of, "names": names}
    return kept(("townships",), None, {"places"}, build)


class TownshipFirst(LongSelect):
    """The widget of a place SelectField: the townships its choices lie in, then the choices of one of them (and
    those above any township, such as "none"), each option written once per choices list."""

    _grouped: dict[int, tuple[list, dict, list, dict]] = {}

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        tree = townships()
        groups, order, _firsts = self._groups(field.choices, tree["of"])
        if len(order) < 2:                   # one township (a township's coordinator): a plain select
            return super().__call__(field, **kwargs)
        chosen = self._chosen(field, tree["of"], order)
        options = groups.get(None, "") + groups[chosen]
        if field.data is not None:
            mark = f'<option value="{escape(field.data)}">'
            options = options.replace(mark, f'<option selected value="{escape(field.data)}">', 1)
        names = tree["names"]
        towns = "".join(f'<option value="{t}"{" selected" if t == chosen else ""}>{escape(names.get(t, t))}</option>'
                        for t in order)
        own = widgets.html_params(name=field.name, **kwargs)
        return Markup(f'<span class="township-first"><select id="{escape(kwargs["id"])}{SUFFIX}" '
                      f'name="{escape(field.name)}{SUFFIX}" data-place-for="{escape(kwargs["id"])}" '
                      f'aria-label="{escape(_("Township"))}">{towns}</select>'
                      f'<select {own}>{options}</select></span>{self._without_script(field.name, order, names)}'
                      f'<script src="{url_for("places.static", filename="place-picker.js")}" defer></script>')

    @staticmethod
    def _without_script(name: str, order: list, names: dict) -> str:
        """For a browser without scripts: each township a link to this page listing its places (what was typed
        is not carried over; nothing of the form goes into the URL)."""
        args = {k: v for k, v in request.args.items() if k != name + SUFFIX}
        links = " ".join(f'<a href="{escape(request.path)}?{escape(urlencode({**args, name + SUFFIX: t}))}">'
                         f'{escape(names.get(t, t))}</a>' for t in order)
        return f'<noscript><p class="hint">{escape(_("Places of another township:"))} {links}</p></noscript>'

    def listed_first(self, field):
        """The value of the first option listed for ``field`` (what a browser shows chosen when nothing is), or
        None when it has no choices."""
        groups, order, firsts = self._groups(field.choices, townships()["of"])
        if None in firsts:
            return firsts[None]
        if not order:
            return None
        return firsts[self._chosen(field, townships()["of"], order) if len(order) > 1 else order[0]]

    @classmethod
    def _groups(cls, choices: list, township_of: dict) -> tuple[dict, list, dict]:
        """The choices' options by township (``None``: those in no township), the townships in the order of the
        choices (tree order) and each group's first value: kept with the list they were made from, as
        LongSelect keeps its options."""
        hit = cls._grouped.get(id(choices))
        if hit is not None and hit[0] is choices:
            return hit[1], hit[2], hit[3]
        parts: dict = {}
        firsts: dict = {}
        for value, label in choices:
            key = township_of.get(value) if isinstance(value, int) else None
            firsts.setdefault(key, value)
            parts.setdefault(key, []).append(f'<option value="{escape(value)}">{escape(label)}</option>')
        groups = {k: "".join(v) for k, v in parts.items()}
        order = [k for k in parts if k is not None]
        if len(cls._grouped) > 16:
            cls._grouped.clear()
        cls._grouped[id(choices)] = (choices, groups, order, firsts)
        return groups, order, firsts

    @staticmethod
    def _chosen(field, township_of: dict, order: list) -> int:
        """The township listed: the one the page is asked for (``?<name>_in=``, the script's fetch), else the
        chosen place's, else the one submitted with the form, else the user's own, else the first."""
        name = field.name + SUFFIX
        user_place = getattr(current_user, "place_id", None)
        for candidate in (parse_id(request.args.get(name)),
                          township_of.get(field.data) if isinstance(field.data, int) else None,
                          parse_id(request.form.get(name)), township_of.get(user_place)):
            if candidate in order:
                return candidate
        return order[0]
