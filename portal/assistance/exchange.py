"""The register as a sheet: exported with the headers the import reads back (Chinese first), imported all or none."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from ..core.scoping import scoped
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from .cases import STATE_NAMES, CaseRefused, checked, save_case
from .models import AssistanceCase
from ..core.sql import by_pinyin

COLUMNS = ("case", "person", "name", "programme", "state", "applied_on", "approved_on", "ended_on", "amount",
           "next_review", "handled_by", "note")
#: The header is looked for in the sheet's first rows (a title row may come before it).
HEADER_WITHIN = 10


def _headers() -> dict[str, str]:
    return {"case": "登记编号", "person": "人员编号", "name": "姓名", "programme": "救助项目", "state": "状态",
            "applied_on": "申请日期", "approved_on": "批准日期", "ended_on": "结束日期", "amount": "金额（元）",
            "next_review": "下次复核", "handled_by": "经办人", "note": "备注"}


class ImportRefused(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def export_header() -> list[str]:
    return list(_headers().values())


def export_rows(user):
    """One row per case the user sees (the register is never shown to volunteers: scope rule), read 500 at a time
    (a generator: the download streams). The first column is the case's number, so the sheet imported again
    changes the cases, never doubles them."""
    programmes = current_plugins().assistance_programmes()
    stmt = scoped(AssistanceCase, user, db.select(AssistanceCase, Beneficiary.name)).join(
        Beneficiary, Beneficiary.id == AssistanceCase.beneficiary_id).order_by(by_pinyin(Beneficiary.name), AssistanceCase.id)
    with force_locale("zh"):
        for case, name in db.session.execute(stmt.execution_options(yield_per=500)):
            yield [case.id, case.beneficiary_id, name, programmes[case.programme].name
                   if case.programme in programmes else case.programme, str(STATE_NAMES[case.state]),
                   case.applied_on or "", case.approved_on or "", case.ended_on or "",
                   case.amount if case.amount is not None else "", case.next_review or "", case.handled_by,
                   case.note]


def _cell(value) -> str:
    """A cell as the text the case's checks read: a day as YYYY-MM-DD, a whole number read as a float as digits."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(rows: list[list]) -> tuple[int, list[str]]:
    header_of = {v: k for k, v in _headers().items()}
    for index, row in enumerate(rows[:HEADER_WITHIN]):
        fields = [header_of.get(_cell(h), _cell(h)) for h in row]
        if "person" in fields and "programme" in fields and "state" in fields:
            return index, fields
    raise ImportRefused([_("The sheet needs the columns 人员编号, 救助项目 and 状态.")])


def _number(raw: str) -> int | None:
    return int(raw) if raw.isdecimal() and len(raw) < 19 else None


def import_rows(user, rows: list[list]) -> tuple[int, int, int]:
    """Keep one case per row of a sheet (rows as ``portal.transfer.sheets.read_rows`` reads them): a row with a
    登记编号 changes that case (when anything differs), one without adds a case. Any bad row refuses the whole sheet,
    naming its row and column; nothing is written then. The people and cases named are read in two queries, not one
    per row. Returns (added, changed, unchanged)."""
    programmes = current_plugins().assistance_programmes()
    by_name = {**{code: code for code in programmes}, **{p.names.get("zh", ""): code for code, p in programmes.items()},
               **{p.names.get("en", ""): code for code, p in programmes.items()}}
    for code, p in programmes.items():     # "最低生活保障（低保）" is written 低保 or 最低生活保障 in townships' sheets
        full = p.names.get("zh", "")
        if full.endswith("）") and "（" in full:
            long, short = full[:-1].split("（", 1)
            by_name.setdefault(long, code)
            by_name.setdefault(short, code)
    with force_locale("zh"):
        states = {**{code: code for code in STATE_NAMES}, **{str(name): code for code, name in STATE_NAMES.items()}}
    start, fields = _header(rows)
    body = [(number, dict(zip(fields, (_cell(c) for c in cells))))
            for number, cells in enumerate(rows[start + 1:], start=start + 2) if any(_cell(c) for c in cells)]
    person_ids = {n for _, row in body if (n := _number(row.get("person", ""))) is not None}
    case_ids = {n for _, row in body if (n := _number(row.get("case", ""))) is not None}
    people = {p.id: p for p in db.session.execute(
        scoped(Beneficiary, user).where(Beneficiary.id.in_(person_ids))).scalars()} if person_ids else {}
    cases = {c.id: c for c in db.session.execute(
        scoped(AssistanceCase, user).where(AssistanceCase.id.in_(case_ids))).scalars()} if case_ids else {}
    headers = _headers()
    problems, added, changed, same = [], 0, 0, 0
    for number, row in body:
        person = people.get(_number(row.get("person", "")) or 0)
        if person is None:
            problems.append(_("Row %(n)d, %(column)s: no such person in your area.", n=number, column=headers["person"]))
            continue
        case = None
        if row.get("case"):
            case = cases.get(_number(row["case"]) or 0)
            if case is None or case.beneficiary_id != person.id:
                problems.append(_("Row %(n)d, %(column)s: no such case of this person in your area; leave it empty to "
                                  "add one.", n=number, column=headers["case"]))
                continue
        row["programme"] = by_name.get(row.get("programme", ""), row.get("programme", ""))
        row["state"] = states.get(row.get("state", ""), row.get("state", ""))
        try:
            if case is not None and all(getattr(case, k) == v for k, v in checked(person, row).items()):
                same += 1
                continue
            save_case(user, person, row, case)
        except CaseRefused as refused:
            problems.append(_("Row %(n)d, %(column)s: %(message)s", n=number,
                              column=headers.get(refused.field, refused.field), message=str(refused)))
        else:
            added, changed = (added + 1, changed) if case is None else (added, changed + 1)
    if problems:
        raise ImportRefused(problems)
    return added, changed, same
