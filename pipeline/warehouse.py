"""``newsfacts load``: the JSONL output into DuckDB, typed, idempotent, with first views.

Part files are loaded run by run in run-id (time) order. A part already
loaded is skipped, by content hash (so loading a folder twice adds nothing); a
run's documents replace every row the same ``doc_id`` had from earlier runs (so a
re-processed document never appears twice). Table types come from
:mod:`pipeline.schema`, the same definition the writers use.

A part whose content changed since it was loaded (cut back, a line lost) has its
rows replaced exactly: ``_part_rows`` records, for every loaded row, the run it
came from and a hash of its values, so the rows the part's earlier content
inserted are removed (one copy per recorded row, so an identical row of another
run stays) before its current rows go in. A malformed part (a line cut short,
invalid UTF-8 or JSON, a value of the wrong type) is refused with its file and
line and keeps whatever rows it had; the other parts still load. Deleting a part
file removes nothing from the database.

Schema changes are additive, so part files of every schema version load into
one database: a field a record's version did not have (``geo``, new in version
2; ``range_end``, new in version 4) loads as NULL, a table it did not have
(``attributions``, new in version 3) is created empty, and a database created by
an earlier version gains the new columns and tables on the next load.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.io.layout import output_folder_problem, part_files, run_id_of
from pipeline.schema import TABLES, Field

_SCALAR = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}

# the aliases start with '_' because DuckDB names a database's catalog after its file: in a.duckdb, `a.source.text`
# would be ambiguous (catalog a, or alias a)
VIEWS = {
    "officials_by_person": """
        SELECT entity_id, any_value(name) AS name, list(DISTINCT title ORDER BY title) AS titles,
               list(DISTINCT org ORDER BY org) FILTER (WHERE org IS NOT NULL) AS orgs,
               any_value(country) AS country, count(DISTINCT doc_id) AS documents
        FROM (SELECT * REPLACE (min(title) OVER (PARTITION BY entity_id, lower(title)) AS title) FROM officials)
        GROUP BY entity_id""",
    "events_timeline": """
        SELECT _e.date.date_start AS date_start, _e.date.date_end AS date_end, _e.type, _e.trigger.text AS trigger,
               _e.location.canonical AS location, [p.canonical FOR p IN _e.participants] AS participants,
               _e.cluster_id, _e.doc_id, _e.event_id
        FROM events _e ORDER BY date_start NULLS LAST, _e.doc_id, _e.trigger.start""",
    "figures_by_counts": """
        SELECT counts, unit, count(*) AS mentions, list(number ORDER BY number) AS numbers, min(number) AS min,
               max(number) AS max, count(DISTINCT doc_id) AS documents
        FROM mentions WHERE type = 'FIGURE' AND counts IS NOT NULL GROUP BY counts, unit""",
    # who said what: one row per attribution whose source resolved to an entity, in date order per speaker
    "quotes_by_speaker": """
        SELECT _a.speaker.entity_id AS entity_id, _a.speaker.canonical AS speaker, _a.doc_id, _d.published_at,
               _a.date.date_start AS date_start, _a.kind, _a.direct, _a.source.text AS source, _a.cue.text AS cue,
               _a.content.text AS content, _a.event_id, _a.attribution_id
        FROM attributions _a LEFT JOIN documents _d ON _d.doc_id = _a.doc_id
        WHERE _a.speaker IS NOT NULL
        ORDER BY _a.speaker.entity_id NULLS LAST, _a.speaker.canonical,
                 coalesce(_a.date.date_start, _d.published_at) NULLS LAST, _a.doc_id, _a.cue.start""",
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


class WarehouseUnavailable(RuntimeError):
    """The database cannot be opened or written (another process holds it, the file is not a DuckDB database,
    the place cannot be written, the disk is full): nothing more can be loaded, so ``newsfacts load`` exits 3.
    The message says which database, what is wrong and what to do."""


@dataclass(frozen=True)
class RefusedPart:
    """A part file ``load`` did not load, and why. ``line`` is 1-based, or None when the fault has no line."""

    part: Path
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.part}:{self.line}: {self.reason}" if self.line else f"{self.part}: {self.reason}"


def _line_problem(raw: bytes, cut: bool) -> str | None:
    """Why one line of a part file cannot be a record, or None. ``cut``: the line has no line end (the file's
    last line), so a line that does not parse was most likely cut short by a crash or a full disk."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"invalid UTF-8 (byte {exc.start + 1} of the line)"
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and over-long integers are ValueErrors
        if cut:
            return "the line is cut short (the file ends inside it): the part was truncated, e.g. by a crash"
        return f"invalid JSON: {exc}"
    if not isinstance(value, dict):
        return f"a JSON {type(value).__name__}, not an object"
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:  # an escaped lone surrogate, "\ud800": JSON syntax, but no Unicode text
        return f"a lone surrogate ({exc.object[exc.start]!r}) in a string: not Unicode text"
    return None


