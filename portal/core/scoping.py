"""The one helper every list and detail query goes through: what a user's role, group and place allow.

Each feature hands its models' rules over through ``guanai_get_scope_rules``; they are kept per app in
``app.extensions["guanai_scopes"]``. A query on a model with no rule fails loudly, never silently unscoped.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import abort, current_app
from sqlalchemy import Select, select
from sqlalchemy.sql import ColumnElement

from ..extensions import db

ScopeRule = Callable[[Any], ColumnElement[bool]]


class ScopeRules:
    """The visibility rule of each model: a function from user to a WHERE clause."""

    def __init__(self, parts: Iterable[Mapping[type, ScopeRule]]):
        self._rules: dict[type, ScopeRule] = {}
        for part in parts:
            for model, rule in part.items():
                if model in self._rules:
                    raise RuntimeError(f"two plugins give a scope rule for {model.__name__}")
                self._rules[model] = rule

    def clause(self, model: type, user) -> ColumnElement[bool]:
        try:
            return self._rules[model](user)
        except KeyError:
            raise LookupError(f"no scope rule for {model.__name__}; return one from guanai_get_scope_rules") from None


def visible(model: type, user) -> ColumnElement[bool]:
    """The WHERE clause limiting ``model`` to what ``user`` may see."""
    return current_app.extensions["guanai_scopes"].clause(model, user)


def scoped(model: type, user, stmt: Select | None = None) -> Select:
    """``stmt`` (default ``select(model)``) limited to what ``user`` may see."""
    return (stmt if stmt is not None else select(model)).where(visible(model, user))


def get_or_404(model: type, ident: Any, user, *criteria):
    """The row of ``model`` with this id if ``user`` may see it (and it meets ``criteria``), else a 404.

    Never a 403: a user learns nothing about rows outside their view.
    """
    row = db.session.execute(scoped(model, user).where(model.id == ident, *criteria)).scalar_one_or_none()
    if row is None:
        abort(404)
    return row
