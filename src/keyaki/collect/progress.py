"""Progress of a collection: Rich bars per account on a terminal, nothing when piped.

A bar per account counts its units of work (one service in one region, per-resource calls included)
and shows the service that finished last.
"""

from __future__ import annotations

import threading
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class Reporter(Protocol):
    """What the runner tells about its progress."""

    def account(self, account: str, label: str, units: int) -> None: ...

    def unit_done(self, account: str, what: str) -> None: ...

    def close(self) -> None: ...


class NullReporter:
    """No progress output (a pipe, a test, ``--format json`` in CI)."""

    def account(self, account: str, label: str, units: int) -> None:
        return None

    def unit_done(self, account: str, what: str) -> None:
        return None

    def close(self) -> None:
        return None


class RichReporter:
    """One Rich progress bar per account, on stderr."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._lock = threading.Lock()
        self._progress.start()

    def account(self, account: str, label: str, units: int) -> None:
        with self._lock:
            self._tasks[account] = self._progress.add_task(label, total=units, last="")

    def unit_done(self, account: str, what: str) -> None:
        with self._lock:
            task = self._tasks.get(account)
        if task is not None:
            self._progress.update(task, advance=1, last=what)

    def close(self) -> None:
        self._progress.stop()
