"""Every user-visible string of the portal and the built-in groups has a Chinese translation in the catalogs the
app loads: the portal's own and the one beside each feature's or group's package (``translation_dirs``)."""
import pathlib

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = pathlib.Path(__file__).resolve().parents[2]
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def source_messages() -> set[str]:
    found = set()
    for top in ("portal", "plugins"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                str(ROOT / top), METHOD_MAP, keywords=KEYWORDS):
            found.add(message if isinstance(message, str) else message[0])
    return found


def chinese_catalogs() -> list[pathlib.Path]:
    return sorted(path for top in ("portal", "plugins")
                  for path in (ROOT / top).glob("**/translations/zh/LC_MESSAGES/messages.po"))


def test_every_string_is_translated_to_chinese():
    translated = set()
    for path in chinese_catalogs():
        with open(path, "rb") as fh:
            catalog = read_po(fh)
        translated |= {m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                       if m.id and m.string and (m.string[0] if isinstance(m.string, tuple) else m.string)
                       and not m.fuzzy}
    messages = source_messages()
    assert len(messages) > 200
    assert sorted(messages - translated) == []


def test_the_app_loads_every_catalog(app):
    """A catalog beside a package the app does not register as a plugin would never be read."""
    loaded = set(app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";"))
    assert sorted(str(path.parents[2]) for path in chinese_catalogs() if str(path.parents[2]) not in loaded) == []
