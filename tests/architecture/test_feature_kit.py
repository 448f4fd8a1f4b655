"""The FeaturePlugin kit (issue 26): the blueprint and migration hooks of every feature's hooks.py come from
portal.plugin.feature, not from the same lines written out in each."""
from __future__ import annotations

import os
import re
from pathlib import Path

from portal import BUILTIN_FEATURES, create_app
from portal.plugin.feature import feature_blueprints, feature_migrations

ROOT = Path(__file__).resolve().parents[2]


def test_the_kit_makes_hook_implementations():
    hook = feature_migrations(str(ROOT / "portal/cards/hooks.py"))
    assert hook() == [str(ROOT / "portal/cards/migrations")] and hasattr(hook, "guanai_impl")
    pages = feature_blueprints("portal.cards", "blueprint", pages=("editors", "views"))
    assert [bp.name for bp in pages()] == ["cards"] and hasattr(pages, "guanai_impl")


def test_the_features_use_it_and_keep_their_pages_and_migrations(tmp_path):
    boilerplate = re.compile(r'os\.path\.join\((os\.path\.dirname\(__file__\)|HERE), "migrations"\)|'
                             r"def guanai_get_blueprints\(\):\n    from \.views import bp\n    return \[bp\]")
    written_out = [module for _name, module in BUILTIN_FEATURES
                   if boilerplate.search((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))]
    assert written_out == []
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    plugins = app.extensions["guanai"]
    names = {bp.name for bp in plugins.blueprints()}
    assert {"cards", "visits", "reverification", "auth", "admin", "audit_log", "runs", "pairings", "join"} <= names
    assert os.path.join(str(ROOT), "portal", "visits", "migrations") in plugins.migration_dirs()
    assert "cards.contacts" in app.view_functions and "visits.campaigns" in app.view_functions   # pages modules loaded
