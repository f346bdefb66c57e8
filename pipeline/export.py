"""``newsfacts export``: one de-duplicated snapshot per table, for warehouses that append.

An output folder keeps every run's part files: a document processed again (its
text, date or model changed) has rows in two runs. ``newsfacts load`` resolves
that inside DuckDB; ``bq load`` or Snowflake's ``COPY INTO`` would load both.
The snapshot keeps, for each document, the rows of the latest run that
processed it, which is what ``load`` keeps, as one ``<table>.jsonl`` per
table. Errors stay only while their document has no later success; errors
that name no document (an unreadable file) come from the latest run that
reported them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.io.layout import output_folder_problem, part_files, run_id_of
from pipeline.schema import TABLES


class NotAnOutputFolder(ValueError):
    """The folder holds no extract output (no run manifest and no part files)."""


def _rows(part: Path) -> list[tuple[str, dict]]:
    """(line as written, record) of a part file; a line cut short by a crash is skipped."""
    out = []
    with part.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            try:
                out.append((line, json.loads(line)))
            except json.JSONDecodeError:
                continue
    return out


def latest_runs(out_dir: Path) -> dict[str, str]:
    """The run that last processed each document (``doc_id`` → run id)."""
    latest: dict[str, str] = {}
    for part in part_files(out_dir, "documents"):
        run = run_id_of(part)
        for _, record in _rows(part):
            latest[record["doc_id"]] = run
    return latest


def snapshot(out_dir: Path) -> dict[str, list[str]]:
    """The lines of each table's snapshot, ordered by document, then as written."""
    problem = output_folder_problem(out_dir, tuple(TABLES))
    if problem is not None:
        raise NotAnOutputFolder(problem)
    latest = latest_runs(out_dir)
    tables: dict[str, list[str]] = {}
    for table in TABLES:
        kept: dict[tuple, tuple[str, str]] = {}   # key → (run, line); a later run's row replaces an earlier one
        order: list[tuple] = []
        for part in part_files(out_dir, table):
            run = run_id_of(part)
            for n, (line, record) in enumerate(_rows(part)):
                doc_id = record.get("doc_id")
                if table == "errors":
                    if doc_id is not None and doc_id in latest and latest[doc_id] > run:
                        continue        # the document was processed later
                    key = (doc_id or "", record.get("input"), record.get("error"))
                elif latest.get(doc_id) != run:
                    continue
                else:
                    key = (doc_id, run, n)
                if key not in kept:
                    order.append(key)
                kept[key] = (run, line)
        rows = [(key, kept[key][1]) for key in order]
        rows.sort(key=lambda item: (item[0][0] or "",))  # stable: rows of a document stay in written order
        tables[table] = [line for _, line in rows]
    return tables


def export(out_dir: Path, to_dir: Path) -> dict[str, int]:
    """Write ``to_dir/<table>.jsonl`` for every table; return the row counts. Files are written whole
    under a temporary name and renamed, so a reader never sees half a snapshot file."""
    tables = snapshot(out_dir)
    to_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, lines in tables.items():
        target = to_dir / f"{table}.jsonl"
        tmp = to_dir / f".{table}.jsonl.tmp"
        tmp.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        os.replace(tmp, target)
        counts[table] = len(lines)
    return counts
