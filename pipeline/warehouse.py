"""``newsfacts load``: the JSONL output into DuckDB, typed, idempotent, with first views.

Part files are loaded run by run in run-id (time) order. A part already
loaded is skipped (so loading a folder twice adds nothing); a run's
documents replace every row the same ``doc_id`` had from earlier runs (so a
re-processed document never appears twice). Table types come from
:mod:`pipeline.schema`, the same definition the writers use.

Schema changes are additive, so part files of every schema version load into
one database: a field a record's version did not have (``geo``, new in version
2; ``range_end``, new in version 4) loads as NULL, a table it did not have
(``attributions``, new in version 3) is created empty, and a database created by
an earlier version gains the new columns and tables on the next load.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from pipeline.io.layout import output_folder_problem, part_files, run_id_of
from pipeline.schema import TABLES, Field

_SCALAR = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}

VIEWS = {
    "officials_by_person": """
        SELECT entity_id, any_value(name) AS name, list(DISTINCT title ORDER BY title) AS titles,
               list(DISTINCT org ORDER BY org) FILTER (WHERE org IS NOT NULL) AS orgs,
               any_value(country) AS country, count(DISTINCT doc_id) AS documents
        FROM (SELECT * REPLACE (min(title) OVER (PARTITION BY entity_id, lower(title)) AS title) FROM officials)
        GROUP BY entity_id""",
    "events_timeline": """
        SELECT e.date.date_start AS date_start, e.date.date_end AS date_end, e.type, e.trigger.text AS trigger,
               e.location.canonical AS location, [p.canonical FOR p IN e.participants] AS participants,
               e.cluster_id, e.doc_id, e.event_id
        FROM events e ORDER BY date_start NULLS LAST, e.doc_id, e.trigger.start""",
    "figures_by_counts": """
        SELECT counts, unit, count(*) AS mentions, list(number ORDER BY number) AS numbers, min(number) AS min,
               max(number) AS max, count(DISTINCT doc_id) AS documents
        FROM mentions WHERE type = 'FIGURE' AND counts IS NOT NULL GROUP BY counts, unit""",
    # who said what: one row per attribution whose source resolved to an entity, in date order per speaker
    "quotes_by_speaker": """
        SELECT a.speaker.entity_id AS entity_id, a.speaker.canonical AS speaker, a.doc_id, d.published_at,
               a.date.date_start AS date_start, a.kind, a.direct, a.source.text AS source, a.cue.text AS cue,
               a.content.text AS content, a.event_id, a.attribution_id
        FROM attributions a LEFT JOIN documents d ON d.doc_id = a.doc_id
        WHERE a.speaker IS NOT NULL
        ORDER BY a.speaker.entity_id NULLS LAST, a.speaker.canonical, coalesce(a.date.date_start, d.published_at) NULLS LAST,
                 a.doc_id, a.cue.start""",
}


def duckdb_type(f: Field) -> str:
    if f.type in _SCALAR:
        return _SCALAR[f.type]
    if f.type == "object":
        if not f.properties:
            return "JSON"
        return "STRUCT(" + ", ".join(f'"{p.name}" {duckdb_type(p)}' for p in f.properties) + ")"
    if isinstance(f.items, tuple):
        return "STRUCT(" + ", ".join(f'"{p.name}" {duckdb_type(p)}' for p in f.items) + ")[]"
    return _SCALAR[f.items or "string"] + "[]"


def _columns(table: str) -> dict[str, str]:
    return {f.name: duckdb_type(f) for f in TABLES[table]}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class NotAnOutputFolder(ValueError):
    """``load`` was given a folder that ``newsfacts extract`` did not write; the message says why."""


def check_output_folder(out_dir: Path) -> None:
    """Raise :class:`NotAnOutputFolder` unless ``out_dir`` is an extract output folder, so that a wrong path
    fails before any database is created instead of making an empty one."""
    problem = output_folder_problem(out_dir, tuple(TABLES))
    if problem:
        raise NotAnOutputFolder(problem)


def load(out_dir: Path, db_path: Path) -> dict[str, Any]:
    """Load every not-yet-loaded part file under ``out_dir``; returns what was loaded and the row counts."""
    import duckdb

    check_output_folder(out_dir)
    con = duckdb.connect(str(db_path))
    try:
        for table in TABLES:
            cols = ", ".join(f'"{name}" {type_}' for name, type_ in _columns(table).items())
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
            have = {row[0] for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            for name, type_ in _columns(table).items():
                if name not in have:  # a database made by an earlier schema version
                    con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {type_}')
        con.execute("CREATE TABLE IF NOT EXISTS _loaded_parts (table_name VARCHAR, part VARCHAR, sha256 VARCHAR, "
                    "rows BIGINT, PRIMARY KEY (table_name, part))")
        runs: dict[str, dict[str, Path]] = defaultdict(dict)
        for table in TABLES:
            for part in part_files(out_dir, table):
                runs[run_id_of(part)][table] = part
        loaded = []
        for run_id in sorted(runs):
            parts = runs[run_id]
            todo = {}
            for table, part in parts.items():
                sha = _sha256(part)
                done = con.execute("SELECT sha256 FROM _loaded_parts WHERE table_name = ? AND part = ?",
                                   [table, part.name]).fetchone()
                if done is None or done[0] != sha:
                    todo[table] = (part, sha)
            if not todo:
                continue
            con.execute("BEGIN")
            try:
                docs_part = todo.get("documents")
                if docs_part and docs_part[0].stat().st_size:
                    con.execute("CREATE OR REPLACE TEMP TABLE _new_docs AS SELECT doc_id FROM read_json(?, "
                                "format='newline_delimited', columns={'doc_id': 'VARCHAR'})", [str(docs_part[0])])
                    for table in TABLES:
                        if table != "errors":
                            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM _new_docs)")
                for table, (part, sha) in sorted(todo.items()):
                    rows = 0
                    if part.stat().st_size:
                        columns = _columns(table)
                        spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns.items()) + "}"
                        names = ", ".join(f'"{k}"' for k in columns)
                        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM read_json(?, "
                                    f"format='newline_delimited', columns={spec})", [str(part)])
                        rows = sum(1 for _ in open(part, "rb"))
                    con.execute("INSERT OR REPLACE INTO _loaded_parts VALUES (?, ?, ?, ?)", [table, part.name, sha, rows])
                    loaded.append(f"{table}/{part.name}")
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        for name, sql in VIEWS.items():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
        counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
        return {"loaded": loaded, "counts": counts}
    finally:
        con.close()
