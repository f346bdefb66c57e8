"""Part files and the run manifest, laid out as :mod:`pipeline.io.layout` defines.

Each table of a run is written to a hidden temporary part file and renamed
to its final name when the run closes (or removed, if the run wrote nothing to it), so a warehouse loading
``DIR/<table>/*.jsonl`` never sees half a run. :meth:`RunWriter.sync` makes
what is written so far durable and reports the committed lengths, for the
run state (:mod:`pipeline.io.state`) to record. The records' fields are
:mod:`pipeline.schema`'s (the README's "Output schema" section).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from pipeline.io import layout
from pipeline.schema import TABLES as _SCHEMA

TABLES = tuple(_SCHEMA)


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
            self.tmp_path(table).parent.mkdir(parents=True, exist_ok=True)
            self._handles[table] = open(self.tmp_path(table), "wb")

    def tmp_path(self, table: str) -> Path:
        return layout.tmp_part_path(self.out_dir, table, self.run_id)

    def final_path(self, table: str) -> Path:
        return layout.part_path(self.out_dir, table, self.run_id)

    def write(self, table: str, record: dict[str, Any]) -> None:
        """Append one record. A record that is not valid JSON in UTF-8 (a non-finite number, a lone surrogate)
        raises ValueError before any of its bytes are written: the part file stays valid UTF-8 JSON, always."""
        data = (dumps(record) + "\n").encode("utf-8")  # strict: never a surrogate in the file
        self._handles[table].write(data)
        self.sizes[table] += len(data)
        self.counts[table] += 1

    def sync(self) -> dict[str, int]:
        """Flush and fsync every part file; the byte lengths now durable."""
        for handle in self._handles.values():
            handle.flush()
            os.fsync(handle.fileno())
        return dict(self.sizes)

    def close(self, committed: dict[str, int] | None = None) -> None:
        """Make the part files durable and visible (atomic rename).

        ``committed`` is the run state's committed length of each part (missing: 0). Each part is cut back
        to it before the rename, so records written after the last commit (an interrupt, a crash or a
        fatal error mid-batch) never become visible: the next run writes those documents once. Without
        ``committed``, everything written is made durable and kept.

        A run writes a part file only for the tables it has records for: an
        empty part is always dropped, so whether a part exists never depends
        on what earlier runs left in the folder. Every table's folder exists."""
        if committed is None:
            self.sync()
            committed = dict(self.sizes)
        for table, handle in self._handles.items():
            try:
                handle.close()
            except OSError:  # buffered bytes that cannot be written (no space): past the commit, cut below
                pass
            size = committed.get(table, 0)
            cut = size < self.sizes[table]
            if not layout.finish_part(self.tmp_path(table), self.final_path(table), size):
                self.counts[table] = self.sizes[table] = 0
                continue
            if cut:  # records written after the last commit are gone: count what the part holds
                with open(self.final_path(table), "rb") as part:
                    self.counts[table] = sum(1 for _ in part)
                self.sizes[table] = size
        self._handles = {}

    def write_manifest(self, manifest: dict[str, Any]) -> Path:
        path = layout.manifest_path(self.out_dir, self.run_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path
