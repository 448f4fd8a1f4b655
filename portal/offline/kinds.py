"""The kinds of item the features hand over (``guanai_get_offline_kinds``), and how the phone is told to draw each
form: its fields described from the WTForms form itself, so the form on the phone and the check on the server are
the same form."""
from __future__ import annotations

import re

from flask import current_app
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    FloatField,
    IntegerField,
    MultipleFileField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired

from ..plugin.manager import current_plugins
from .records import OfflineKind

NAME = re.compile(r"[a-z][a-z_]{0,31}")


def offline_kinds() -> dict[str, OfflineKind]:
    """Every kind, by name, in their ``order``; kept per app. Two plugins giving one name stop with both named."""
    cached = current_app.extensions.get("guanai_offline_kinds")
    if cached is not None:
        return cached
    found: dict[str, tuple[str, OfflineKind]] = {}
    hook = current_plugins().hook.guanai_get_offline_kinds
    for impl in hook.get_hookimpls():
        for kind in impl.function() or ():
            if not NAME.fullmatch(kind.name):
                raise RuntimeError(f"plugin {impl.plugin_name!r}: offline kind name {kind.name!r} is not [a-z_]+")
            if kind.name in found:
                raise RuntimeError(f"plugins {found[kind.name][0]!r} and {impl.plugin_name!r} both give the offline "
                                   f"kind {kind.name!r}")
            found[kind.name] = (impl.plugin_name, kind)
    kinds = dict(sorted(((name, kind) for name, (_plugin, kind) in found.items()),
                        key=lambda kv: (kv[1].order, kv[0])))
    current_app.extensions["guanai_offline_kinds"] = kinds
    return kinds


def build_form(kind: OfflineKind, user, formdata=None):
    """The kind's form, its own CSRF check off (the item's X-CSRFToken is checked once by the view), its
    user-dependent choices set."""
    form = kind.form(formdata=formdata, meta={"csrf": False}) if formdata is not None else \
        kind.form(formdata=None, meta={"csrf": False})
    if kind.choices is not None:
        for name, choices in kind.choices(user).items():
            if name in form:
                form[name].choices = list(choices)
    return form


def _type(field) -> str:
    if isinstance(field, MultipleFileField):
        return "photos"
    if isinstance(field, SelectMultipleField):
        return "multiselect"
    if isinstance(field, SelectField):
        return "select"
    if isinstance(field, BooleanField):
        return "checkbox"
    if isinstance(field, DateTimeLocalField):
        return "datetime"
    if isinstance(field, DateField):
        return "date"
    if isinstance(field, IntegerField):
        return "integer"
    if isinstance(field, (DecimalField, FloatField)):
        return "number"
    if isinstance(field, TextAreaField):
        return "textarea"
    return "text"


def _max_length(field) -> int | None:
    for v in field.validators:
        if getattr(v, "max", -1) not in (None, -1) and type(v).__name__ == "Length":
            return v.max
    return None


def describe(kind: OfflineKind, user) -> dict:
    """The kind for ``day.json``: its label and each field's name, label, type, whether required and its choices."""
    form = build_form(kind, user)
    fields = []
    for field in form:
        if field.name == "csrf_token":
            continue
        item = {"name": field.name, "label": str(field.label.text), "type": _type(field),
                "required": any(isinstance(v, (DataRequired, InputRequired)) for v in field.validators)}
        if item["type"] in ("select", "multiselect"):
            item["choices"] = [[str(value), str(label)] for value, label, *_rest in field.iter_choices()
                               if value not in (None, "__None")]
        if field.description:
            item["help"] = str(field.description)
        most = _max_length(field)
        if most:
            item["max_length"] = most
        if field.name == "person":
            item["type"] = "person"
        fields.append(item)
    return {"label": str(kind.label), "for_person": kind.for_person, "photos": kind.photos, "fields": fields}
