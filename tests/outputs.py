"""Paths a command's ``-o`` cannot write, for the test of every command with an output (issue 26): each must
end in one line on stderr and exit code 2, never a traceback."""
from __future__ import annotations

import os


def unwritable(tmp_path, suffix: str) -> list[str]:
    """A missing folder, a file used as a folder, a folder given as the file, a full device, a place even root
    cannot create files in."""
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    paths = [f"/nonexistent/x{suffix}", str(a_file / f"x{suffix}"), str(tmp_path), f"/proc/guanai{suffix}"]
    if os.path.exists("/dev/full"):
        paths.append("/dev/full")
    return paths


def assert_refused(result, path: str) -> None:
    """Exit 2, one line on stderr naming the path, no traceback, nothing on stdout."""
    assert result.exit_code == 2, (path, result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and path in lines[0] and lines[0].startswith("-o"), (path, result.stderr)
    assert "Traceback" not in result.output and result.stdout == "", (path, result.output)
