"""The run state of an output folder (SQLite): which documents are done, and how much of each part file is durable.

A document is recorded only after its records are on disk (written and
fsynced), in the same transaction that records how many bytes of each of the
run's part files are committed. A run killed at any moment (kill -9
included) is recovered at the next start: its temporary part files are cut
back to their committed length and renamed into place, so every recorded
document has its records exactly once and no half-written record is ever
visible.

With each document the state keeps its :class:`DocKey`, everything that
shapes its records (text, effective publication date, record fields, model,
pipeline version, pipeline config and data). A document is skipped only when
all of it matches; otherwise :meth:`RunState.change` says what changed, for the
run summary ("12 re-processed: model changed").
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from pipeline.io import layout

# Version 1 adds the DocKey columns; version 0 (no user_version) stored "<pipeline version>|<model>" in
# pipeline_version and nothing else: it is migrated in place on open (see RunState._migrate).
STATE_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    text_sha256 TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    run_id TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    published_at TEXT,
    record_sha256 TEXT,
    model TEXT,
    config_sha256 TEXT
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
# columns added by version 1, nullable so that an older newsfacts can still write rows (it leaves them NULL)
_V1_COLUMNS = ("published_at", "record_sha256", "model", "config_sha256")

NEW = "new"  # change() of a document the state has never seen
OLDER_STATE = "recorded by an older newsfacts"  # change() of a row with no date, record or config recorded


@dataclass(frozen=True)
class DocKey:
    """Everything that shapes a document's records; equal keys mean equal records."""

    text_sha256: str
    published_at: str  # the effective date and where it came from ("2021-03-22 input"), "" when none
    record_sha256: str  # title, url, source and meta: fields the documents record carries
    model: str  # the base model's name and version (en_core_web_sm-3.8.0)
    pipeline_version: str
    config_sha256: str  # pipeline config and data files (pipeline.io.fingerprint)


# what a changed field is called in the summary, in the order reasons are listed
REASONS = {"text_sha256": "text", "published_at": "published date", "record_sha256": "title, url, source or meta",
           "model": "model", "pipeline_version": "pipeline version", "config_sha256": "pipeline config or data"}
_KEY_COLUMNS = tuple(f.name for f in fields(DocKey))


def describe_change(changed: list[str]) -> str:
    """``["model", "published_at"]`` → ``"published date and model changed"`` (REASONS order)."""
    names = [REASONS[name] for name in REASONS if name in changed]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{joined} changed"


class StateUnreadable(Exception):
    """The state database exists but SQLite cannot use it (not a database, or damaged)."""

    def __init__(self, path: Path, cause: sqlite3.Error) -> None:
        self.path = path
        super().__init__(
            f"the run state {path} is not a usable SQLite database ({cause}). The part files are intact. "
            f"Restore {path.name} from a backup, or extract into a new output folder: a run here without the "
            f"state would write every document a second time")


class RunState:
    def __init__(self, out_dir: Path) -> None:
        path = layout.state_path(out_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self._migrate()
            self.db.execute("SELECT count(*) FROM runs").fetchone()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            if isinstance(exc, sqlite3.OperationalError) and "disk is full" not in str(exc) \
                    and "malformed" not in str(exc):
                raise  # locked, read-only, no space: not corruption; the caller reports it
            raise StateUnreadable(path, exc) from exc

    def _migrate(self) -> None:
        """Bring a state database of any earlier version to this one, in one transaction.

        Version 0 rows keep their text hash; their ``"<version>|<model>"`` is split into the two columns, so
        a model or version change is still named as such. Their date, record and config hashes are unknown:
        those documents are re-processed once, with the reason :data:`OLDER_STATE`."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            if self.db.execute("PRAGMA user_version").fetchone()[0] >= STATE_VERSION:
                return
            have = {row[1] for row in self.db.execute("PRAGMA table_info(documents)").fetchall()}
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            if have:  # a version 0 database
                for column in _V1_COLUMNS:
                    if column not in have:
                        self.db.execute(f"ALTER TABLE documents ADD COLUMN {column} TEXT")
                self.db.execute(
                    "UPDATE documents SET model = substr(pipeline_version, instr(pipeline_version, '|') + 1), "
                    "pipeline_version = substr(pipeline_version, 1, instr(pipeline_version, '|') - 1) "
                    "WHERE model IS NULL AND instr(pipeline_version, '|') > 0")
            self.db.execute(f"PRAGMA user_version = {STATE_VERSION}")

    def close(self) -> None:
        self.db.close()

    def change(self, doc_id: str, key: DocKey) -> str | None:
        """None when the stored key equals ``key`` (skip the document); else why it must be processed:
        :data:`NEW`, what changed (``"model changed"``), or :data:`OLDER_STATE` when nothing the row recorded
        changed but it lacks fields an older newsfacts did not record."""
        row = self.db.execute(
            f"SELECT {', '.join(_KEY_COLUMNS)} FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return NEW
        changed = [name for name, stored, now in zip(_KEY_COLUMNS, row, astuple(key)) if stored not in (None, now)]
        if changed:
            return describe_change(changed)
        return OLDER_STATE if None in row else None

    def is_current(self, doc_id: str, key: DocKey) -> bool:
        return self.change(doc_id, key) is None

    def start_run(self, run_id: str) -> None:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.db.execute("INSERT INTO runs (run_id, status, started_at) VALUES (?, 'running', ?)", (run_id, now))

    def commit(self, run_id: str, docs: Iterable[tuple[str, DocKey]], part_bytes: dict[str, int]) -> None:
        """Record processed documents with their keys and the durable length of each part file, atomically."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        columns = ", ".join(_KEY_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in (*_KEY_COLUMNS, "run_id", "processed_at"))
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                f"INSERT INTO documents (doc_id, {columns}, run_id, processed_at) "
                f"VALUES (?, {', '.join('?' * len(_KEY_COLUMNS))}, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET {updates}",
                [(doc_id, *astuple(key), run_id, now) for doc_id, key in docs],
            )
            self.db.executemany(
                "INSERT INTO parts (run_id, table_name, committed_bytes) VALUES (?, ?, ?) "
                "ON CONFLICT(run_id, table_name) DO UPDATE SET committed_bytes = excluded.committed_bytes",
                [(run_id, table, size) for table, size in sorted(part_bytes.items())],
            )

    def committed_bytes(self, run_id: str) -> dict[str, int]:
        """The durable length of each of the run's part files, as last committed with its documents: what
        may be renamed into place when the run ends, however it ends."""
        return dict(self.db.execute(
            "SELECT table_name, committed_bytes FROM parts WHERE run_id = ?", (run_id,)).fetchall())

    def finish_run(self, run_id: str, status: str) -> None:
        self.db.execute("UPDATE runs SET status = ? WHERE run_id = ?", (status, run_id))

    def recover(self, out_dir: Path, tables: Iterable[str]) -> list[str]:
        """Finish the part files of runs that never closed; returns their run ids.

        A part with nothing committed is removed: an output folder has no empty part files."""
        recovered = []
        for (run_id,) in self.db.execute("SELECT run_id FROM runs WHERE status = 'running' ORDER BY run_id").fetchall():
            committed = self.committed_bytes(run_id)
            for table in tables:
                tmp = layout.tmp_part_path(out_dir, table, run_id)
                if tmp.exists():
                    layout.finish_part(tmp, layout.part_path(out_dir, table, run_id), committed.get(table, 0))
            self.finish_run(run_id, "recovered")
            recovered.append(run_id)
        return recovered
