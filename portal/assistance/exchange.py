"""The register as a sheet: exported with the headers the import reads back (Chinese first), imported all or none."""
from __future__ import annotations

import csv
import io

from flask_babel import force_locale
from flask_babel import gettext as _

from ..core.scoping import scoped
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from .cases import STATE_NAMES, CaseRefused, save_case
from .models import AssistanceCase

COLUMNS = ("person", "name", "programme", "state", "applied_on", "approved_on", "ended_on", "amount", "next_review",
           "handled_by", "note")


def _headers() -> dict[str, str]:
    return {"person": "人员编号", "name": "姓名", "programme": "救助项目", "state": "状态", "applied_on": "申请日期",
            "approved_on": "批准日期", "ended_on": "结束日期", "amount": "金额（元）", "next_review": "下次复核",
            "handled_by": "经办人", "note": "备注"}


class ImportRefused(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def export_rows(user) -> list[list]:
    """A header row and one row per case the user sees (the register is never shown to volunteers: scope rule)."""
    programmes = current_plugins().assistance_programmes()
    rows = [list(_headers().values())]
    stmt = scoped(AssistanceCase, user, db.select(AssistanceCase, Beneficiary.name)).join(
        Beneficiary, Beneficiary.id == AssistanceCase.beneficiary_id).order_by(Beneficiary.name, AssistanceCase.id)
    with force_locale("zh"):
        for case, name in db.session.execute(stmt):
            rows.append([case.beneficiary_id, name, programmes[case.programme].name if case.programme in programmes
                         else case.programme, str(STATE_NAMES[case.state]), case.applied_on or "", case.approved_on or "",
                         case.ended_on or "", case.amount if case.amount is not None else "", case.next_review or "",
                         case.handled_by, case.note])
    return rows


def import_rows(user, text: str) -> int:
    """Add one case per row of a CSV sheet; any bad row refuses the whole sheet, naming row and column."""
    programmes = current_plugins().assistance_programmes()
    by_name = {**{code: code for code in programmes}, **{p.names.get("zh", ""): code for code, p in programmes.items()},
               **{p.names.get("en", ""): code for code, p in programmes.items()}}
    with force_locale("zh"):
        states = {**{code: code for code in STATE_NAMES}, **{str(name): code for code, name in STATE_NAMES.items()}}
    header_of = {v: k for k, v in _headers().items()}
    reader = csv.reader(io.StringIO(text))
    head = next(reader, [])
    fields = [header_of.get(h.strip(), h.strip()) for h in head]
    if "person" not in fields or "programme" not in fields or "state" not in fields:
        raise ImportRefused([_("The sheet needs the columns 人员编号, 救助项目 and 状态.")])
    problems, count = [], 0
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(fields, (c.strip() for c in cells)))
        person = None
        if row.get("person", "").isdecimal():
            person = db.session.execute(scoped(Beneficiary, user).where(Beneficiary.id == int(row["person"]))) \
                .scalar_one_or_none()
        if person is None:
            problems.append(_("Row %(n)d, %(column)s: no such person in your area.", n=number, column="人员编号"))
            continue
        row["programme"] = by_name.get(row.get("programme", ""), row.get("programme", ""))
        row["state"] = states.get(row.get("state", ""), row.get("state", ""))
        try:
            save_case(user, person, row)
        except CaseRefused as refused:
            problems.append(_("Row %(n)d, %(column)s: %(message)s", n=number, column=_headers().get(refused.field, refused.field),
                              message=str(refused)))
        else:
            count += 1
    if problems:
        raise ImportRefused(problems)
    return count
