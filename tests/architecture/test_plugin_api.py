"""The plugin API is documented where authors read it, and typed (issue 26, "a hook costs one feature"): every
hook spec has annotations and says in which PLUGIN_API version it came; README's table lists exactly the specs,
with their arguments and versions (datasette's test_docs idea); the package says it is typed (py.typed)."""
from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

from portal import hookspecs
from portal.plugin import PLUGIN_API

ROOT = Path(__file__).resolve().parents[2]
SPECS = {name: getattr(hookspecs, name) for name in dir(hookspecs) if name.startswith("guanai_")}
ADDED = re.compile(r"Added in PLUGIN_API (\d+)\b")


def test_every_hook_spec_is_annotated():
    for name, spec in SPECS.items():
        signature = inspect.signature(spec)
        missing = [p for p, param in signature.parameters.items() if param.annotation is inspect.Parameter.empty]
        assert missing == [], f"{name}: annotate {missing}"
        assert signature.return_annotation is not inspect.Signature.empty, f"{name}: annotate what it returns"


def test_the_annotations_name_real_types():
    hints = {}
    namespace = vars(hookspecs).copy()
    exec(compile("\n".join(line[4:] for line in inspect.getsource(hookspecs).split("if TYPE_CHECKING:")[1]
                           .split("\nhookspec =")[0].split("\n") if line.startswith("    ")), "hookspecs", "exec"),
         namespace)
    for name, spec in SPECS.items():
        hints[name] = typing.get_type_hints(spec, globalns=namespace)
    action = namespace.get("Action")
    assert hints["guanai_get_page_actions"]["return"] == list[action]


def test_every_hook_says_when_it_came():
    for name, spec in SPECS.items():
        found = ADDED.findall(inspect.getdoc(spec) or "")
        assert len(found) == 1, f"{name}: end its docstring with 'Added in PLUGIN_API <n>.' (now {PLUGIN_API})"
        assert 1 <= int(found[0]) <= PLUGIN_API, name


def test_the_readme_lists_every_hook_with_its_arguments_and_version():
    rows = re.findall(r"^\| `(guanai_\w+)\(([^)]*)\)` \| (\d+) \|", (ROOT / "README.md").read_text(encoding="utf-8"),
                      flags=re.M)
    documented = {name: (args, int(version)) for name, args, version in rows}
    assert len(documented) == len(rows), "a hook listed twice in README.md"
    expected = {name: (", ".join(inspect.signature(spec).parameters), int(ADDED.findall(inspect.getdoc(spec))[0]))
                for name, spec in SPECS.items()}
    assert documented == expected, "README.md's table of hooks (section 'Writing a plugin') differs from portal/hookspecs.py"


def test_the_package_is_typed():
    assert (ROOT / "portal" / "py.typed").exists()
    assert "py.typed" in (ROOT / "pyproject.toml").read_text()


def test_the_plugin_api_is_re_exported_statically():
    import ast

    import portal.plugin as api
    tree = ast.parse((ROOT / "portal/plugin/__init__.py").read_text(encoding="utf-8"))
    assert not [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "__getattr__"]
    assert [name for name in api.__all__ if name not in vars(api)] == []   # no name is made on first use


def test_each_record_lives_with_the_feature_that_owns_it():
    import portal.plugin as api
    owners = {"CardType": "portal.cards", "IncidentType": "portal.incidents", "IncidentStep": "portal.incidents",
              "VisitRule": "portal.visits", "ImportColumn": "portal.transfer", "HealthRules": "portal.health",
              "PeriodicService": "portal.received", "GroupProfile": "portal.ledger", "ReportSection": "portal.reports"}
    assert {name: getattr(api, name).__module__.rsplit(".", 1)[0] for name in owners} == owners
    # the plugin API's kit builds no import on the ledger when it is loaded
    kit = (ROOT / "portal/plugin/kit.py").read_text(encoding="utf-8")
    assert not re.search(r"^from \.\.ledger", kit, flags=re.M)
