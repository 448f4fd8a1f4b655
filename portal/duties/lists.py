"""The lists read from the kept due table: an owner's day, the coordinator's overdue list with its counts, a
person's duties, the families gone silent. Every list is one or two SQL queries, scoped by the user."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, func, select, tuple_
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..core.scoping import visible
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from .counts import clauses_on
from .models import DutyDue, KnockRound
from .rules import ACTION_LABELS, OWNER_LABELS, duty_name, rule_index
from ..core.sql import by_pinyin
from .scopes import owned_by

#: A family not heard from for this many days is flagged (001: monthly contact; issue 28: two months' silence).
DEFAULT_SILENT_DAYS = 60


def silent_days() -> int:
    return int(current_app.config.get("GUANAI_DUTY_FAMILY_SILENT_DAYS", DEFAULT_SILENT_DAYS))


@dataclass
class Item:
    """One person's one duty, as the lists show it."""

    person_id: int
    name: str
    group: str
    duty: str
    action: str
    owner_role: str
    owner_id: int | None
    owner: str
    last_done: date | None
    due_on: date
    village: str = ""
    village_id: int | None = None
    place_id: int | None = None
    address: str = ""
    days_overdue: int = 0
    silent: bool = False
    owner_name: str = ""  # the owner's name as pages show it (``owner`` is their user name, for the command line)

    @property
    def duty_name(self) -> str:
        return duty_name(self.duty)

    @property
    def rule_code(self) -> str:
        """The rule's code within its group (what a visit names): "door" of "children.door:spring_festival"."""
        return self.duty.split(".", 1)[1].split(":", 1)[0]

    @property
    def occasion(self) -> str | None:
        return self.duty.split(":", 1)[1] if ":" in self.duty else None

    @property
    def action_label(self) -> str:
        return _label(ACTION_LABELS, self.action)

    @property
    def role_label(self) -> str:
        return _label(OWNER_LABELS, self.owner_role)

    def as_json(self) -> dict:
        data = {name: getattr(self, name) for name in _ITEM_FIELDS}   # asdict() deep-copied every value
        data.update(last_done=self.last_done.isoformat() if self.last_done else None, due_on=self.due_on.isoformat(),
                    duty_name=self.duty_name, action_label=self.action_label, role_label=self.role_label)
        return data


def _label(labels: dict, code: str) -> str:
    """A code in words from one of the rules' tables of labels, translated once per request (a list shows
    hundreds of rows)."""
    from flask import g, has_request_context
    if not has_request_context():
        return str(labels.get(code, code))
    seen = g.setdefault("guanai_duty_labels", {})
    key = (id(labels), code)
    if key not in seen:
        seen[key] = str(labels.get(code, code))
    return seen[key]


_ITEM_FIELDS = tuple(f.name for f in fields(Item))


@dataclass
class Filters:
    """What the coordinator's list is narrowed to."""

    place: Place | None = None
    group: str | None = None
    duty: str | None = None
    owner_id: int | None = None
    role: str | None = None
    unowned: bool = False


def select_items(where: list):
    """The due rows meeting ``where`` with what a list shows of each (person, village, owner): read by
    :func:`items_of`."""
    village = aliased(Place)
    owner = aliased(User)
    return (select(DutyDue.beneficiary_id, Beneficiary.name, DutyDue.group, DutyDue.duty, DutyDue.action,
                   DutyDue.owner_role, DutyDue.owner_id, owner.username, DutyDue.last_done, DutyDue.due_on,
                   village.name, DutyDue.village_id, DutyDue.place_id, Beneficiary.address, owner.display_name)
            .join(Beneficiary, Beneficiary.id == DutyDue.beneficiary_id)
            .outerjoin(village, village.id == DutyDue.village_id)
            .outerjoin(owner, owner.id == DutyDue.owner_id).where(*where))


