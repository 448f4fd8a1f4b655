"""Settings declared by the feature that reads them (issue 26, "merge hot spots").

A feature lists its settings in its own ``settings.py`` as ``SETTINGS``, a list of :class:`Setting`; when an app is
created, the settings of every built-in feature are collected, their defaults set and each one read from the
environment variable of the same name. ``portal/config.py`` keeps only what the core itself reads (database,
secret key, language, time zone, the queue, the pages). A name declared twice stops start-up.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Setting:
    """One setting: its name (also the environment variable's), its default, how the variable's text is read."""

    name: str
    default: Any
    read: Callable[[str], Any] = str
    help: str = ""


def integer(text: str) -> int:
    return int(text)


def flag(text: str) -> bool:
    """``1`` switches it on; anything else off."""
    return text == "1"


def json_value(text: str) -> Any:
    return json.loads(text)


def declared(packages: Iterable[str]) -> list[Setting]:
    """The settings the packages' ``settings`` modules declare, in order; a name declared twice is refused."""
    found: dict[str, tuple[str, Setting]] = {}
    for package in packages:
        try:
            spec = importlib.util.find_spec(f"{package}.settings")
        except ModuleNotFoundError:
            spec = None
        if spec is None:
            continue
        for setting in importlib.import_module(f"{package}.settings").SETTINGS:
            if setting.name in found:
                raise RuntimeError(f"{package} and {found[setting.name][0]} both declare the setting {setting.name}")
            found[setting.name] = (package, setting)
    return [setting for _, setting in found.values()]


def from_environment(settings: Iterable[Setting], env: Mapping[str, str]) -> dict[str, Any]:
    """Each setting's value: the environment variable read, else the default."""
    return {s.name: s.read(env[s.name]) if env.get(s.name) not in (None, "") else s.default for s in settings}
