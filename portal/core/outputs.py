"""Files the command line writes (``-o FILE``): a path that cannot be written is one line on stderr and exit
code 2, never a traceback (issue 26: ``guanai match export ... -o /nonexistent/x.json``, ``-o /dev/full``).

Every command with an output checks the path with ``check_output`` before its work (a missing or read-only
folder is told at once, not after building a county's report), then writes through ``output_file``, which
turns a failure while writing (a full disk) into the same one line and removes the half-written file.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import click


def _refuse(line: str):
    click.echo(line, err=True)
    raise SystemExit(2)


def output_problem(path: str, option: str = "-o") -> str | None:
    """What stops ``path`` from being written, known before writing (a missing or read-only folder, a
    folder given for a file), or None."""
    if not path:
        return f"{option}: give the file to write"
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return f"{option} {path}: the folder {folder} does not exist"
    if os.path.isdir(path):
        return f"{option} {path}: is a folder, not a file"
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        return f"{option} {path}: cannot be written (permission denied)"
    return None


def check_output(path: str, option: str = "-o") -> None:
    """Exit 2 with one line on stderr when ``path`` cannot be written."""
    problem = output_problem(path, option)
    if problem:
        _refuse(problem)


@contextmanager
def output_file(path: str, mode: str = "wb", option: str = "-o") -> Iterator[IO]:
    """``path`` opened for writing; any error opening, writing or closing it is one line on stderr and
    exit code 2 (a regular file left half-written is removed)."""
    check_output(path, option)
    try:
        fh = open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"}))
    except OSError as error:
        _refuse(f"{option} {path}: cannot be written: {error.strerror or error}")
    try:
        with fh:
            yield fh
    except OSError as error:
        _discard(path)
        _refuse(f"{option} {path}: cannot be written: {error.strerror or error}")


def _discard(path: str) -> None:
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            os.remove(path)
    except OSError:
        pass