def items_of(rows, today: date) -> list[Item]:
    """The rows of :func:`select_items` as items, with their days overdue and whether the family is silent."""
    quiet = today - timedelta(days=silent_days())
    return [Item(pid, name, group, duty, action, role, oid, owner or "", last, due, vname or "", vid, place, address,
                 max((today - due).days, 0),
                 action == "family_call" and (last is None or last < quiet), shown or "")
            for pid, name, group, duty, action, role, oid, owner, last, due, vname, vid, place, address, shown in rows]


def filter_clauses(user, filters: Filters) -> list:
    return clauses_on(DutyDue, DutyDue.place_id, user, filters)


def duty_rows(user, filters: Filters, overdue: bool = False, today: date | None = None,
              limit: int | None = None, after: tuple | None = None) -> list[Item]:
    """The duties in the user's view meeting ``filters`` (only those past due when ``overdue``), most overdue first,
    then by person and duty: the order of the index (due day, person, duty), so that a page is read by keyset from
    ``after`` (the (due day, person id, duty) of the last row of the page before), never by an offset."""
    from dataclasses import replace

    from sqlalchemy import union_all

    from .counts import duty_keys
    today = today or local_today()
    order = (DutyDue.due_on, DutyDue.beneficiary_id, DutyDue.duty)

    def clauses(f: Filters) -> list:
        where = filter_clauses(user, f)
        if overdue:
            where.append(DutyDue.due_on < today)
        if after is not None:
            where.append(tuple_(*order) > tuple_(*after))
        return where
    keys = duty_keys(filters.duty) if filters.duty and limit is not None else []
    if len(keys) > 1:
        # a duty with holidays: each key's first rows read by seeking the (duty, due day, person) index, then
        # merged (one IN list made PostgreSQL walk the (due day, person, duty) index over every duty instead)
        firsts = [select(DutyDue.id).where(*clauses(replace(filters, duty=None)), DutyDue.duty == k)
                  .order_by(*order).limit(limit).subquery() for k in keys]
        where = [DutyDue.id.in_(union_all(*(select(f.c.id) for f in firsts)))]
    else:
        where = clauses(filters)
    stmt = select_items(where).order_by(*order)
    if limit is not None:
        stmt = stmt.limit(limit)
    return items_of(db.session.execute(stmt).all(), today)


def overdue_total(user, filters: Filters, today: date | None = None) -> int:
    """How many duties in the user's view meeting ``filters`` are past due: from the kept counts when they
    answer (``portal.duties.counts``), else counted in the due table."""
    from .counts import kept_total, usable
    today = today or local_today()
    if usable(user, filters.place, today, filters.owner_id):
        return kept_total(user, filters, today)
    where = [*filter_clauses(user, filters), DutyDue.due_on < today]
    return db.session.execute(select(func.count()).select_from(DutyDue).where(*where)).scalar_one()


def _due_counts(user, filters: Filters, today: date, top: int | None = None) -> dict[str, list]:
    """:func:`overdue_counts` read from the due table itself (the kept counts do not answer)."""
    where = [*filter_clauses(user, filters), DutyDue.due_on < today]
    if top is not None:
        raw = _due_counts(user, filters, today)
        return {k: v[:top] for k, v in raw.items()}
    village, owner = aliased(Place), aliased(User)
    out: dict[str, list] = {}
    out["village"] = [(name or "", n) for name, n in db.session.execute(
        select(village.name, func.count()).select_from(DutyDue).outerjoin(village, village.id == DutyDue.village_id)
        .where(*where).group_by(village.name).order_by(func.count().desc()))]
    out["duty"] = list(db.session.execute(select(DutyDue.duty, func.count()).where(*where).group_by(DutyDue.duty)
                                          .order_by(func.count().desc())).all())
    out["owner"] = list(db.session.execute(
        select(owner.display_name, DutyDue.owner_role, func.count()).select_from(DutyDue)
        .outerjoin(owner, owner.id == DutyDue.owner_id).where(*where)
        .group_by(owner.display_name, DutyDue.owner_role).order_by(func.count().desc())).all())
    out["group"] = list(db.session.execute(
        select(DutyDue.group, func.count()).where(*where).group_by(DutyDue.group).order_by(func.count().desc()))
        .all())
    return out


