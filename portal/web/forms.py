"""Form pieces several features share: check-box lists, codes from a list plus "other", the edit version."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import HiddenField, SelectMultipleField, widgets
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

#: The years a date typed in a form may fall in. Year 1 typed into a time field overflowed the conversion from
#: local time to UTC (a 500, issue 26); no record of this work is dated outside these years.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def checkbox_list(label, **kwargs) -> SelectMultipleField:
    """A multiple choice shown as check boxes."""
    return SelectMultipleField(label, widget=widgets.ListWidget(prefix_label=False),
                               option_widget=widgets.CheckboxInput(), **kwargs)


class LongSelect(widgets.Select):
    """A select of many plain (value, label) choices, a county's 1,500 areas or 4,500 villages and grids, written in
    one pass: WTForms' own widget formats each option's attributes through ``html_params`` (45 ms a page for a
    county). The options' HTML is kept with the choices list it was made from (a list kept for everyone, such as
    ``volunteers.join.village_choices``, is written once per process), and the chosen one is marked in a copy."""

    _made: dict[int, tuple[list, str]] = {}

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in self.validation_attrs:
            if k not in kwargs and getattr(flags, k, False):
                kwargs[k] = True
        options = self._options(field.choices)
        if field.data is not None:
            mark = f'<option value="{escape(field.data)}">'
            options = options.replace(mark, f'<option selected value="{escape(field.data)}">', 1)
        return Markup(f"<select {widgets.html_params(name=field.name, **kwargs)}>{options}</select>")

    @classmethod
    def _options(cls, choices: list) -> str:
        hit = cls._made.get(id(choices))
        if hit is not None and hit[0] is choices:
            return hit[1]
        html = "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices)
        if len(cls._made) > 16:
            cls._made.clear()
        cls._made[id(choices)] = (choices, html)   # the list itself held: its id cannot name another list
        return html


def plausible_year(form, field) -> None:
    """Validator of a date or date-and-time field: its year within FIRST_YEAR..LAST_YEAR, the error naming it."""
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("%(field)s: give a date between the years %(first)s and %(last)s.",
                                 field=field.label.text, first=FIRST_YEAR, last=LAST_YEAR))


def split_list(text: str | None) -> list[str]:
    """Items of a comma-separated text (Chinese or Western commas and 、), stripped, empty ones dropped."""
    for sep in ("，", "、", ";", "；"):
        text = (text or "").replace(sep, ",")
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def codes_with_other(picked: list[str] | None, other: str | None) -> list[str]:
    """The codes picked from the list, then the free-text items typed under "other", without repeats."""
    out: list[str] = []
    for item in [*(picked or []), *split_list(other)]:
        if item not in out:
            out.append(item)
    return out


def split_known(values: list[str] | None, known: list[str]) -> tuple[list[str], str]:
    """Stored codes split back into those of the list and the rest, as the "other" text."""
    values = list(values or [])
    return [v for v in values if v in known], ", ".join(v for v in values if v not in known)


class VersionedForm:
    """Mixin for the edit form of a versioned record: the version it was read at travels in a hidden field."""

    version = HiddenField()

    def show_version(self, version: int) -> None:
        """Carry ``version`` in the form (also over what was submitted: after the user saw others' changes)."""
        self.version.data, self.version.raw_data = version, [str(version)]

    def read_version(self) -> int | None:
        """The version the submitted form was read at, or None (a new record, none sent, or an odd value)."""
        raw = (self.version.raw_data or [""])[0]
        return int(raw) if raw.isascii() and raw.isdecimal() and len(raw) < 10 else None


def form_labels(form_class, prefix: str = "") -> dict[str, object]:
    """The labels of a form class's fields by name (``prefix`` added), without a request: for the audit log."""
    labels = {}
    for name in dir(form_class):
        field = getattr(form_class, name, None)
        if isinstance(field, UnboundField):
            label = field.args[0] if field.args else field.kwargs.get("label")
            if label is not None:
                labels[prefix + name] = label
    return labels
