"""Each feature's documentation lives in its own package and the README links to it (issue 26, "merge hot spots":
features no longer all edit one README)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from portal import BUILTIN_FEATURES

ROOT = Path(__file__).resolve().parents[2]


def test_every_built_in_feature_has_its_readme_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, module in BUILTIN_FEATURES:
        package = Path(importlib.util.find_spec(module.rsplit(".", 1)[0]).origin).parent
        doc = package / "README.md"
        link = f"({doc.relative_to(ROOT).as_posix()})"
        if not doc.exists() or link not in readme or not doc.read_text(encoding="utf-8").startswith("# "):
            missing.append(name)
    assert missing == [], "write portal/<feature>/README.md and link it from README.md ('The features')"
