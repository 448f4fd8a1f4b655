"""The ``solve`` command: read an instance file, write the result, exit 2 with one line per problem."""
from __future__ import annotations

import argparse
import os
import sys

from ._instance import InstanceError
from ._validate import read_instance
from ._solve import solve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m matching", description="Guanai pairing engine")
    commands = parser.add_subparsers(dest="command", required=True)
    solve_cmd = commands.add_parser("solve", help="solve a guanai-matching/1 instance")
    solve_cmd.add_argument("instance", help="instance file (JSON)")
    solve_cmd.add_argument("-o", "--output", help="write the result here instead of stdout")
    solve_cmd.add_argument("--method", choices=("auto", "sparse", "dense"), default="auto")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 solved, 2 invalid instance or output)."""
    args = _parser().parse_args(argv)
    problems = _output_problems(args.output) if args.output else []
    try:
        instance = read_instance(args.instance)
    except InstanceError as exc:
        problems = exc.problems + problems
    if problems:
        return _refuse(problems)
    text = solve(instance, method=args.method).to_json() + "\n"
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        return _refuse([f"-o {args.output}: cannot be written: {exc.strerror}"])
    return 0


def _output_problems(path: str) -> list[str]:
    """The problems of an output path known before solving: a missing folder, or one not writable."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return [f"-o {path}: the folder {folder} does not exist"]
    if os.path.isdir(path):
        return [f"-o {path}: is a folder, not a file"]
    if not os.access(folder, os.W_OK):
        return [f"-o {path}: the folder {folder} is not writable"]
    return []


def _refuse(problems: list[str]) -> int:
    for line in problems:
        print(line, file=sys.stderr)
    return 2