def _check_lines(part: Path) -> RefusedPart | None:
    """The first line of ``part`` that is no JSON object. Run only once DuckDB refused the part (it is 5 times
    slower than DuckDB's reader), because its line numbers are exact: DuckDB reports a cut or badly encoded line
    as the line after it."""
    with open(part, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            cut = not raw.endswith(b"\n")
            problem = _line_problem(raw if cut else raw[:-1], cut)
            if problem:
                return RefusedPart(part, number, problem)
    return None


def _names(table: str, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{name}"' for name in _columns(table))


def _row_hash(table: str, alias: str = "") -> str:
    """SQL for a hash of one row's values in schema order: how ``_part_rows`` names a row without a stable row
    id (DuckDB renumbers rowids when it compacts a table)."""
    prefix = f"{alias}." if alias else ""
    return "md5_number(to_json({" + ", ".join(f"'{name}': {prefix}\"{name}\"" for name in _columns(table)) + "}))"


def _stage(con: Any, table: str, part: Path, name: str) -> RefusedPart | None:
    """Read ``part`` into the temporary table ``name`` (typed, with each row's hash), or say why it cannot be:
    a value of the wrong type, with its line as DuckDB reports it."""
    import duckdb

    names = _names(table)
    if part.stat().st_size:
        spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in _columns(table).items()) + "}"
        source, params = f"read_json(?, format='newline_delimited', columns={spec})", [str(part)]
    else:
        source, params = f"(SELECT {names} FROM {table} LIMIT 0)", []
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {names}, {_row_hash(table)} AS _row_hash "
                    f"FROM (SELECT {names} FROM {source})", params)
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        exact = _check_lines(part)
        if exact:
            return exact
        text = _first_line(exc)
        found = re.search(r"in line (\d+): (.*)", text)
        if not found or "Malformed JSON" in text:  # DuckDB's line number for malformed JSON is one too high
            return RefusedPart(part, None, text)
        return RefusedPart(part, int(found.group(1)), f"a value of the wrong type: {found.group(2).strip()}")
    return None


def _first_line(exc: BaseException) -> str:
    """DuckDB's message without its class prefix and its generic advice."""
    return re.sub(r"^[A-Za-z ]*Error: ", "", str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc))


def _remove(con: Any, table: str, where: str, params: list[Any]) -> None:
    """Remove from ``table`` the rows recorded in ``_part_rows`` under ``where``, one copy per record (an identical
    row recorded for another run stays), and forget the records."""
    con.execute("CREATE OR REPLACE TEMP TABLE _gone AS SELECT row_hash, any_value(doc_id) AS doc_id, count(*) AS n "
                f"FROM _part_rows WHERE table_name = ? AND ({where}) GROUP BY row_hash", [table, *params])
    if not con.execute("SELECT count(*) FROM _gone").fetchone()[0]:
        return
    # the doc_id test first, so that only the rows of the documents concerned are hashed
    hit = (f"EXISTS (SELECT 1 FROM _gone g WHERE g.doc_id IS NOT DISTINCT FROM {table}.doc_id) "
           f"AND {_row_hash(table, table)} IN (SELECT row_hash FROM _gone)")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _hit AS SELECT {_names(table, table)}, {_row_hash(table, table)} "
                f"AS _row_hash FROM {table} WHERE {hit}")
    con.execute(f"DELETE FROM {table} WHERE {hit}")
    con.execute(f"INSERT INTO {table} ({_names(table)}) SELECT {_names(table, 'h')} FROM (SELECT *, row_number() "
                "OVER (PARTITION BY _row_hash) AS _copy FROM _hit) h JOIN _gone g ON g.row_hash = h._row_hash "
                "WHERE h._copy > g.n")
    con.execute(f"DELETE FROM _part_rows WHERE table_name = ? AND ({where})", [table, *params])


