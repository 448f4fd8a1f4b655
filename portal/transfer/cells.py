"""Reading one spreadsheet cell: text, dates, phones, ID numbers, choices; a bad cell raises CellError."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, Callable

from flask_babel import lazy_gettext as _l

from ..ledger import idcard, rules


class CellError(ValueError):
    """A cell that cannot be read; the message says why, for ``row N, COLUMN: message``."""


#: What people write in a phone or text cell to say "there is none" (a ledger habit: "无电话").
NOTHING = {"", "无", "无电话", "没有", "暂无", "/", "-", "—", "--", "——", "无号码", "none", "n/a"}
_EXCEL_EPOCH = date(1899, 12, 30)


def text(value: Any) -> str:
    """A cell as trimmed text; whole numbers without ".0", dates as ISO text."""
    if type(value) is str:  # most cells: read first (a 10,000-row sheet asks 200,000 times)
        return value.replace("\u3000", " ").strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def normal_word(word: str) -> str:
    """A word as compared with a vocabulary: no spaces, lower case."""
    return "".join(str(word).split()).lower()


def plain(value: Any) -> str:
    """Text, or an empty string for the cells that say "none"."""
    found = text(value)
    return "" if found.lower() in NOTHING else found


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")


def birth_date(value: Any) -> tuple[date, bool]:
    """A date from a date cell, an Excel serial, "2015-03-04", "2015/3/4", "2015年3月4日", "20150304",
    or a year and month ("2015.03", "2015年3月": the 1st, estimated). Returns (date, estimated)."""
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    raw = text(value)
    # A number is an Excel date serial, except 1900-2099 with a fraction: a year and month typed as 2015.06.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1000 < float(value) < 80000 \
            and not 1900 <= float(value) < 2100:
        return _EXCEL_EPOCH + timedelta(days=int(value)), False
    digits = raw.replace(" ", "")
    if re.fullmatch(r"\d{8}", digits):
        digits = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    found = _DATE.match(digits)
    if found:
        year, month, day = int(found.group(1)), int(found.group(2)), found.group(3)
        try:
            return date(year, month, int(day) if day else 1), day is None
        except ValueError:
            pass
    raise CellError(_l("%(value)s is not a date", value=raw))


def a_date(value: Any) -> date:
    """A date cell (see :func:`birth_date`), estimated or not."""
    return birth_date(value)[0]


def age(value: Any) -> int:
    """An age in whole years ("8", "8岁", "8周岁")."""
    raw = text(value)
    found = re.fullmatch(r"(\d{1,3})\s*(?:周岁|岁)?", raw)
    if not found or int(found.group(1)) > 120:
        raise CellError(_l("%(value)s is not an age", value=raw))
    return int(found.group(1))


def years_ago(value: Any, today: date) -> date:
    """A date that many years before ``today`` ("3", "3年"): how long someone has been away."""
    raw = text(value)
    found = re.fullmatch(r"(\d{1,2}(?:\.\d)?)\s*年?", raw)
    if not found:
        raise CellError(_l("%(value)s is not a number of years", value=raw))
    return today - timedelta(days=round(float(found.group(1)) * 365.25))


def phone(value: Any) -> str | None:
    """A phone number, or None for "无电话" and the like; checked by the ledger's phone rule, with its message
    (a mobile, or a landline with its area code: "12345" is refused, issue 27)."""
    raw = plain(value)
    if not raw:
        return None
    problem = rules.phone_problem(raw)
    if problem:
        raise CellError(problem)
    return raw


def gender(value: Any) -> str:
    raw = text(value).upper()
    found = {"男": "M", "M": "M", "MALE": "M", "女": "F", "F": "F", "FEMALE": "F"}.get(raw)
    if found is None:
        raise CellError(_l("%(value)s is not a gender (男 or 女)", value=text(value)))
    return found


def id_number(value: Any) -> str | None:
    """An 18-character ID-card number, check digit verified; a 15-digit one converted (GB 11643-1999)."""
    if isinstance(value, float) and not value.is_integer() or (isinstance(value, float) and value > 1e15):
        raise CellError(_l("the number was saved as a number and lost digits; format the column as text"))
    raw = plain(value).upper().replace(" ", "")
    if not raw or "*" in raw:  # a masked number (an export for a role that may not read them) says nothing new
        return None
    if re.fullmatch(r"\d{15}", raw):
        first17 = raw[:6] + "19" + raw[6:]
        raw = first17 + idcard.check_char(first17)
    problem = rules.id_number_problem(raw)  # the ledger's rule and words
    if problem is not None:
        raise CellError(problem)
    return raw


_YES = {"是", "有", "√", "✓", "Y", "YES", "TRUE", "1", "寄宿"}
_NO = {"否", "无", "没有", "×", "N", "NO", "FALSE", "0", "不寄宿", "走读"}


def yes_no(value: Any) -> bool | None:
    raw = text(value).upper()
    if raw == "":
        return None
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise CellError(_l("%(value)s is neither 是 nor 否", value=text(value)))


def choice(options, synonyms: dict[str, str] | None = None) -> Callable[[Any], str]:
    """A parser for a select's codes: the labels (Chinese or English), the codes, and common synonyms."""
    known: dict[str, str] = {}
    for code, label in options:
        known[code.lower()] = code
        for name in getattr(label, "names", {"zh": str(label)}).values():
            known[name.lower()] = code
    for word, code in (synonyms or {}).items():
        known[word.lower()] = code
    zh = "、".join(getattr(label, "names", {"zh": str(label)})["zh"] for _, label in options)

    def parse(value: Any) -> str | None:
        raw = text(value)
        if not raw:
            return None
        found = known.get(raw.lower())
        if found is None:
            raise CellError(_l("%(value)s is not one of: %(known)s", value=raw, known=zh))
        return found
    return parse


def label_of(options, code: str | None) -> str:
    """The Chinese label of a code among a select's options (what an export writes)."""
    for known, label in options:
        if known == code:
            return str(label)
    return code or ""


def word_set(options, synonyms: dict[str, str] | None = None) -> Callable[[Any], list[str] | None]:
    """A parser for a cell naming several things at once ("空巢、高龄，低保"): each word one of the options'
    labels (Chinese or English, with or without a trailing 老人), codes or synonyms; the codes, sorted. An
    unknown word is a :class:`CellError` naming it and the words known."""
    known: dict[str, str] = {}
    for code, label in options:
        known[code.lower()] = code
        for name in getattr(label, "names", {"zh": str(label)}).values():
            known[name.lower()] = code
            known[f"{name}老人".lower()] = code
    for word, code in (synonyms or {}).items():
        known[word.lower()] = code
    zh = "、".join(getattr(label, "names", {"zh": str(label)})["zh"] for _, label in options)

    def parse(value: Any) -> list[str] | None:
        raw = text(value)
        if not raw:
            return None
        codes = set()
        for word in re.split(r"[,，、;；/\s]+|和|及", raw):
            if not word:
                continue
            found = known.get(word.lower())
            if found is None:
                raise CellError(_l("%(value)s is not one of: %(known)s", value=word, known=zh))
            codes.add(found)
        return sorted(codes)
    return parse
