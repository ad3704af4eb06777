"""When each case was added and last changed: from git, else the file's mtime.

One `git log` call covers every case (one process, not one per file), so this
stays fast at thousands of cases. Outside a git checkout, or for files git does
not know yet (a new case in a preview), the file's modification date is used.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in `root`, or None outside a checkout (or without git)."""
    try:
        return subprocess.run(["git", "-C", str(root), *args],
                              capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _commit_dates(root: Path, folder: str, *log_options: str) -> list[tuple[str, datetime.date]]:
    """(path, commit date) for every file named in `git log`, newest commit first."""
    output = _git(root, "log", *log_options, "--format=%x00%cs", "--name-only", "--", folder)
    found, current = [], None
    for line in (output or "").splitlines():
        if line.startswith("\0"):
            current = datetime.date.fromisoformat(line[1:])
        elif line and current is not None:
            found.append((line, current))
    return found


def git_dates(root: Path, folder: str = "cases") -> dict[str, datetime.date]:
    """Newest commit date per path (relative to root) under `folder`; {} outside git."""
    dates: dict[str, datetime.date] = {}
    for path, date in _commit_dates(root, folder):
        dates.setdefault(path, date)  # newest first: the first one seen is the last change
    return dates


def changed_in_worktree(root: Path, folder: str = "cases") -> set[str]:
    """Paths with uncommitted changes or untracked: their date is the file's own."""
    output = _git(root, "status", "--porcelain", "--untracked-files=all", "--", folder)
    return {line[3:].strip().strip('"') for line in (output or "").splitlines() if len(line) > 3}


def head_commit(root: Path) -> str | None:
    """The checked-out commit (what the dates from `git log` depend on); None outside git."""
    output = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    return output.strip() if output else None


def last_changed(root: Path, source_paths: list[str],
                 committed: dict[str, datetime.date] | None = None) -> dict[str, datetime.date]:
    """Date of the last change for each source path (`committed`: git_dates, when known)."""
    committed = git_dates(root) if committed is None else committed
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


def added_dates(root: Path, folder: str = "cases") -> dict[str, datetime.date]:
    """Date of the commit that added each path under `folder`; {} outside git."""
    added: dict[str, datetime.date] = {}
    for path, date in _commit_dates(root, folder, "--diff-filter=A"):
        added[path] = date  # newest first: the last one seen is the first addition
    return added


def first_added(root: Path, source_paths: list[str], folder: str = "cases",
                added: dict[str, datetime.date] | None = None) -> dict[str, datetime.date]:
    """Date of the commit that added each source path; paths git does not know are left out."""
    added = added_dates(root, folder) if added is None else added
    wanted = set(source_paths)
    return {path: date for path, date in added.items() if path in wanted}
