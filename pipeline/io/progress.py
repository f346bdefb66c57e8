"""The progress of ``newsfacts extract`` on the terminal.

A rich progress bar when stderr is a terminal, a log line every 100
documents otherwise, nothing when quiet. The bar has a total (and so a
percentage and an ETA) whenever the number of input records can be counted
cheaply beforehand (:func:`pipeline.io.readers.count_records`: files and
folders, not stdin); it advances once per input record, whether the record
is processed, skipped as unchanged or fails.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

LOG_EVERY = 100


class Progress:
    def __init__(self, quiet: bool, total: int | None = None) -> None:
        self.quiet = quiet
        self.total = total
        self.count = 0
        self.bar: Any = None
        self.task: Any = None

    @staticmethod
    def shows_bar(quiet: bool) -> bool:
        """Whether a bar will be drawn (so whether counting the input for its total is worth it)."""
        return not quiet and sys.stderr.isatty()

    def __enter__(self) -> "Progress":
        if self.shows_bar(self.quiet):
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            columns: list[Any] = [SpinnerColumn(), TextColumn("extracting")]
            if self.total is not None:
                columns.append(BarColumn())
            columns += [MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
            if self.total is not None:
                columns += [TextColumn("ETA"), TimeRemainingColumn()]
            self.bar = Bar(*columns, transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task("extract", total=self.total, rate="")
        return self

    def advance(self, outcome: str) -> None:
        """One input record is done: ``outcome`` is "documents", "skipped" or "errors"."""
        self.count += 1
        if self.bar is not None:
            elapsed = self.bar.tasks[0].elapsed or 0.0
            rate = f"{self.count / elapsed:.1f} docs/s" if elapsed else ""
            self.bar.update(self.task, advance=1, rate=rate)
        elif not self.quiet and self.count % LOG_EVERY == 0:
            of = f" of {self.total}" if self.total is not None else ""
            typer.echo(f"{self.count}{of} documents done", err=True)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