def overdue_counts(user, filters: Filters, today: date | None = None, top: int | None = None
                   ) -> dict[str, list[tuple[str, int]]]:
    """The overdue duties in all ("total") and counted by village, duty, owner and group (the ``top`` largest of
    each, when given): one statement over the kept counts (a few rows per village and duty), or grouped queries
    over the due table when those do not answer."""
    from .counts import EACH_OWNER, kept_counts, usable
    today = today or local_today()
    if usable(user, filters.place, today, filters.owner_id):
        raw = kept_counts(user, filters, today, top)
    else:
        raw = _due_counts(user, filters, today, top)
        raw["total"] = db.session.execute(select(func.count()).select_from(DutyDue).where(
            *filter_clauses(user, filters), DutyDue.due_on < today)).scalar_one()
    names: dict[str, int] = {}
    for key, n in raw["duty"]:       # a holiday duty's keys read as one name per holiday (a handful of rows)
        label = duty_name(key)
        names[label] = names.get(label, 0) + n
    return {"village": raw["village"], "duty": sorted(names.items(), key=lambda kv: -kv[1]),
            "owner": [(f"{_owner_name(name, EACH_OWNER)} · {OWNER_LABELS.get(role, role)}", n)
                      for name, role, n in raw["owner"]],
            "group": raw["group"], "total": raw["total"]}


def _owner_name(name: str | None, each: str) -> str:
    """An owner's name on the counts: "—" for none, "each their own" for a role counted together."""
    if name == each:
        return _("each their own")
    return name or "—"


def silent_families(user, today: date | None = None, limit: int = 200) -> list[Item]:
    """People whose absent family has not been in touch for two months (or ever, registered that long ago)."""
    today = today or local_today()
    quiet = today - timedelta(days=silent_days())
    where = [visible(DutyDue, user), DutyDue.action == "family_call"]
    # never heard from first, then the longest silent: two statements, the second reading the (action, last day)
    # index in its order and stopping at ``limit`` (one ORDER BY ... NULLS FIRST over an OR read and sorted every
    # silent family of a county, 14,000 rows, for the 50 shown)
    never = items_of(db.session.execute(select_items([*where, DutyDue.last_done.is_(None), DutyDue.due_on < today])
                                      .order_by(by_pinyin(Beneficiary.name)).limit(limit)).all(), today)
    rest = items_of(db.session.execute(select_items([*where, DutyDue.last_done < quiet])
                                     .order_by(DutyDue.last_done, by_pinyin(Beneficiary.name))
                                     .limit(limit - len(never))).all(), today) if len(never) < limit else []
    return [i for i in never + rest if i.silent]


@dataclass
class Finding:
    """What a knock round found, for the coordinator."""

    place: str
    day: date
    found: str
    by: str


def round_findings(user, days: int = 14, limit: int = 50, today: date | None = None) -> list[Finding]:
    """The knock rounds of the last ``days`` days in the user's view that found something, newest first."""
    today = today or local_today()
    place, by = aliased(Place), aliased(User)
    rows = db.session.execute(
        select(place.name, KnockRound.day, KnockRound.found, by.display_name)
        .join(place, place.id == KnockRound.place_id).outerjoin(by, by.id == KnockRound.by_id)
        .where(visible(KnockRound, user), KnockRound.found != "", KnockRound.day >= today - timedelta(days=days))
        .order_by(KnockRound.day.desc(), by_pinyin(place.name)).limit(limit)).all()
    return [Finding(name, day, found, who or "") for name, day, found, who in rows]


