"""``newsfacts load`` with part files that changed, broke or were cut, and with databases it cannot use.

Model-free: the part files are written by hand with the fields the assertions need (a field a record lacks
loads as NULL). Each test runs the CLI and asserts the exact rows and the exit code."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from pipeline.cli import app

RUN1, RUN2 = "20240101T000000Z-0001", "20240102T000000Z-0002"
DOCS = ("d0", "d1", "d2")
TABLES = ("documents", "mentions", "officials", "events", "attributions", "errors")


def _lines(records: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _write(out: Path, table: str, run_id: str, text: str) -> Path:
    (out / table).mkdir(parents=True, exist_ok=True)
    path = out / table / f"part-{run_id}.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


def _records(table: str, docs: tuple[str, ...] = DOCS, tag: str = "") -> list[dict]:
    """Rows of ``table`` for ``docs``: one document, four mentions, one official, one event each."""
    if table == "documents":
        return [{"schema_version": 4, "doc_id": d, "title": f"{d}{tag}"} for d in docs]
    if table == "mentions":
        return [{"schema_version": 4, "mention_id": f"{d}-m{i}", "doc_id": d, "type": "PERSON", "start": i,
                 "end": i + 1, "text": f"{d}{tag}"} for d in docs for i in range(4)]
    if table == "officials":
        return [{"schema_version": 4, "official_id": f"{d}-o", "doc_id": d, "name": f"{d}{tag}"} for d in docs]
    return [{"schema_version": 4, "event_id": f"{d}-e", "doc_id": d, "type": "POLICY"} for d in docs]


def _run(out: Path, run_id: str, docs: tuple[str, ...] = DOCS, tag: str = "") -> None:
    for table in ("documents", "mentions", "officials", "events"):
        _write(out, table, run_id, _lines(_records(table, docs, tag)))


def _load(out: Path, db: Path):
    return CliRunner().invoke(app, ["load", str(out), "--duckdb", str(db)])


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _ids(db: Path, table: str, column: str) -> list[str]:
    return [row[0] for row in _rows(db, f"SELECT {column} FROM {table} ORDER BY {column}")]


def _counts(db: Path) -> dict[str, int]:
    return {t: _rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def _mention_ids(docs: tuple[str, ...] = DOCS, per_doc: int = 4) -> list[str]:
    return [f"{d}-m{i}" for d in docs for i in range(per_doc)]


def test_a_cut_back_part_loaded_again_gives_its_rows_not_doubled(tmp_path):
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    assert _load(out, db).exit_code == 0
    assert _ids(db, "mentions", "mention_id") == _mention_ids()
    part = _write(out, "mentions", RUN1, _lines(_records("mentions")[:8]))  # d2's four mentions cut off
    result = _load(out, db)
    assert result.exit_code == 0
    assert result.stdout == (f"loaded 1 part files into {db}; rows: documents 3, mentions 8, officials 3, events 3, "
                             "attributions 0, errors 0\n")
    assert result.stderr == f"  mentions/{part.name} changed since it was loaded: its rows were replaced\n"
    assert _ids(db, "mentions", "mention_id") == _mention_ids(("d0", "d1"))
    assert _load(out, db).stdout.startswith("loaded 0 part files")  # and no further change
    assert _counts(db)["mentions"] == 8


def test_a_documents_part_that_lost_a_line_keeps_the_other_documents_rows(tmp_path):
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    assert _load(out, db).exit_code == 0
    _write(out, "documents", RUN1, _lines([r for r in _records("documents") if r["doc_id"] != "d1"]))
    result = _load(out, db)
    assert result.exit_code == 0
    assert _ids(db, "documents", "doc_id") == ["d0", "d2"]
    # the other tables' parts did not change, so every row they hold stays (d1's too)
    assert _ids(db, "mentions", "mention_id") == _mention_ids()
    assert _ids(db, "officials", "official_id") == ["d0-o", "d1-o", "d2-o"]
    assert _ids(db, "events", "event_id") == ["d0-e", "d1-e", "d2-e"]


def test_a_part_cut_mid_line_is_refused_the_others_load_and_a_fixed_part_loads(tmp_path):
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    whole = _lines(_records("mentions"))
    part = _write(out, "mentions", RUN1, whole[:-10])  # a crash in the middle of line 12
    refusal = (f"  refused {part}:12: the line is cut short (the file ends inside it): the part was truncated, "
               "e.g. by a crash\n1 part file(s) refused and not loaded (any rows they had before stay): fix or "
               "remove them, then load again\n")
    result = _load(out, db)
    assert result.exit_code == 1
    assert result.stdout == (f"loaded 3 part files into {db}; rows: documents 3, mentions 0, officials 3, events 3, "
                             "attributions 0, errors 0\n")
    assert result.stderr == refusal
    again = _load(out, db)  # refused again, nothing else loaded twice
    assert (again.exit_code, again.stderr) == (1, refusal)
    assert _counts(db) == {"documents": 3, "mentions": 0, "officials": 3, "events": 3, "attributions": 0, "errors": 0}

    _write(out, "mentions", RUN1, whole)  # the part fixed
    fixed = _load(out, db)
    assert (fixed.exit_code, fixed.stderr) == (0, "")
    assert fixed.stdout.startswith(f"loaded 1 part files into {db}; rows: documents 3, mentions 12,")
    assert _ids(db, "mentions", "mention_id") == _mention_ids()


def test_a_loaded_part_that_breaks_keeps_its_rows_until_it_is_fixed(tmp_path):
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    assert _load(out, db).exit_code == 0
    whole = _lines(_records("mentions"))
    _write(out, "mentions", RUN1, whole[:-10])
    assert _load(out, db).exit_code == 1
    assert _ids(db, "mentions", "mention_id") == _mention_ids()  # the earlier rows stay
    _write(out, "mentions", RUN1, _lines(_records("mentions")[:11]))  # the cut line dropped
    assert _load(out, db).exit_code == 0
    assert _ids(db, "mentions", "mention_id") == _mention_ids()[:11]


def test_wrong_types_invalid_utf8_and_non_objects_are_refused_with_their_line(tmp_path):
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    mentions = _records("mentions")
    mentions[1]["start"] = "five"
    bad_type = _write(out, "mentions", RUN1, _lines(mentions))
    bad_utf8 = out / "officials" / f"part-{RUN1}.jsonl"
    # a surrogate, as the writer's surrogatepass wrote it
    bad_utf8.write_bytes(b'{"doc_id": "d0"}\n{"doc_id": "d1", "name": "\xed\xa0\x80"}\n')
    not_object = _write(out, "events", RUN1, '{"doc_id": "d0"}\n\n[1, 2]\n')
    result = _load(out, db)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [  # in run order, then table order
        f'  refused {bad_type}:2: a value of the wrong type: Failed to cast value to numerical: "five"',
        f"  refused {bad_utf8}:2: invalid UTF-8 (byte 27 of the line)",
        f"  refused {not_object}:3: a JSON list, not an object",
        "3 part file(s) refused and not loaded (any rows they had before stay): fix or remove them, then load again"]
    assert _counts(db) == {"documents": 3, "mentions": 0, "officials": 0, "events": 0, "attributions": 0, "errors": 0}


def test_a_changed_earlier_part_does_not_bring_back_rows_a_later_run_replaced(tmp_path):
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    _run(out, RUN2, ("d0",), tag="-again")  # d0 processed again
    assert _load(out, db).exit_code == 0
    assert _rows(db, "SELECT doc_id, title FROM documents ORDER BY doc_id") == [
        ("d0", "d0-again"), ("d1", "d1"), ("d2", "d2")]
    _write(out, "mentions", RUN1, _lines(_records("mentions")[:-1]))  # run 1 lost d2's last mention
    assert _load(out, db).exit_code == 0
    assert _rows(db, "SELECT mention_id, text FROM mentions ORDER BY mention_id") == (
        [(f"d0-m{i}", "d0-again") for i in range(4)] + [(f"d1-m{i}", "d1") for i in range(4)]
        + [(f"d2-m{i}", "d2") for i in range(3)])


def test_an_identical_row_of_another_run_stays_when_a_part_is_replaced(tmp_path):
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    error = {"schema_version": 4, "doc_id": "bad-1", "input": "mixed.jsonl:2", "error": "missing_text",
             "message": "record has no 'text' field"}
    _write(out, "errors", RUN1, _lines([error]))
    _write(out, "errors", RUN2, _lines([error]))  # the same bad record, tried again
    assert _load(out, db).exit_code == 0
    assert _counts(db)["errors"] == 2
    _write(out, "errors", RUN1, "")
    assert _load(out, db).exit_code == 0
    assert _rows(db, "SELECT doc_id, input FROM errors") == [("bad-1", "mixed.jsonl:2")]


def test_a_database_loaded_before_rows_were_tracked_is_migrated(tmp_path):
    """The bookkeeping of the previous version is ``_loaded_parts`` alone: without ``_part_rows``, a cut-back
    part still replaces its rows exactly."""
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    _run(out, RUN2, ("d0",), tag="-again")
    assert _load(out, db).exit_code == 0
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE _part_rows")
    con.close()
    _write(out, "mentions", RUN2, _lines(_records("mentions", ("d0",), "-again")[:2]))
    assert _load(out, db).exit_code == 0
    assert _rows(db, "SELECT mention_id, text FROM mentions ORDER BY mention_id") == (
        [("d0-m0", "d0-again"), ("d0-m1", "d0-again")] + [(m, m[:2]) for m in _mention_ids(("d1", "d2"))])
    assert _rows(db, "SELECT run_id, count(*) FROM _part_rows GROUP BY run_id ORDER BY run_id") == [
        (RUN1, 14), (RUN2, 5)]  # d1 and d2 from run 1, d0 from run 2 (its mentions part cut to 2 lines)


def test_an_invalid_database_file_exits_3_with_a_clear_message(tmp_path):
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    db.write_bytes(b"\x00garbage, not a database\n" * 200)
    result = _load(out, db)
    assert result.exit_code == 3
    assert result.stderr == (f"error: {db} is not a DuckDB database (the file exists, but its contents are not "
                             "DuckDB's): give --duckdb a new path, or move the file away and load again\n")
    assert db.read_bytes() == b"\x00garbage, not a database\n" * 200  # untouched


def test_an_unwritable_database_location_exits_3(tmp_path):
    out = tmp_path / "out"
    _run(out, RUN1)
    (tmp_path / "file").write_text("x")
    result = _load(out, tmp_path / "file" / "news.duckdb")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: cannot open or create {tmp_path / 'file' / 'news.duckdb'}: ")
    assert result.stderr.endswith("give --duckdb a path in a folder that exists and can be written\n")
    assert _load(out, tmp_path).exit_code == 3  # a folder


def test_a_database_locked_by_another_process_exits_3(tmp_path):
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    ready = tmp_path / "ready"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, pathlib, sys, time; con = duckdb.connect(sys.argv[1]); pathlib.Path(sys.argv[2]).touch(); "
        "time.sleep(60)"), str(db), str(ready)])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert holder.poll() is None and time.monotonic() < deadline, "the lock holder did not start"
            time.sleep(0.05)
        result = _load(out, db)
        assert result.exit_code == 3
        assert result.stderr == (
            f"error: {db} is in use by process {holder.pid}, and DuckDB lets one process write a database at a "
            "time: close that process (a notebook, a `duckdb` shell, another `newsfacts load`), then load again\n")
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert _load(out, db).exit_code == 0  # once the holder is gone
    assert _counts(db)["documents"] == 3


def test_a_database_file_named_like_a_view_alias_loads(tmp_path):
    """DuckDB names the catalog after the file: the views' aliases must not be ambiguous in ``a.duckdb``."""
    out = tmp_path / "out"
    _run(out, RUN1)
    for name in ("a", "d", "e"):
        assert _load(out, tmp_path / f"{name}.duckdb").exit_code == 0


