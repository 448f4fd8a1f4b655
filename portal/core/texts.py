"""Translated texts: names given in Chinese and English, and vocabularies of codes with labels."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import current_app
from flask_babel import get_locale
from markupsafe import escape


def pick(names: Mapping[str, str]) -> str:
    """Return the name for the current locale, falling back to Chinese, then to any."""
    try:
        lang = get_locale().language if get_locale() else "zh"
    except RuntimeError:  # outside a request
        lang = "zh"
    return names.get(lang) or names.get("zh") or next(iter(names.values()), "")


class Text:
    """A text given in Chinese and English; it reads in the current locale when shown."""

    def __init__(self, zh: str, en: str):
        self.names = {"zh": zh, "en": en}

    def __str__(self) -> str:
        return pick(self.names)

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __repr__(self) -> str:
        return f"Text({self.names['zh']!r}, {self.names['en']!r})"


class Vocabularies:
    """Named lists of codes with labels (skills, volunteer kinds, statuses, ...), joined from every plugin.

    Kept per app in ``app.extensions["guanai_vocabularies"]``. A code nobody labelled (a skill typed in as
    "other") is shown as written; a missing value is shown as an em dash, never as "None".
    """

    def __init__(self, parts: Iterable[Mapping[str, Mapping[str, object]]]):
        self._lists: dict[str, dict[str, object]] = {}
        for part in parts:
            for name, labels in part.items():
                self._lists.setdefault(name, {}).update(labels)

    def names(self) -> list[str]:
        return sorted(self._lists)

    def codes(self, name: str) -> list[str]:
        """The codes of a vocabulary, in the order they were declared."""
        return list(self._lists.get(name, {}))

    def choices(self, name: str) -> list[tuple[str, object]]:
        """(code, label) pairs for a select or a list of check boxes."""
        return list(self._lists.get(name, {}).items())

    def label(self, name: str, code: object) -> str:
        """The label of ``code`` in the current language; the code itself when it has none."""
        if code is None or code == "":
            return "—"
        found = self._lists.get(name, {}).get(str(code))
        return str(found) if found is not None else str(code)

    def labels(self, name: str, codes: Iterable[object] | None) -> str:
        """Several codes' labels, joined with the locale's list separator."""
        items = [self.label(name, code) for code in (codes or ()) if code not in (None, "")]
        return "、".join(items) if _is_chinese() else ", ".join(items)


def _is_chinese() -> bool:
    try:
        locale = get_locale()
    except RuntimeError:
        return True
    return locale is None or locale.language == "zh"


def vocabularies() -> Vocabularies:
    """The vocabularies of the current app."""
    return current_app.extensions["guanai_vocabularies"]
