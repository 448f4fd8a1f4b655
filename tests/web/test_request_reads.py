"""No view reads a number or a ``next`` from the request but through the one reader made for it (issue 26).

Numbers go through ``portal.web.numbers`` (2^64 in a query string or a form was a 500 in a dozen views, each
reading ``type=int`` itself); ``next`` goes through ``portal.web.redirects.safe_next`` (``visits.follow_up_done``
checked it by hand: a tab made ``//evil.example``, a newline a 500). These tests read the source of the portal
and of the built-in groups, so a new view that forgets either fails here.
"""
from __future__ import annotations

import ast
import pathlib

import portal

ROOT = pathlib.Path(portal.__file__).parent.parent
SOURCES = sorted([*ROOT.joinpath("portal").rglob("*.py"), *ROOT.joinpath("plugins").rglob("*.py")])
READERS = {ROOT / "portal" / "web" / "numbers.py", ROOT / "portal" / "web" / "redirects.py"}
REQUEST_NAMES = ("request", "args", "values", "form")


def _trees():
    for path in SOURCES:
        if path not in READERS and "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _reads_request(node: ast.AST) -> bool:
    """Whether an expression reads the request: ``request.x``, or ``args``/``values``/``form`` get or index."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id == "request":
            return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in ("get", "getlist") \
                and isinstance(sub.func.value, ast.Name) and sub.func.value.id in REQUEST_NAMES:
            return True
    return False


def raw_number_reads() -> list[str]:
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            typed = any(k.arg == "type" and isinstance(k.value, ast.Name) and k.value.id in ("int", "float")
                        for k in node.keywords)
            if typed and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "getlist"):
                found.append(where)  # werkzeug's .get(name, type=int): unbounded, and silent about "²"
            elif isinstance(node.func, ast.Name) and node.func.id in ("int", "float") and node.args \
                    and _reads_request(node.args[0]):
                found.append(where)
        for node in ast.walk(tree):  # {int(v) for v in request.form.getlist("present")}
            if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)) \
                    and any(_reads_request(g.iter) for g in node.generators) \
                    and any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in ("int", "float")
                            for part in ([node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt])
                            for c in ast.walk(part)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def next_reads() -> list[str]:
    """Every place the request's ``next`` is read, with whether it is read inside ``safe_next(...)``."""
    found = []
    for path, tree in _trees():
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and node.value == "next"):
                continue
            parent = parents.get(node)
            read = (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute)
                    and parent.func.attr in ("get", "getlist", "pop") and parent.args and parent.args[0] is node) \
                or (isinstance(parent, ast.Subscript) and parent.slice is node)
            if not read or not _reads_request(parent):
                continue
            outer = parents.get(parent)
            safe = isinstance(outer, ast.Call) and isinstance(outer.func, ast.Name) and outer.func.id == "safe_next"
            found.append((f"{path.relative_to(ROOT)}:{node.lineno}", safe))
    return found


def test_no_view_reads_a_number_from_the_request_by_itself():
    assert len(SOURCES) > 100
    assert raw_number_reads() == []


def test_no_view_reads_next_but_through_safe_next():
    reads = next_reads()
    assert any("visits/views.py" in where for where, _safe in reads)  # the one that checked it by hand
    assert [where for where, safe in reads if not safe] == []


def test_the_scans_find_what_they_look_for(tmp_path, monkeypatch):
    """The scans themselves: a raw ``type=int``, an ``int(request...)`` and a bare ``next`` are found."""
    bad = tmp_path / "portal" / "bad.py"
    bad.parent.mkdir()
    bad.write_text("def view():\n    a = request.args.get('place', type=int)\n    b = int(request.form['id'])\n"
                   "    return redirect(request.form.get('next', '/'))\n"
                   "    c = {int(v) for v in request.form.getlist('present') if v.isdecimal()}\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "SOURCES", [bad])
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "ROOT", tmp_path)
    assert raw_number_reads() == ["portal/bad.py:2", "portal/bad.py:3", "portal/bad.py:5"]
    assert next_reads() == [("portal/bad.py:4", False)]