def test_an_escaped_lone_surrogate_is_refused_with_its_line(tmp_path):
    """``"\\ud800"`` is JSON syntax but no Unicode text: DuckDB refuses it, and the line is found."""
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    part = _write(out, "officials", RUN1, '{"doc_id": "d0"}\n{"doc_id": "d1", "name": "\\ud800"}\n')
    result = _load(out, db)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"  refused {part}:2: a lone surrogate ('\\ud800') in a string: not Unicode text")


def test_a_database_error_while_loading_exits_3_and_keeps_the_runs_loaded_before(tmp_path, monkeypatch):
    """A full disk cannot be made in a test: the failing write is a DuckDB IO error raised by the run's load."""
    from pipeline import warehouse

    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _run(out, RUN1)
    assert _load(out, db).exit_code == 0
    _run(out, RUN2, ("d0",), tag="-again")

    def full(con, run_id, staged):
        con.execute("BEGIN")
        con.execute("DELETE FROM mentions")
        con.execute("ROLLBACK")  # as _load_run does before it re-raises
        raise duckdb.IOException("IO Error: Could not write file \"news.duckdb.wal\": No space left on device")

    monkeypatch.setattr(warehouse, "_load_run", full)
    result = _load(out, db)
    assert result.exit_code == 3
    assert result.stderr == (
        f'error: loading into {db} failed: Could not write file "news.duckdb.wal": No space left on device; the runs '
        "loaded before the failure are kept and the failing run was rolled back: fix the cause (space, "
        "permissions) and load again\n")
    monkeypatch.undo()
    assert _counts(db)["mentions"] == 12
    assert _load(out, db).exit_code == 0
    assert _rows(db, "SELECT doc_id, title FROM documents ORDER BY doc_id") == [
        ("d0", "d0-again"), ("d1", "d1"), ("d2", "d2")]
