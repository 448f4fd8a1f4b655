"""Every user-visible string in the core has a Chinese translation in the shipped catalog."""
import pathlib

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo

ROOT = pathlib.Path(__file__).resolve().parents[2]
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "portal"), METHOD_MAP, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_core_string_is_translated_to_chinese():
    with open(ROOT / "portal/translations/zh/LC_MESSAGES/messages.mo", "rb") as fh:
        catalog = read_mo(fh)
    translated = {m.id for m in catalog if m.id and m.string}
    messages = source_messages()
    assert len(messages) > 200
    assert sorted(messages - translated) == []
