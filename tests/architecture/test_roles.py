"""The sets of roles the pages allow are named once, in portal.web.access (issue 26, "role tuples named once")."""
from __future__ import annotations

import ast
from pathlib import Path

from portal.web import access

ROOT = Path(__file__).resolve().parents[2]
ROLE_NAMES = set(access.ROLES)


def _sources():
    for folder in ("portal", "plugins"):
        for path in (ROOT / folder).rglob("*.py"):
            # config.py: the deployment's settings (who reads whole ID numbers) are lists it may change
            if "migrations" not in path.parts and path not in (ROOT / "portal/web/access.py", ROOT / "portal/config.py"):
                yield path


def _literal_roles(node) -> bool:
    """A tuple, list or set of two or more role names, written out."""
    if not isinstance(node, (ast.Tuple, ast.List, ast.Set)) or len(node.elts) < 2:
        return False
    return all(isinstance(e, ast.Constant) and e.value in ROLE_NAMES for e in node.elts)


def test_no_feature_writes_out_a_set_of_roles():
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _literal_roles(node):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "role sets belong in portal.web.access: " + ", ".join(found)


def test_roles_required_is_given_named_roles():
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "roles_required"
                    and any(isinstance(a, ast.Constant) for a in node.args)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "roles_required(*NAME) with a name from portal.web.access: " + ", ".join(found)


def test_the_named_sets_are_made_of_roles():
    for name in ("ADMINS", "COORDINATORS", "STAFF", "VOLUNTEERS", "AREA_ROLES", "UNPLACED"):
        assert set(getattr(access, name)) <= ROLE_NAMES, name
    assert access.COORDINATORS == ("admin", "coordinator") and access.STAFF == ("admin", "coordinator", "staff")
