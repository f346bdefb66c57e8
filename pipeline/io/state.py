"""The run state of an output folder (SQLite): which documents are done, and how much of each part file is durable.

A document is recorded only after its records are on disk (written and
fsynced), in the same transaction that records how many bytes of each of the
run's part files are committed. A run killed at any moment (kill -9
included) is recovered at the next start: its temporary part files are cut
back to their committed length and renamed into place, so every recorded
document has its records exactly once and no half-written record is ever
visible.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from pipeline.io import layout

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    text_sha256 TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    run_id TEXT NOT NULL,
    processed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS parts (
    run_id TEXT NOT NULL,
    table_name TEXT NOT NULL,
    committed_bytes INTEGER NOT NULL,
    PRIMARY KEY (run_id, table_name)
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL
);
"""


class RunState:
    def __init__(self, out_dir: Path) -> None:
        path = layout.state_path(out_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def is_current(self, doc_id: str, text_sha256: str, version: str) -> bool:
        row = self.db.execute(
            "SELECT text_sha256, pipeline_version FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row is not None and row[0] == text_sha256 and row[1] == version

    def start_run(self, run_id: str) -> None:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.db.execute("INSERT INTO runs (run_id, status, started_at) VALUES (?, 'running', ?)", (run_id, now))

    def commit(self, run_id: str, docs: Iterable[tuple[str, str]], version: str, part_bytes: dict[str, int]) -> None:
        """Record processed (doc_id, text_sha256) pairs and the durable length of each part file, atomically."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO documents (doc_id, text_sha256, pipeline_version, run_id, processed_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(doc_id) DO UPDATE SET text_sha256 = excluded.text_sha256, "
                "pipeline_version = excluded.pipeline_version, run_id = excluded.run_id, processed_at = excluded.processed_at",
                [(doc_id, sha, version, run_id, now) for doc_id, sha in docs],
            )
            self.db.executemany(
                "INSERT INTO parts (run_id, table_name, committed_bytes) VALUES (?, ?, ?) "
                "ON CONFLICT(run_id, table_name) DO UPDATE SET committed_bytes = excluded.committed_bytes",
                [(run_id, table, size) for table, size in sorted(part_bytes.items())],
            )

    def finish_run(self, run_id: str, status: str) -> None:
        self.db.execute("UPDATE runs SET status = ? WHERE run_id = ?", (status, run_id))

    def recover(self, out_dir: Path, tables: Iterable[str]) -> list[str]:
        """Finish the part files of runs that never closed; returns their run ids."""
        recovered = []
        for (run_id,) in self.db.execute("SELECT run_id FROM runs WHERE status = 'running' ORDER BY run_id").fetchall():
            committed = dict(self.db.execute(
                "SELECT table_name, committed_bytes FROM parts WHERE run_id = ?", (run_id,)).fetchall())
            for table in tables:
                tmp = layout.tmp_part_path(out_dir, table, run_id)
                final = layout.part_path(out_dir, table, run_id)
                if not tmp.exists():
                    continue
                size = committed.get(table, 0)
                if size == 0:
                    tmp.unlink()
                    continue
                with open(tmp, "r+b") as handle:
                    handle.truncate(size)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, final)
            self.finish_run(run_id, "recovered")
            recovered.append(run_id)
        return recovered
