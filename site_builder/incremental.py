"""What the previous build made, and from what: so a preview rebuild redoes only what changed.

`wijkwijzer serve` rebuilds the site after every save. Almost everything stays the
same, so every costly step of the site (a case's view, a page, a data record, the
related cases) asks the memory: `memory.get(name, key, make)` returns what was
made last time under `name` when the key it was made from equals `key`, and
otherwise makes it anew and remembers it. A key is a tuple of exactly the inputs
that step reads. Inputs that did not change are the very same objects as last
time (content.catalog.LoadMemory keeps the records of unchanged files), so most
comparisons stop at an identity check; a changed input that turns out equal (a
saved file whose view is the same) compares by value.

A plain build uses `FORGETFUL`, which always makes: one code path, with or
without memory.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class RenderMemory:
    """Results by name, each with the key it was made from (one preview process)."""

    def __init__(self) -> None:
        # Never pruned: a result reused whole (the open data files) does not ask for the
        # parts it was made of (each CSV row), which must still be there when it changes.
        # A deleted case leaves a few small entries until the preview stops.
        self._results: dict[Hashable, tuple[Any, Any]] = {}
        self.made: list[Hashable] = []  # names made anew in the current build

    def start_build(self) -> None:
        self.made = []

    def get(self, name: Hashable, key: Any, make: Callable[[], T],
            update: Callable[[Any, T], T] | None = None) -> T:
        """What was made under `name` from `key`; else made anew, or, given `update`,
        brought up to date from the previous result: `update(previous_key, previous)`."""
        stored = self._results.get(name)
        if stored is not None and stored[0] == key:
            return stored[1]
        value = update(*stored) if stored is not None and update is not None else make()
        self.made.append(name)
        self._results[name] = (key, value)
        return value


class Forgetful:
    """No memory: every step is made (a plain `mkdocs build` or `wijkwijzer build`)."""

    made: list[Hashable] = []

    def get(self, name: Hashable, key: Any, make: Callable[[], T],
            update: Callable[[Any, T], T] | None = None) -> T:
        return make()


FORGETFUL = Forgetful()
