"""Terms of the school year from a group's study rules: which term a day falls in, when it began and ends."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .records import StudyRules


@dataclass(frozen=True)
class Term:
    code: str
    start: date
    end: date          # the day before the next term starts
    name: object       # a Text

    @property
    def label(self) -> str:
        return f"{self.start.year}{'年' if _zh() else ' '}{self.name}"


def _zh() -> bool:
    from flask_babel import get_locale
    try:
        locale = get_locale()
    except RuntimeError:
        return True
    return locale is None or locale.language == "zh"


def _starts(rules: StudyRules, year: int) -> list[tuple[date, str, object]]:
    return sorted((date(year, month, day), code, name) for code, month, day, name in rules.terms)


def term_of(rules: StudyRules, day: date) -> Term:
    """The term ``day`` falls in: the latest term start on or before it (the last term of the year before
    when ``day`` comes before the first start of its year)."""
    starts = _starts(rules, day.year - 1) + _starts(rules, day.year) + _starts(rules, day.year + 1)
    index = max(i for i, (start, _code, _name) in enumerate(starts) if start <= day)
    start, code, name = starts[index]
    return Term(code, start, starts[index + 1][0] - timedelta(days=1), name)


def term_starting(rules: StudyRules, start: date) -> Term:
    """The term that starts on ``start`` (a plan's term)."""
    return term_of(rules, start)