def _recorded(con: Any) -> dict[tuple[str, str], str]:
    """(table, part file name) → the content hash it had when it was loaded."""
    return {(t, p): sha for t, p, sha in con.execute("SELECT table_name, part, sha256 FROM _loaded_parts").fetchall()}


def _doc_ids(part: Path) -> set[str]:
    """The doc ids of the lines of ``part`` that parse, whatever the rest of the file holds."""
    ids = set()
    with open(part, "rb") as handle:
        for raw in handle:
            try:
                record = json.loads(raw)
            except (ValueError, RecursionError):
                continue
            if isinstance(record, dict) and isinstance(record.get("doc_id"), str):
                ids.add(record["doc_id"])
    return ids


def _track_existing_rows(con: Any, out_dir: Path) -> None:
    """Create ``_part_rows`` in a database loaded before rows were tracked (its bookkeeping was ``_loaded_parts``
    alone). Each row is attributed to a loaded part that still holds it unchanged (the latest run first); else,
    as the earlier code kept a document's rows from the latest run that loaded it, to the latest loaded run whose
    part files still name its document (so a part changed since then still has its old rows replaced); else to
    no run (run id ''): a later run still replaces it, and no part's replacement removes it."""
    con.execute("CREATE TABLE _part_rows (table_name VARCHAR, run_id VARCHAR, doc_id VARCHAR, row_hash UHUGEINT)")
    recorded = _recorded(con)
    owners: dict[str, str] = {}
    for table in TABLES:
        for part in part_files(out_dir, table):
            if (table, part.name) in recorded:
                for doc_id in _doc_ids(part):
                    owners[doc_id] = max(owners.get(doc_id, ""), run_id_of(part))
    con.execute("CREATE OR REPLACE TEMP TABLE _owners (doc_id VARCHAR, run_id VARCHAR)")
    if owners:
        con.executemany("INSERT INTO _owners VALUES (?, ?)", sorted(owners.items()))
    for table in TABLES:
        if not con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
            continue
        con.execute("CREATE OR REPLACE TEMP TABLE _candidates (run_id VARCHAR, row_hash UHUGEINT)")
        for part in part_files(out_dir, table):
            if recorded.get((table, part.name)) != _sha256(part) or _stage(con, table, part, "_stage_old"):
                continue
            con.execute("INSERT INTO _candidates SELECT ?, _row_hash FROM _stage_old", [run_id_of(part)])
        con.execute(f"""
            INSERT INTO _part_rows SELECT ?, coalesce(c.run_id, o.run_id, ''), h.doc_id, h.row_hash
            FROM (SELECT doc_id, row_hash, row_number() OVER (PARTITION BY row_hash) AS copy
                  FROM (SELECT {table}.doc_id AS doc_id, {_row_hash(table, table)} AS row_hash FROM {table})) h
            LEFT JOIN (SELECT run_id, row_hash, row_number() OVER (PARTITION BY row_hash ORDER BY run_id DESC) AS copy
                       FROM _candidates) c ON c.row_hash = h.row_hash AND c.copy = h.copy
            LEFT JOIN _owners o ON o.doc_id = h.doc_id""", [table])


def _connect(db_path: Path) -> Any:
    """Open (or create) the database, turning DuckDB's refusals into :class:`WarehouseUnavailable`."""
    import duckdb

    if db_path.is_dir():
        raise WarehouseUnavailable(f"{db_path} is a folder, not a database file: give --duckdb a file path")
    try:
        return duckdb.connect(str(db_path))
    except duckdb.Error as exc:
        text = _first_line(exc)
        if "Could not set lock" in text:
            holder = re.search(r"\(PID (\d+)\)", text)
            who = f"process {holder.group(1)}" if holder else "another process"
            raise WarehouseUnavailable(
                f"{db_path} is in use by {who}, and DuckDB lets one process write a database at a time: close "
                "that process (a notebook, a `duckdb` shell, another `newsfacts load`), then load again") from None
        if "not a valid DuckDB database" in text:
            raise WarehouseUnavailable(
                f"{db_path} is not a DuckDB database (the file exists, but its contents are not DuckDB's): give "
                "--duckdb a new path, or move the file away and load again") from None
        raise WarehouseUnavailable(f"cannot open or create {db_path}: {text}; give --duckdb a path in a folder "
                                   "that exists and can be written") from None


