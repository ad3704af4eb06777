"""When each case last changed: from git where available, else the file's mtime.

One `git log` call covers every case (one process, not one per file), so this
stays fast at thousands of cases. Outside a git checkout, or for files git does
not know yet (a new case in a preview), the file's modification date is used.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path


def git_dates(root: Path, folder: str = "cases") -> dict[str, datetime.date]:
    """Newest commit date per path (relative to root) under `folder`; {} outside git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--", folder],
            capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, datetime.date] = {}
    current = None
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = datetime.date.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault(line, current)  # git log lists newest first
    return dates


def changed_in_worktree(root: Path, folder: str = "cases") -> set[str]:
    """Paths with uncommitted changes or untracked: their date is the file's own."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all", "--", folder],
            capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return set()
    return {line[3:].strip().strip('"') for line in result.stdout.splitlines() if len(line) > 3}


def last_changed(root: Path, source_paths: list[str]) -> dict[str, datetime.date]:
    """Date of the last change for each source path."""
    committed = git_dates(root)
    dirty = changed_in_worktree(root) if committed else set()
    dates = {}
    for path in source_paths:
        if path in committed and path not in dirty:
            dates[path] = committed[path]
        else:
            try:
                dates[path] = datetime.date.fromtimestamp((root / path).stat().st_mtime)
            except OSError:
                continue
    return dates


def first_added(root: Path, source_paths: list[str], folder: str = "cases") -> dict[str, datetime.date]:
    """Date of the commit that added each source path; paths git does not know are left out."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--diff-filter=A", "--format=%x00%cs", "--name-only",
             "--", folder],
            capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return {}
    added: dict[str, datetime.date] = {}
    current = None
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = datetime.date.fromisoformat(line[1:])
        elif line and current is not None:
            added[line] = current  # newest first: the last one seen is the first addition
    wanted = set(source_paths)
    return {path: date for path, date in added.items() if path in wanted}
