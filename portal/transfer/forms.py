"""The upload form: a file, the place it belongs to, the group of rows without a category, skip or update."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField

from ..plugin.manager import current_plugins
from ..places.choices import place_choices


class UploadForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx, .xls or .csv)"), validators=[FileRequired()])
    place = SelectField(_l("Village, or the township or county whose villages the sheet names"), coerce=int)
    group = SelectField(_l("Group of the rows without a category (身份类别)"))
    update = BooleanField(_l("Update people already in the ledger with the sheet's fields (else skip them)"))

    def fill_choices(self, places, groups: list[str], wanted: str | None) -> None:
        plugins = current_plugins()
        self.place.choices = place_choices(places)
        self.group.choices = [("", _l("(each row by its category)"))] + [(g, plugins.group(g).name) for g in groups]
        if wanted in groups and not self.is_submitted():
            self.group.data = wanted