def load(out_dir: Path, db_path: Path) -> dict[str, Any]:
    """Load every part file under ``out_dir`` that is new or changed since it was loaded.

    Returns ``loaded`` (``table/part`` names, changed ones included), ``replaced`` (those of them whose earlier
    rows were replaced), ``refused`` (:class:`RefusedPart`, in run order) and ``counts`` (rows per table).
    Raises :class:`NotAnOutputFolder` before touching the database, and :class:`WarehouseUnavailable` when the
    database cannot be opened or written (the runs loaded before stay; the failing run is rolled back)."""
    import duckdb

    check_output_folder(out_dir)
    con = _connect(db_path)
    try:
        return _load(con, out_dir)
    except duckdb.Error as exc:
        raise WarehouseUnavailable(
            f"loading into {db_path} failed: {_first_line(exc)}; the runs loaded before the failure are kept and the "
            "failing run was rolled back: fix the cause (space, permissions) and load again") from None
    finally:
        con.close()


def _load(con: Any, out_dir: Path) -> dict[str, Any]:
    for table in TABLES:
        cols = ", ".join(f'"{name}" {type_}' for name, type_ in _columns(table).items())
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
        have = {row[0] for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
        for name, type_ in _columns(table).items():
            if name not in have:  # a database made by an earlier schema version
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {type_}')
    con.execute("BEGIN")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS _loaded_parts (table_name VARCHAR, part VARCHAR, sha256 VARCHAR, "
                    "rows BIGINT, PRIMARY KEY (table_name, part))")
        if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = '_part_rows' "
                           "AND table_schema = 'main'").fetchone()[0]:
            _track_existing_rows(con, out_dir)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    recorded = _recorded(con)
    runs: dict[str, dict[str, Path]] = defaultdict(dict)
    for table in TABLES:
        for part in part_files(out_dir, table):
            runs[run_id_of(part)][table] = part
    loaded: list[str] = []
    replaced: list[str] = []
    refused: list[RefusedPart] = []
    for run_id in sorted(runs):
        staged: dict[str, tuple[Path, str]] = {}
        for table, part in runs[run_id].items():
            try:
                sha = _sha256(part)
                if recorded.get((table, part.name)) == sha:
                    continue
                problem = _stage(con, table, part, f"_stage_{table}")
            except OSError as exc:
                problem = RefusedPart(part, None, f"cannot be read: {exc.strerror or exc}")
            if problem:
                refused.append(problem)
            else:
                staged[table] = (part, sha)
        if staged:
            replaced += [f"{table}/{part.name}" for table, (part, _) in sorted(staged.items())
                         if (table, part.name) in recorded]
            _load_run(con, run_id, staged)
            loaded += [f"{table}/{part.name}" for table, (part, _) in sorted(staged.items())]
            for table in staged:
                con.execute(f"DROP TABLE IF EXISTS _stage_{table}")
    for name, sql in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
    counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    return {"loaded": loaded, "replaced": replaced, "refused": refused, "counts": counts}


def _load_run(con: Any, run_id: str, staged: dict[str, tuple[Path, str]]) -> None:
    """Load one run's staged parts in one transaction: a changed part's earlier rows out, the run's documents
    replacing earlier runs' rows of the same ``doc_id``, then the parts' rows in (but not the rows of a document
    that a later, already loaded run processed again)."""
    con.execute("BEGIN")
    try:
        for table in staged:
            _remove(con, table, "run_id = ?", [run_id])
        if "documents" in staged:
            for table in TABLES:
                if table != "errors":
                    _remove(con, table, "run_id < ? AND doc_id IN (SELECT doc_id FROM _stage_documents)", [run_id])
        for table, (part, sha) in sorted(staged.items()):
            keep = "" if table == "errors" else (
                "WHERE NOT EXISTS (SELECT 1 FROM _part_rows p WHERE p.table_name = 'documents' AND p.run_id > $run "
                "AND p.doc_id = s.doc_id)")
            params = {"run": run_id} if keep else {}
            con.execute(f"INSERT INTO {table} ({_names(table)}) SELECT {_names(table, 's')} FROM _stage_{table} s "
                        f"{keep}", params)
            con.execute(f"INSERT INTO _part_rows SELECT '{table}', $id, s.doc_id, s._row_hash FROM _stage_{table} s "
                        f"{keep}", {**params, "id": run_id})
            rows = con.execute(f"SELECT count(*) FROM _stage_{table}").fetchone()[0]
            con.execute("INSERT OR REPLACE INTO _loaded_parts VALUES (?, ?, ?, ?)", [table, part.name, sha, rows])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
