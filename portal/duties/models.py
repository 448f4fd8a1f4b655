"""Duties (issue 28): who owns them, what was done outside the visit form, and the kept due table.

The rules live in code (group plugins and features hand them over through ``guanai_get_duty_rules``);
owners, family contacts, knock rounds and traits are rows; ``duty_due`` keeps, for every active person and
duty, the last day it was done, the next due day and the owner, refreshed in SQL (``portal.duties.due``).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place


class DutyOwner(db.Model):
    """Someone who owns a role's duties for a place (a village's area cadre, a grid's worker, a township's
    cadre), for a school class (``unit``: the class teacher), or for one person and one duty."""

    __tablename__ = "duty_owners"
    __table_args__ = (Index("ix_duty_owners_role_place", "role", "place_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(24))            # village_cadre, grid_worker, township_cadre, ...
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    unit: Mapped[str | None] = mapped_column(String(160), index=True)      # "school class" for class teachers
    beneficiary_id: Mapped[int | None] = mapped_column(ForeignKey("beneficiaries.id", ondelete="CASCADE"),
                                                       index=True)
    duty: Mapped[str | None] = mapped_column(String(64))     # with a person: the duty key given to this owner
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    place: Mapped[Place | None] = relationship()
    person: Mapped[Beneficiary | None] = relationship()


class FamilyContact(db.Model):
    """A contact with the absent family (001: monthly, by phone, text or online): who, when, how, what was said."""

    __tablename__ = "family_contacts"
    __table_args__ = (Index("ix_family_contacts_person_day", "beneficiary_id", "contacted_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id", ondelete="CASCADE"))
    contacted_on: Mapped[date]
    who: Mapped[str] = mapped_column(String(64), default="")         # 父亲, 女儿 ...
    how: Mapped[str] = mapped_column(String(16), default="phone")    # phone, text, online, visit
    said: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Beneficiary] = relationship()


class KnockRound(db.Model):
    """The grid worker's daily knock (000, "一敲门"): one round per grid and day, the doors knocked, anything found."""

    __tablename__ = "knock_rounds"
    __table_args__ = (UniqueConstraint("place_id", "day", name="uq_knock_rounds_place_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    day: Mapped[date]
    doors: Mapped[int] = mapped_column(default=0)
    found: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    place: Mapped[Place] = relationship()


class PersonTrait(db.Model):
    """A trait a person carries (an elder's, say: empty-nest, living alone, high age, losing self-care, dementia,
    lost only child, 低保, 特困): several may hold at once, and each counts for duties and priority."""

    __tablename__ = "person_traits"
    __table_args__ = (UniqueConstraint("beneficiary_id", "trait", name="uq_person_traits"),
                      Index("ix_person_traits_trait", "trait", "beneficiary_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id", ondelete="CASCADE"))
    trait: Mapped[str] = mapped_column(String(32))


class DutyDue(db.Model):
    """One person's one duty as last computed: the owner, the last day it was done and the next due day.

    Written only by ``portal.duties.due.refresh`` (INSERT ... SELECT), read by every list.
    """

    __tablename__ = "duty_due"
    __table_args__ = (UniqueConstraint("beneficiary_id", "duty", name="uq_duty_due_person_duty"),
                      Index("ix_duty_due_owner_due", "owner_id", "due_on"),
                      Index("ix_duty_due_due_place", "due_on", "village_id"),
                      Index("ix_duty_due_village_due", "village_id", "due_on"),
                      # the overdue list's keyset order (most overdue first, then person and duty)
                      Index("ix_duty_due_due_person", "due_on", "beneficiary_id", "duty"),
                      # the same order within one duty (the list filtered by duty seeks it)
                      Index("ix_duty_due_duty_due", "duty", "due_on", "beneficiary_id"),
                      Index("ix_duty_due_action_last", "action", "last_done"))

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id", ondelete="CASCADE"))
    group: Mapped[str] = mapped_column(String(32))
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    duty: Mapped[str] = mapped_column(String(64))           # "<group>.<code>" or "<group>.<code>:<holiday>"
    action: Mapped[str] = mapped_column(String(16))
    owner_role: Mapped[str] = mapped_column(String(24))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_done: Mapped[date | None]
    due_on: Mapped[date]

    person: Mapped[Beneficiary] = relationship()
    owner: Mapped[User | None] = relationship()


class DutyCount(db.Model):
    """How many kept duties of a village, group, duty and owner (a paired helper's: of all helpers together, with
    ``owned`` saying whether they have one; ``portal.duties.counts.PER_KIND``) fall due on a day, the days bucketed around the
    refresh's day ``as_of``: every day before it counts as ``as_of - 1`` and every day past ``as_of + HORIZON``
    as the day after that, so a few rows per village and duty answer "overdue today" for a week without the
    refresh (``portal.duties.counts``). Written with the due table, read by the overdue list's counts."""

    __tablename__ = "duty_counts"
    __table_args__ = (Index("ix_duty_counts_village", "village_id"), Index("ix_duty_counts_due_by", "due_by"),
                      Index("ix_duty_counts_way_due_by", "way", "due_by"),
                      Index("ix_duty_counts_as_of", "as_of"))

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    group: Mapped[str] = mapped_column(String(32))
    duty: Mapped[str] = mapped_column(String(64))
    owner_role: Mapped[str] = mapped_column(String(24))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))   # NULL for a role counted per kind
    owned: Mapped[bool] = mapped_column(default=True, server_default=true())   # whether the duties have an owner
    # "" for a count; "village", "duty" or "owner" for the counts summed that way (per village, or per township)
    way: Mapped[str] = mapped_column(String(8), default="", server_default="")
    due_by: Mapped[date]
    n: Mapped[int]
    as_of: Mapped[date]


class DutyGap(db.Model):
    """Duties nobody owns, kept per village, role (and grid, for a grid worker) with the households and people
    concerned: one row per group, and one with ``group`` "" for all groups together (a household may hold people
    of several groups, so households are not summed). Written with the due table (``portal.duties.counts``)."""

    __tablename__ = "duty_gaps"
    # (group, households): the overdue list's gaps with the most households, read in that order and stopped at 20
    __table_args__ = (Index("ix_duty_gaps_village", "village_id"),
                      Index("ix_duty_gaps_group_households", "group", "households"))

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    group: Mapped[str] = mapped_column(String(32))
    owner_role: Mapped[str] = mapped_column(String(24))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    households: Mapped[int]
    people: Mapped[int]
    duties: Mapped[int]


class DutyKept(db.Model):
    """What the duty lists show alike to everyone with the same view, kept once for every worker and server
    (``portal.duties.kept``): a value is read only while its ``generation`` is the current one, the row keyed
    :data:`portal.duties.kept.GENERATION`, which every rewrite of the due table moves on in its own transaction."""

    __tablename__ = "duty_kept"
    __table_args__ = (Index("ix_duty_kept_generation", "generation"),)

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
