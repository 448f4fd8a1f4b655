"""The app factory, the plugin manager and the rule that the core names no group."""
import pathlib
import re

from portal import create_app, hookspecs
from portal.plugin import build_plugin_manager

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_factory_loads_the_built_in_plugins_through_entry_points(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    plugins = app.extensions["guanai"]
    assert {"children", "women", "elderly"} <= set(plugins.names())
    assert {"children", "women", "elderly"} <= set(plugins.groups)
    assert plugins.services["children.tutoring"].group == "children"
    assert plugins.services["elderly.daily_care"].main


def test_a_plugin_can_be_switched_off_by_configuration(tmp_path, monkeypatch):
    monkeypatch.setenv("GUANAI_DISABLED_PLUGINS", "women")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    plugins = app.extensions["guanai"]
    assert "women" not in plugins.groups and "women" not in plugins.names()
    assert not [key for key in plugins.services if key.startswith("women.")]


def test_each_app_has_its_own_plugin_manager(tmp_path):
    a = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.sqlite"})
    b = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/b.sqlite"})
    assert a.extensions["guanai"].pm is not b.extensions["guanai"].pm


def test_every_hook_is_documented_and_named_by_convention():
    pm = build_plugin_manager()
    specs = [name for name in dir(hookspecs) if name.startswith("guanai_")]
    assert specs
    for name in specs:
        assert re.fullmatch(r"guanai_[a-z]+_[a-z_]+", name)
        doc = getattr(hookspecs, name).__doc__ or ""
        assert "Called" in doc and ("Return" in doc or "Add" in doc), f"{name} needs a full docstring"
        assert hasattr(pm.hook, name)


def test_the_core_names_no_group():
    pattern = re.compile(r"\b(elderly|women)\b|['\"]children['\"]")
    offenders = {str(p.relative_to(ROOT)) for p in (ROOT / "portal").rglob("*.py") if pattern.search(p.read_text())}
    assert sorted(offenders) == []


def test_configuration_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("GUANAI_GROUP_SETTINGS", '{"children": {"left_behind_max_age": 14}}')
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert app.config["SECRET_KEY"] == "s3cret"
    assert app.extensions["guanai"].settings("children")["left_behind_max_age"] == 14
    assert app.extensions["guanai"].settings("children")["max_age"] == 18
