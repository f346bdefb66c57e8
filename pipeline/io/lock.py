"""One run at a time per output folder: an exclusive ``flock`` on ``OUT/_state/lock``.

Two runs on one folder would each "recover" the other's live temporary part files and commit the same
documents twice, so :func:`lock_output` refuses (or waits) while another run holds the folder. The lock
file says who holds it (run id and process id), for the message. ``flock`` locks belong to the open
file: the kernel drops them when the holder dies, even by ``kill -9``, so a stale lock file never blocks
anyone; the file itself is left in place (removing it would let two runs lock two different files).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.io import layout

LOCK_NAME = "lock"
_HELD: set[int] = set()  # descriptors of the locks this process holds (forked workers close their copies)


def lock_path(out_dir: Path) -> Path:
    """The lock file of an output folder."""
    return out_dir / layout.STATE_DIR / LOCK_NAME


class OutputLocked(Exception):
    """Another live run holds the output folder."""

    def __init__(self, out_dir: Path, holder: dict[str, object]) -> None:
        self.out_dir = out_dir
        self.holder = holder
        run_id = holder.get("run_id") or "of unknown id"
        pid = f" (process {holder['pid']})" if holder.get("pid") else ""
        super().__init__(
            f"{out_dir} is in use by run {run_id}{pid}: one run at a time may write to an output folder. "
            f"Wait for it to finish, or give --wait to start when it does.")


def holder(out_dir: Path) -> dict[str, object]:
    """Who holds (or last held) the lock: ``{"run_id", "pid"}``, empty when unknown."""
    try:
        data = json.loads(lock_path(out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@contextmanager
def lock_output(out_dir: Path, wait: bool = False,
                on_wait: Callable[[OutputLocked], None] | None = None) -> Iterator[Callable[[str], None]]:
    """Hold the output folder's lock for the block. Raises :class:`OutputLocked` when another run holds it,
    unless ``wait``: then ``on_wait`` is called once with who holds it, and the lock is taken when freed.

    The block gets ``claim(run_id)``, which names the holder. A run makes its id only once it holds the
    lock: run ids sort in time order, and a run that waited must sort after the one it waited for."""
    path = lock_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            busy = OutputLocked(out_dir, holder(out_dir))
            if not wait:
                raise busy from None
            if on_wait:
                on_wait(busy)
            fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD.add(fd)

        def claim(run_id: str) -> None:
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps({"run_id": run_id, "pid": os.getpid()}) + "\n").encode("utf-8"), 0)

        claim("")
        yield claim
    finally:
        _HELD.discard(fd)
        os.close(fd)  # closing the last descriptor releases the lock


def close_inherited() -> None:
    """Close a forked child's copies of its parent's lock descriptors. A copy shares the parent's lock: a
    worker left orphaned by a killed parent would otherwise keep the folder locked."""
    for fd in list(_HELD):
        _HELD.discard(fd)
        try:
            os.close(fd)
        except OSError:
            pass
