"""DuckDB load of the attributions table (schema version 3) and its view; output of versions 1 and 2 still loads.

Model-free: the part files are written from hand-built annotations by the writers' own record functions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
from test_records_attributions import TEXT, annotated

from pipeline.io.articles import Article
from pipeline.records import (
    attribution_records,
    document_record,
    event_records,
    mention_records,
)

V3_RUN, V2_RUN = "20240110T000000Z-0003", "20240105T000000Z-0002"
VIEW_COLUMNS = ["entity_id", "speaker", "doc_id", "published_at", "date_start", "kind", "direct", "source", "cue",
                "content", "event_id", "attribution_id"]


def _part(out: Path, table: str, run_id: str, records: list[dict]) -> None:
    (out / table).mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (out / table / f"part-{run_id}.jsonl").write_text(text, encoding="utf-8")


def _v3_run(blank, out: Path, run_id: str = V3_RUN, doc_id: str = "d1") -> list[dict]:
    """A version 3 run of one document: documents, mentions, events and attributions part files (no FIGURE
    mention, so the records are as version 3 wrote them but for the version number)."""
    doc = annotated(blank)
    article = Article(doc_id, TEXT, "x", dt.date(2024, 1, 9), "input")
    attributions = [{**r, "schema_version": 3} for r in attribution_records(doc_id, doc)]
    mentions = mention_records(doc_id, doc)
    assert all(m["type"] != "FIGURE" for m in mentions)
    _part(out, "documents", run_id, [{**document_record(article, [(0, doc)], "m"), "schema_version": 3}])
    _part(out, "mentions", run_id, [{**m, "schema_version": 3} for m in mentions])
    _part(out, "events", run_id, [{**e, "schema_version": 3} for e in event_records(doc_id, doc)])
    _part(out, "attributions", run_id, attributions)
    return attributions


def _v2_run(blank, out: Path, run_id: str = V2_RUN, doc_id: str = "old") -> None:
    """A version 2 run: no attributions part files at all (the table did not exist)."""
    doc = blank("Talks in Paris .")
    article = Article(doc_id, doc.text, "x", dt.date(2024, 1, 2), "input")
    record = document_record(article, [(0, doc)], "m")
    record["schema_version"] = 2
    _part(out, "documents", run_id, [record])
    _part(out, "mentions", run_id, [])


def test_a_version_3_run_loads_typed_and_the_view_gives_the_exact_row(tmp_path, blank):
    from pipeline.warehouse import load

    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    quote, according = _v3_run(blank, out)
    result = load(out, db)
    assert result["counts"] == {"documents": 1, "mentions": 2, "officials": 0, "events": 1, "attributions": 2, "errors": 0}

    con = duckdb.connect(str(db))
    cursor = con.execute("SELECT * FROM quotes_by_speaker")
    assert [c[0] for c in cursor.description] == VIEW_COLUMNS
    assert cursor.fetchall() == [(
        "person:ada-lovelace", "Ada Lovelace", "d1", dt.date(2024, 1, 9), dt.date(2024, 1, 8), "speech", True, "she",
        "said", 'We will act," she said, "and we will act soon.', quote["event_id"], "a-b5a7bdfb3b890ac5")]
    # the unresolved according-to is in the table, not in the view
    rows = con.execute("SELECT attribution_id, speaker, content_fragments, date, event_id FROM attributions "
                       "ORDER BY cue.start").fetchall()
    assert rows == [
        ("a-b5a7bdfb3b890ac5", {"canonical": "Ada Lovelace", "entity_id": "person:ada-lovelace",
                                "mention_id": quote["speaker"]["mention_id"]},
         [{"start": 39, "end": 51, "text": "We will act,"}, {"start": 64, "end": 85, "text": "and we will act soon."}],
         {"timex_value": "2024-01-08", "date_start": dt.date(2024, 1, 8), "date_end": dt.date(2024, 1, 8),
          "mention_id": quote["date"]["mention_id"]}, quote["event_id"]),
        ("a-ba9fce21d676ba9e", None, [{"start": 87, "end": 101, "text": "The plan works"}], None, None)]
    assert con.execute("SELECT typeof(direct), typeof(date.date_start), typeof(content_fragments) FROM attributions "
                       "LIMIT 1").fetchone() == ("BOOLEAN", "DATE", 'STRUCT("start" BIGINT, "end" BIGINT, "text" VARCHAR)[]')
    # joins: the view's event_id is the STATEMENT's, the speaker's mention is a mention
    assert con.execute("SELECT e.type FROM quotes_by_speaker q JOIN events e USING (event_id)").fetchall() == [("STATEMENT",)]
    assert con.execute("SELECT m.text FROM attributions a JOIN mentions m ON m.mention_id = a.speaker.mention_id"
                       ).fetchall() == [("Ada Lovelace",)]
    assert according["speaker"] is None


def test_a_reprocessed_document_replaces_its_attributions(tmp_path, blank):
    from pipeline.warehouse import load

    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _v3_run(blank, out)
    load(out, db)
    _v3_run(blank, out, run_id="20240111T000000Z-0004")
    result = load(out, db)
    assert result["counts"]["attributions"] == 2 and result["counts"]["documents"] == 1
    assert load(out, db)["loaded"] == []


def test_output_of_version_2_without_attributions_files_loads(tmp_path, blank):
    from pipeline.warehouse import VIEWS, load

    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    _v2_run(blank, out)
    assert not (out / "attributions").exists()
    result = load(out, db)
    assert result["counts"] == {"documents": 1, "mentions": 0, "officials": 0, "events": 0, "attributions": 0, "errors": 0}
    con = duckdb.connect(str(db))
    assert {view: con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] for view in VIEWS} == {
        "officials_by_person": 0, "events_timeline": 0, "figures_by_counts": 0, "quotes_by_speaker": 0}
    assert con.execute("SELECT schema_version FROM documents").fetchall() == [(2,)]


def test_a_database_made_by_version_2_gains_the_table_and_the_view(tmp_path, blank):
    from pipeline.warehouse import _columns, load

    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    con = duckdb.connect(str(db))  # the database as version 2 made it: every table but attributions
    for table in ("documents", "mentions", "officials", "events", "errors"):
        con.execute(f"CREATE TABLE {table} (" + ", ".join(f'"{k}" {v}' for k, v in _columns(table).items()) + ")")
    con.close()
    _v2_run(blank, out)
    _v3_run(blank, out)
    result = load(out, db)
    assert result["counts"] == {"documents": 2, "mentions": 2, "officials": 0, "events": 1, "attributions": 2, "errors": 0}
    con = duckdb.connect(str(db))
    assert con.execute("SELECT doc_id, schema_version FROM documents ORDER BY doc_id").fetchall() == [("d1", 3), ("old", 2)]
    assert con.execute("SELECT speaker, cue FROM quotes_by_speaker").fetchall() == [("Ada Lovelace", "said")]
