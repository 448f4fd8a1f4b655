"""Validation of a `guanai-matching/1` document: every problem found, one line each, naming its field.

Numbers are held to the ranges the engine computes exactly in (:data:`LIMITS`); a file that cannot be read
or parsed (nested too deeply, an integer of thousands of digits) is one problem like any other.
"""
from __future__ import annotations

import json
import math
from typing import Any

from ._instance import (DEFAULT_RULES, DEFAULT_WEIGHTS, FORMAT, Beneficiary, Instance, InstanceError, Rules,
                        Volunteer, Weights)

#: The largest size of a weight or penalty: beyond it, sums of a few costs would lose the micro-units the
#: objective is exact to (and 1e308 overflows to infinity, which assigns nobody).
MAX_WEIGHT = 1_000_000
#: Half the Earth's circumference (pi * 6371.0 km, rounded up): no two places are farther apart.
MAX_KM = 20_016
MAX_AGE = 150
#: More places than any volunteer has; it keeps slot counts within machine integers.
MAX_CAPACITY = 1_000_000

def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return False
    return isinstance(x, int) or math.isfinite(x)  # an int is finite, however long (isfinite would overflow)


class _Checker:
    """Collects every problem of a document, each as ``path: message``."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def number(self, obj: dict, key: str, path: str, *, lo=None, hi=None, gt=None, cap=None, required=True,
               default=None):
        """A finite number within the bounds; larger in size than ``cap`` (a limit of the engine) said apart."""
        if key not in obj or (obj[key] is None and not required):
            if required:
                self.problem(f"{path}.{key}", "is required")
            return default
        value = obj[key]
        bounds = []
        if lo is not None:
            bounds.append(f">= {lo}")
        if gt is not None:
            bounds.append(f"> {gt}")
        if hi is not None:
            bounds.append(f"<= {hi}")
        wanted = "must be a number" + (" " + " and ".join(bounds) if bounds else "")
        if lo is not None and hi is not None:
            wanted = f"must be a number in [{lo}, {hi}]"
        if not _is_number(value) or (lo is not None and value < lo) or (hi is not None and value > hi) \
                or (gt is not None and value <= gt):
            self.problem(f"{path}.{key}", wanted)
            return default
        if cap is not None and abs(value) > cap:
            self.problem(f"{path}.{key}", f"must be a number <= {cap}" if (lo is not None or gt is not None)
                         else f"must be a number in [-{cap}, {cap}]")
            return default
        return float(value)

    def integer(self, obj: dict, key: str, path: str, *, lo=None, hi=None, cap=None, required=True, default=None):
        """An integer in [lo, hi]; beyond ``cap`` (a limit of the engine, not of the field) said apart."""
        if key not in obj:
            if required:
                self.problem(f"{path}.{key}", "is required")
            return default
        value = obj[key]
        if lo is not None and hi is not None:
            wanted = f"must be an integer from {lo} to {hi}"
        elif lo is not None:
            wanted = f"must be an integer >= {lo}"
        else:
            wanted = "must be an integer"
        if not _is_int(value) or (lo is not None and value < lo) or (hi is not None and value > hi):
            self.problem(f"{path}.{key}", wanted)
            return default
        if cap is not None and value > cap:
            self.problem(f"{path}.{key}", f"must be an integer <= {cap}")
            return default
        return value

    def string(self, obj: dict, key: str, path: str, *, required=True):
        if key not in obj or (obj[key] is None and not required):
            if required:
                self.problem(f"{path}.{key}", "is required")
            return None
        value = obj[key]
        if not isinstance(value, str) or (required and not value):
            self.problem(f"{path}.{key}", "must be a non-empty string" if required else "must be a string")
            return None
        return value

    def boolean(self, obj: dict, key: str, path: str, default: bool) -> bool:
        if key not in obj:
            return default
        if not isinstance(obj[key], bool):
            self.problem(f"{path}.{key}", "must be true or false")
            return default
        return obj[key]

    def strings(self, obj: dict, key: str, path: str) -> tuple[str, ...]:
        value = obj.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            self.problem(f"{path}.{key}", "must be a list of strings")
            return ()
        return tuple(value)

    def gender(self, obj: dict, path: str) -> str:
        value = obj.get("gender")
        if value not in ("F", "M"):
            self.problem(f"{path}.gender", 'must be "F" or "M"')
            return "M"
        return value

    def unknown_keys(self, obj: dict, allowed, path: str) -> None:
        for key in obj:
            if key not in allowed:
                self.problem(f"{path}.{key}", "is not a known key")


def _parse_rules(doc: dict, c: _Checker) -> Rules:
    raw = doc.get("rules", {})
    if not isinstance(raw, dict):
        c.problem("rules", "must be an object")
        return Rules()
    c.unknown_keys(raw, DEFAULT_RULES, "rules")
    age = Rules.female_helper_for_girls_from_age
    if "female_helper_for_girls_from_age" in raw:
        age = None if raw["female_helper_for_girls_from_age"] is None else \
            c.integer(raw, "female_helper_for_girls_from_age", "rules", lo=0, cap=MAX_AGE, default=age)
    return Rules(
        max_km=c.number(raw, "max_km", "rules", gt=0, cap=MAX_KM, required=False, default=Rules.max_km),
        female_helper_for_girls_from_age=age,
        require_background_check=c.boolean(raw, "require_background_check", "rules", True),
        household_together=c.boolean(raw, "household_together", "rules", True),
    )


def _parse_weights(doc: dict, c: _Checker) -> Weights:
    raw = doc.get("weights", {})
    if not isinstance(raw, dict):
        c.problem("weights", "must be an object")
        return Weights()
    c.unknown_keys(raw, DEFAULT_WEIGHTS, "weights")
    base = Weights()
    unassigned = dict(base.unassigned)
    if "unassigned" in raw:
        table = raw["unassigned"]
        if not isinstance(table, dict):
            c.problem("weights.unassigned", "must be an object from priority to penalty")
        else:
            unassigned = {}
            for key, value in table.items():
                if not (isinstance(key, str) and key.isdigit() and 1 <= int(key) <= 9):
                    c.problem(f"weights.unassigned.{key}", "the key must be a priority from 1 to 9")
                elif not _is_number(value) or not 0 <= value <= MAX_WEIGHT:
                    c.problem(f"weights.unassigned.{key}", f"must be a number in [0, {MAX_WEIGHT}]")
                else:
                    unassigned[int(key)] = float(value)
    big = {"cap": MAX_WEIGHT, "required": False}
    return Weights(
        per_km=c.number(raw, "per_km", "weights", **big, default=base.per_km),
        per_shared_skill=c.number(raw, "per_shared_skill", "weights", **big, default=base.per_shared_skill),
        continuity=c.number(raw, "continuity", "weights", **big, default=base.continuity),
        # A negative slot weight would reward piling people on one helper and break the slot expansion.
        per_extra_slot=c.number(raw, "per_extra_slot", "weights", lo=0, cap=MAX_WEIGHT, required=False,
                                default=base.per_extra_slot),
        unassigned=unassigned,
    )


def _parse_list(doc: dict, key: str, c: _Checker) -> list:
    value = doc.get(key)
    if not isinstance(value, list):
        c.problem(key, "must be a list")
        return []
    return value


def _parse_beneficiary(raw: Any, path: str, c: _Checker) -> Beneficiary | None:
    if not isinstance(raw, dict):
        c.problem(path, "must be an object")
        return None
    before = len(c.problems)
    b = Beneficiary(
        id=c.string(raw, "id", path) or "",
        lat=c.number(raw, "lat", path, lo=-90, hi=90, default=0.0),
        lon=c.number(raw, "lon", path, lo=-180, hi=180, default=0.0),
        gender=c.gender(raw, path),
        age=c.integer(raw, "age", path, lo=0, cap=MAX_AGE, default=0),
        priority=c.integer(raw, "priority", path, lo=1, hi=9, default=9),
        household=c.string(raw, "household", path, required=False) or None,
        needs=c.strings(raw, "needs", path),
        current_volunteer=c.string(raw, "current_volunteer", path, required=False) or None,
    )
    return b if len(c.problems) == before else None


def _parse_volunteer(raw: Any, path: str, c: _Checker) -> Volunteer | None:
    if not isinstance(raw, dict):
        c.problem(path, "must be an object")
        return None
    before = len(c.problems)
    v = Volunteer(
        id=c.string(raw, "id", path) or "",
        lat=c.number(raw, "lat", path, lo=-90, hi=90, default=0.0),
        lon=c.number(raw, "lon", path, lo=-180, hi=180, default=0.0),
        gender=c.gender(raw, path),
        capacity=c.integer(raw, "capacity", path, lo=0, cap=MAX_CAPACITY, default=0),
        background_checked=c.boolean(raw, "background_checked", path, False),
        max_km=c.number(raw, "max_km", path, gt=0, cap=MAX_KM, required=False),
        skills=c.strings(raw, "skills", path),
    )
    return v if len(c.problems) == before else None


def _unique_ids(items: list, key: str, c: _Checker) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if item["id"] in seen:
                c.problem(f"{key}[{i}].id", f'"{item["id"]}" is already used by {key}[{seen[item["id"]]}]')
            else:
                seen[item["id"]] = i


def _parse_pairs(doc: dict, key: str, b_ids: set, v_ids: set, c: _Checker) -> tuple[tuple[str, str], ...]:
    raw = doc.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, list):
        c.problem(key, "must be a list of [beneficiary, volunteer] pairs")
        return ()
    pairs = []
    for i, pair in enumerate(raw):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            c.problem(f"{key}[{i}]", "must be a pair [beneficiary id, volunteer id]")
            continue
        ok = True
        if pair[0] not in b_ids:
            c.problem(f"{key}[{i}][0]", f'unknown beneficiary "{pair[0]}"')
            ok = False
        if pair[1] not in v_ids:
            c.problem(f"{key}[{i}][1]", f'unknown volunteer "{pair[1]}"')
            ok = False
        if ok:
            pairs.append((pair[0], pair[1]))
    return tuple(pairs)


def load_instance(doc: Any) -> Instance:
    """Validate a `guanai-matching/1` document (a parsed JSON object) and return the :class:`Instance`.

    Raises
    ------
    InstanceError
        With every problem found, one line each, naming the field (``volunteers[3].capacity: ...``).
    """
    c = _Checker()
    if not isinstance(doc, dict):
        raise InstanceError(["(document): must be a JSON object"])
    if doc.get("format") != FORMAT:
        c.problem("format", f'must be "{FORMAT}"')
    rules = _parse_rules(doc, c)
    weights = _parse_weights(doc, c)
    raw_b = _parse_list(doc, "beneficiaries", c)
    raw_v = _parse_list(doc, "volunteers", c)
    _unique_ids(raw_b, "beneficiaries", c)
    _unique_ids(raw_v, "volunteers", c)
    beneficiaries = [_parse_beneficiary(r, f"beneficiaries[{i}]", c) for i, r in enumerate(raw_b)]
    volunteers = [_parse_volunteer(r, f"volunteers[{i}]", c) for i, r in enumerate(raw_v)]
    b_ids = {r["id"] for r in raw_b if isinstance(r, dict) and isinstance(r.get("id"), str)}
    v_ids = {r["id"] for r in raw_v if isinstance(r, dict) and isinstance(r.get("id"), str)}
    for i, b in enumerate(beneficiaries):
        if b is not None and b.current_volunteer and b.current_volunteer not in v_ids:
            c.problem(f"beneficiaries[{i}].current_volunteer", f'unknown volunteer "{b.current_volunteer}"')
    locked = _parse_pairs(doc, "locked", b_ids, v_ids, c)
    forbidden = _parse_pairs(doc, "forbidden", b_ids, v_ids, c)
    if c.problems:
        raise InstanceError(c.problems)
    instance = Instance(tuple(beneficiaries), tuple(volunteers), rules, weights, locked, forbidden)
    from ._locks import check_locks  # the lock check needs the rule engine, built on the instance
    problems = check_locks(instance)
    if problems:
        raise InstanceError(problems)
    return instance


def read_json_file(path: str) -> Any:
    """The parsed JSON of a UTF-8 file; a file that cannot be read or parsed is an :class:`InstanceError`."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InstanceError([f"(file): cannot be read: {exc}"])
    return parse_json(text)


def read_instance(path: str) -> Instance:
    """Read and validate an instance file; a file that cannot be read or parsed is an :class:`InstanceError`."""
    return load_instance(read_json_file(path))


def parse_json(text: str) -> Any:
    """Parse JSON text; nesting too deep for the parser and integers too long to convert are problems too."""
    try:
        return json.loads(text)
    except RecursionError:
        raise InstanceError(["(file): not valid JSON: nested too deeply"]) from None
    except json.JSONDecodeError as exc:
        raise InstanceError([f"(file): not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"])
    except ValueError as exc:  # an integer beyond Python's digit limit for conversion
        raise InstanceError([f"(file): not valid JSON: {exc}".split(";")[0]])
