"""Settings are declared by the feature that reads them (issue 26): each feature's settings.py lists its own,
collected at start-up and read from the environment; config.py keeps the core's."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal import BUILTIN_FEATURES, create_app
from portal.core import settings

ROOT = Path(__file__).resolve().parents[2]
FEATURES = [module.rsplit(".", 1)[0] for _name, module in BUILTIN_FEATURES]


def test_the_features_declare_their_settings_and_config_py_no_longer_does():
    names = {s.name for s in settings.declared(FEATURES)}
    assert {"GUANAI_LOGIN_MAX_FAILURES", "GUANAI_JOIN_MAX_TRIES", "GUANAI_VISIT_REMIND_DAYS", "GUANAI_RUN_LEASE_SECONDS",
            "GUANAI_SMTP_HOST", "GUANAI_BASE_URL", "GUANAI_INCIDENT_ESCALATE_AGAIN_MINUTES",
            "GUANAI_REVERIFY_MONTHS"} <= names
    core = (ROOT / "portal/config.py").read_text(encoding="utf-8")
    assert [name for name in names if f'"{name}"' in core] == []


def test_a_feature_setting_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GUANAI_VISIT_REMIND_DAYS", "5")
    monkeypatch.setenv("GUANAI_SMTP_STARTTLS", "1")
    monkeypatch.setenv("GUANAI_REVERIFY_MONTHS", '{"spot": [7]}')
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert app.config["GUANAI_VISIT_REMIND_DAYS"] == 5 and app.config["GUANAI_SMTP_STARTTLS"] is True
    assert app.config["GUANAI_REVERIFY_MONTHS"] == {"spot": [7]}
    assert app.config["GUANAI_LOGIN_MAX_FAILURES"] == 5          # the default, declared in portal/auth/settings.py
    assert create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/y.sqlite",
                       "GUANAI_VISIT_REMIND_DAYS": 9}).config["GUANAI_VISIT_REMIND_DAYS"] == 9   # the caller's last


def test_a_setting_declared_twice_stops_start_up(tmp_path, monkeypatch):
    for name in ("one", "two"):
        package = tmp_path / f"feature_{name}"
        package.mkdir()
        (package / "__init__.py").write_text("")
        (package / "settings.py").write_text("from portal.core.settings import Setting\n"
                                             "SETTINGS = [Setting('GUANAI_SAME', 1)]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RuntimeError, match="GUANAI_SAME"):
        settings.declared(["feature_one", "feature_two"])


def test_every_setting_a_feature_reads_is_declared_somewhere():
    declared = {s.name for s in settings.declared(FEATURES)}
    core = set(re.findall(r'"(GUANAI_[A-Z_]+)"', (ROOT / "portal/config.py").read_text(encoding="utf-8")))
    read = set()
    for path in (ROOT / "portal").rglob("*.py"):
        read |= set(re.findall(r'config\[\s*"(GUANAI_[A-Z_]+)"\s*\]', path.read_text(encoding="utf-8")))
    # config["X"] (no default in the code) must be declared: by the feature, or by the core
    assert sorted(read - declared - core - {"GUANAI_AREA_CACHE_IN_TESTS", "GUANAI_QUEUE_IMMEDIATE"}) == []
