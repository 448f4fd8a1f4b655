"""The one build step pyproject.toml cannot declare: compile every feature's and group's message catalogs.

The compiled catalogs (``messages.mo``) are not kept in git; a wheel or sdist build compiles each
``translations/<locale>/LC_MESSAGES/messages.po`` beside its package (``make install`` does the same for a
checkout). Everything else about the package is in pyproject.toml.
"""
from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def compile_catalogs(root: Path, packages=("portal", "plugins")) -> list[Path]:
    """Compile every ``translations/**/messages.po`` under ``packages`` of ``root`` to its ``.mo``; return them."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    written = []
    for package in packages:
        for po in sorted((root / package).glob("**/translations/*/LC_MESSAGES/*.po")):
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as target:
                write_mo(target, catalog)  # fuzzy entries are left out, as `pybabel compile` does
            written.append(mo)
    return written


class BuildWithCatalogs(build_py):
    """build_py that compiles the catalogs first, so that the wheel carries them."""

    def run(self):
        compile_catalogs(ROOT)
        super().run()


if __name__ == "__main__":  # as setuptools runs it (tests import compile_catalogs alone)
    setup(cmdclass={"build_py": BuildWithCatalogs})
