"""The layout of an output folder, defined once.

    OUT/<table>/part-<run_id>.jsonl        one run's records of one table (appears when the run closes;
                                           a run that wrote no record to the table leaves no part)
    OUT/<table>/.part-<run_id>.jsonl.tmp   the same part while its run is open (hidden from ``*.jsonl`` globs)
    OUT/_runs/<run_id>.json                the run's manifest
    OUT/_state/state.sqlite                the run state (:mod:`pipeline.io.state`)

Run ids sort in time order (:func:`pipeline.extract.new_run_id`), so sorted
part files are in run order.
"""

from __future__ import annotations

import os
from pathlib import Path

STATE_DIR = "_state"
RUNS_DIR = "_runs"
STATE_DB = "state.sqlite"
_PREFIX = "part-"
_SUFFIX = ".jsonl"


def part_path(out_dir: Path, table: str, run_id: str) -> Path:
    """The finished part file of ``run_id`` for ``table``."""
    return out_dir / table / f"{_PREFIX}{run_id}{_SUFFIX}"


def finish_part(tmp: Path, final: Path, committed: int) -> bool:
    """Make an open part file durable at its committed length and rename it into place; whatever was written
    after the last commit is cut off first. A part with nothing committed is removed (an output folder has
    no empty part files). Whether the part was kept."""
    if committed == 0:
        tmp.unlink()
        return False
    if tmp.stat().st_size > committed:
        with open(tmp, "r+b") as part:
            part.truncate(committed)
            part.flush()
            os.fsync(part.fileno())
    os.replace(tmp, final)
    return True


def tmp_part_path(out_dir: Path, table: str, run_id: str) -> Path:
    """The part file while its run is open."""
    return out_dir / table / f".{_PREFIX}{run_id}{_SUFFIX}.tmp"


def part_files(out_dir: Path, table: str) -> list[Path]:
    """The finished part files of ``table``, in run order."""
    return sorted((out_dir / table).glob(f"{_PREFIX}*{_SUFFIX}"))


def run_id_of(part: Path) -> str:
    """The run id in a part file's name."""
    return part.name[len(_PREFIX):-len(_SUFFIX)]


def manifest_path(out_dir: Path, run_id: str) -> Path:
    return out_dir / RUNS_DIR / f"{run_id}.json"


def state_path(out_dir: Path) -> Path:
    return out_dir / STATE_DIR / STATE_DB


def output_folder_problem(out_dir: Path, tables: tuple[str, ...]) -> str | None:
    """Why ``out_dir`` is not an output folder of ``newsfacts extract``, or None when it is one.

    An output folder has a run manifest (every run writes one, even a run with no records) or, for folders
    assembled by hand or by older versions, a part file of one of ``tables``."""
    if not out_dir.is_dir():
        return f"{out_dir} is not a folder"
    if any((out_dir / RUNS_DIR).glob("*.json")) or any(part_files(out_dir, table) for table in tables):
        return None
    return (f"{out_dir} is not an output folder of `newsfacts extract`: it has no {RUNS_DIR}/ manifest and no "
            f"<table>/{_PREFIX}*{_SUFFIX} part files; give the folder passed to `newsfacts extract --out`")
