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


# --- Changed after the last review ---------------------------------------------------
# A review is recorded in the case's front matter (`controle:` with a date). The case
# changed after it when a commit newer than the one that wrote that record changed the
# file on a later day than the review date, or when the file has uncommitted changes
# made after that date that leave the record as it is. Comparing the record's lines,
# not commit dates alone, keeps a review merged days later (or squashed into a new
# commit by GitHub) from reporting itself.

REVIEW_KEY = "controle:"


def review_block(text: str) -> str | None:
    """The lines of the front matter's `controle` record as written, or None without one.

    Read line by line (linear, no YAML): the record is the key at the start of a line and
    the indented lines under it, up to the next top-level key or the closing `---`.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    block: list[str] | None = None
    for line in lines[1:]:
        if line.strip() == "---":
            break
        if block is not None:
            if line[:1] in (" ", "\t") or not line.strip():
                block.append(line.rstrip())
                continue
            break
        if line.startswith(REVIEW_KEY):
            block = [line.rstrip()]
    return "\n".join(block).strip() if block is not None else None


def file_commits(root: Path, folder: str = "cases") -> dict[str, list[tuple[str, datetime.date]]]:
    """(commit, commit date) of every commit that changed each path under `folder`, newest first."""
    output = _git(root, "log", "--format=%x00%H %cs", "--name-only", "--", folder)
    commits: dict[str, list[tuple[str, datetime.date]]] = {}
    current = None
    for line in (output or "").splitlines():
        if line.startswith("\0"):
            sha, day = line[1:].split(" ")
            current = (sha, datetime.date.fromisoformat(day))
        elif line and current is not None:
            commits.setdefault(line, []).append(current)
    return commits


def _blobs(root: Path, wanted: list[str]) -> list[str | None]:
    """The text of each `commit:path` in one `git cat-file --batch`; None where missing."""
    if not wanted:
        return []
    try:
        output = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"],
                                input="\n".join(wanted).encode() + b"\n",
                                capture_output=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return [None] * len(wanted)
    texts: list[str | None] = []
    position = 0
    for _ in wanted:
        end = output.index(b"\n", position)
        header = output[position:end].split(b" ")
        if len(header) < 3 or header[-1] == b"missing":
            texts.append(None)
            position = end + 1
            continue
        size = int(header[2])
        texts.append(output[end + 1:end + 1 + size].decode("utf-8", errors="replace"))
        position = end + 1 + size + 1
    return texts


def changed_after_review(root: Path, reviews: dict[str, tuple[str, datetime.date]],
                         commits: dict[str, list[tuple[str, datetime.date]]] | None = None,
                         today: datetime.date | None = None) -> set[str]:
    """The source paths whose content changed after their review.

    `reviews`: source path -> (the file's current `controle` lines, the review date).
    `commits`: `file_commits(root)`, when known. Outside git nothing is known: empty.
    """
    if not reviews:
        return set()
    commits = file_commits(root) if commits is None else commits
    if not commits:
        return set()
    today = today or datetime.date.today()
    dirty = changed_in_worktree(root)
    changed: set[str] = set()
    # Per path: how far down its history the record is still the current one.
    walking: dict[str, int] = {}
    for path, (_block, reviewed_on) in reviews.items():
        history = commits.get(path, [])
        if path in dirty and today > reviewed_on:
            walking[path] = 0  # first compare the worktree's record with HEAD's
        elif len(history) > 1 and history[0][1] > reviewed_on:
            walking[path] = 0
    # Each round reads the next older version of every path still being walked.
    while walking:
        order = []
        for path, index in walking.items():
            history = commits.get(path, [])
            if index < len(history):
                order.append((path, history[index]))
            elif history and _changed_since(history, reviews[path][1], path in dirty, today):
                changed.add(path)  # the record is as old as the file: every commit counts
        texts = _blobs(root, [f"{sha}:{path}" for path, (sha, _day) in order])
        still: dict[str, int] = {}
        for (path, _commit), text in zip(order, texts):
            block, reviewed_on = reviews[path]
            index = walking[path]
            if text is not None and review_block(text) == block:
                still[path] = index + 1
            elif index and _changed_since(commits[path][:index], reviewed_on, path in dirty, today):
                changed.add(path)
            # index 0: the worktree rewrote the record, so the case is being reviewed now.
        walking = still
    return changed


def _changed_since(kept: list[tuple[str, datetime.date]], reviewed_on: datetime.date,
                   dirty: bool, today: datetime.date) -> bool:
    """`kept`: the commits that hold the current record, newest first; the oldest of them
    wrote it. Whether a newer one, or the worktree, changed the file after the review date."""
    return any(day > reviewed_on for _sha, day in kept[:-1]) or (dirty and today > reviewed_on)
