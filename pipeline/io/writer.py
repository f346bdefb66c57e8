"""Part files and the run manifest, laid out as OUTPUT.md says.

Each table of a run is written to ``DIR/<table>/.part-<run_id>.jsonl.tmp``
and renamed to ``part-<run_id>.jsonl`` when the run closes, so a warehouse
loading ``DIR/<table>/*.jsonl`` never sees half a run. :meth:`RunWriter.sync`
makes what is written so far durable and reports the committed lengths, for
the run state (:mod:`pipeline.io.state`) to record.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

TABLES = ("documents", "mentions", "officials", "events", "errors")


def dumps(record: dict[str, Any]) -> str:
    """One JSON line; key order as built, no whitespace, UTF-8 kept readable."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class RunWriter:
    def __init__(self, out_dir: Path, run_id: str) -> None:
        self.out_dir = out_dir
        self.run_id = run_id
        self.counts = {table: 0 for table in TABLES}
        self.sizes = {table: 0 for table in TABLES}
        self._handles: dict[str, IO[bytes]] = {}
        for table in TABLES:
            folder = out_dir / table
            folder.mkdir(parents=True, exist_ok=True)
            self._handles[table] = open(self.tmp_path(table), "wb")

    def tmp_path(self, table: str) -> Path:
        return self.out_dir / table / f".part-{self.run_id}.jsonl.tmp"

    def final_path(self, table: str) -> Path:
        return self.out_dir / table / f"part-{self.run_id}.jsonl"

    def write(self, table: str, record: dict[str, Any]) -> None:
        data = (dumps(record) + "\n").encode("utf-8", "surrogatepass")
        self._handles[table].write(data)
        self.sizes[table] += len(data)
        self.counts[table] += 1

    def sync(self) -> dict[str, int]:
        """Flush and fsync every part file; the byte lengths now durable."""
        for handle in self._handles.values():
            handle.flush()
            os.fsync(handle.fileno())
        return dict(self.sizes)

    def close(self) -> None:
        """Make the part files durable and visible (atomic rename).

        An empty part file is dropped unless its table has no other part yet
        (so ``DIR/<table>/*.jsonl`` always matches something to load)."""
        self.sync()
        for table, handle in self._handles.items():
            handle.close()
            others = [p for p in (self.out_dir / table).glob("part-*.jsonl") if p != self.final_path(table)]
            if self.counts[table] == 0 and others:
                self.tmp_path(table).unlink()
            else:
                os.replace(self.tmp_path(table), self.final_path(table))
        self._handles = {}

    def write_manifest(self, manifest: dict[str, Any]) -> Path:
        folder = self.out_dir / "_runs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.run_id}.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path
