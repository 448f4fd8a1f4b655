"""Compiled catalogs are built, not committed (issue 26, "merge hot spots"): git keeps only the .po files; `make
install`, `make run` and `make test` compile every translations/ folder, and a wheel build does the same."""
from __future__ import annotations

import gettext
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _setup_module():
    spec = importlib.util.spec_from_file_location("guanai_setup", ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_git_keeps_no_compiled_catalog():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert tracked.split() == []
    assert "*.mo" in (ROOT / ".gitignore").read_text().splitlines()


def test_every_catalog_of_the_checkout_is_compiled_and_current():
    catalogs = sorted(ROOT.glob("portal/**/translations/*/LC_MESSAGES/*.po")) + sorted(
        ROOT.glob("plugins/**/translations/*/LC_MESSAGES/*.po"))
    assert ROOT / "portal/translations/zh/LC_MESSAGES/messages.po" in catalogs
    stale = [str(po.relative_to(ROOT)) for po in catalogs
             if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    assert stale == [], "run `make catalogs` (make install, run and test do it)"


def test_the_wheel_build_compiles_each_feature_catalog(tmp_path):
    folder = tmp_path / "portal" / "somefeature" / "translations" / "zh" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                        'msgid "Visits"\nmsgstr "走访"\n\n#, fuzzy\nmsgid "Draft"\nmsgstr "草稿"\n',
                                        encoding="utf-8")
    written = _setup_module().compile_catalogs(tmp_path)
    assert written == [folder / "messages.mo"]
    with (folder / "messages.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    assert catalog.gettext("Visits") == "走访" and catalog.gettext("Draft") == "Draft"  # fuzzy: left out


def test_no_phrase_is_translated_two_ways_across_the_catalogs():
    """Every feature keeps its own catalog, and Flask-Babel merges them into one: a phrase two catalogs translate
    differently shows one of the two everywhere (the volunteers' hours as 学时, a contact card's "missing" as 走失).
    A feature that means something else gives the phrase a msgid of its own ("Training hours", "went missing")."""
    from babel.messages.pofile import read_po
    seen: dict[str, dict[str, list[str]]] = {}
    for path in sorted(ROOT.glob("**/translations/zh/LC_MESSAGES/messages.po")):
        if ".venv" in path.parts:
            continue
        with path.open("rb") as f:
            for m in read_po(f):
                if m.id and m.string:
                    key = m.id if isinstance(m.id, str) else m.id[0]
                    text = m.string if isinstance(m.string, str) else m.string[0]
                    seen.setdefault(key, {}).setdefault(text, []).append(str(path.relative_to(ROOT)))
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}