def person_duties(person_id: int, today: date | None = None) -> list[Item]:
    """Every duty a person has, with its owner, last done and next due (the person's page)."""
    today = today or local_today()
    return items_of(db.session.execute(select_items([DutyDue.beneficiary_id == person_id])
                                     .order_by(DutyDue.due_on, DutyDue.duty)).all(), today)


def dashboard_counts(user) -> dict:
    today = local_today()
    where = visible(DutyDue, user)
    overdue, unowned = db.session.execute(select(
        func.coalesce(func.sum(case((DutyDue.due_on < today, 1), else_=0)), 0),
        func.coalesce(func.sum(case((DutyDue.owner_id.is_(None), 1), else_=0)), 0)).where(where)).one()
    return {"overdue": int(overdue), "unowned": int(unowned), "rules": len(rule_index())}


def _item_data(item: Item) -> dict:
    data = {name: getattr(item, name) for name in _ITEM_FIELDS}
    data.update(last_done=item.last_done.isoformat() if item.last_done else None, due_on=item.due_on.isoformat())
    return data


def _item_of(data: dict) -> Item:
    return Item(**{**data, "last_done": date.fromisoformat(data["last_done"]) if data["last_done"] else None,
                   "due_on": date.fromisoformat(data["due_on"])})


def owns_any(user) -> bool:
    """Whether ``user`` owns a duty now (their own duties are in their view wherever they lie): one probe of the
    due table's owner index."""
    if getattr(user, "id", None) is None:
        return False
    return db.session.execute(select(DutyDue.id).where(owned_by(user)).limit(1)).first() is not None


def overdue_key(user, filters: Filters, after: tuple | None, per_page: int, gaps_shown: int, today: date) -> tuple:
    """What decides what the overdue list shows ``user``: their role, place and group (and the user, when they
    own duties, which are in their view wherever they lie), the language, the day, the filters and the page."""
    from flask_babel import get_locale
    return (user.role, user.place_id, user.group, user.id if owns_any(user) else None, str(get_locale()),
            today.isoformat(), filters.place.id if filters.place is not None else None, filters.group,
            filters.duty, filters.owner_id, filters.role, filters.unowned,
            tuple(str(v) for v in after) if after is not None else None, per_page, gaps_shown)


def overdue_page(user, filters: Filters, after: tuple | None, per_page: int, gaps_shown: int,
                 today: date | None = None) -> dict:
    """What the coordinator's overdue list shows for ``user`` and ``filters`` from ``after``: the page's rows
    (and whether more follow), the counts and total, the gaps with the most households and how many there are,
    the silent families and the knock rounds' findings. The same for everyone with the same view: kept once
    for every worker (``portal.duties.kept``) under the user's role, place and group (and the user, when they
    own duties), the filters, the page, the day and the language; read back as plain data."""
    from .kept import kept
    from .owners import gap_count, gaps
    today = today or local_today()
    what = overdue_key(user, filters, after, per_page, gaps_shown, today)

    def build() -> dict:
        counts = overdue_counts(user, filters, today, top=10)
        rows = duty_rows(user, filters, overdue=True, today=today, limit=per_page + 1, after=after)
        return {"rows": [_item_data(i) for i in rows[:per_page]], "more": len(rows) > per_page,
                "total": counts.pop("total"), "counts": counts,
                "gaps": [asdict(g) for g in gaps(user, gaps_shown)], "gaps_total": gap_count(user),
                "silent": [_item_data(i) for i in silent_families(user, today, limit=50)],
                "findings": [{**asdict(f), "day": f.day.isoformat()} for f in round_findings(user, today=today)]}
    data = kept("overdue", what, build)
    from .owners import Gap
    return {**data, "rows": [_item_of(d) for d in data["rows"]], "silent": [_item_of(d) for d in data["silent"]],
            "gaps": [Gap(**g) for g in data["gaps"]],
            "findings": [Finding(**{**f, "day": date.fromisoformat(f["day"])}) for f in data["findings"]]}
