"""DuckDB load of FIGURE mentions with ``range_end`` (schema version 4) next to output of versions 1, 2 and 3.

Model-free: the part files are written from hand-built annotations by the writers' own record functions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
from spacy.tokens import Span

from pipeline import SCHEMA_VERSION
from pipeline.annotations import Figure
from pipeline.io.articles import Article
from pipeline.records import document_record, mention_records


def _part(out: Path, table: str, run_id: str, records: list[dict]) -> None:
    (out / table).mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (out / table / f"part-{run_id}.jsonl").write_text(text, encoding="utf-8")


def _run(blank, out: Path, version: int, doc_id: str) -> None:
    """One document's run as schema ``version`` wrote it: a FIGURE range "10 to 20 people"."""
    doc = blank("Between 10 and 20 people came .")
    figure = Span(doc, 1, 4, label="FIGURE")
    figure._.figure = Figure(number=10.0, counts="people", range_end=20.0)
    figure._.extractor = "rule:figures"
    doc.spans["news_mentions"] = [figure]
    article = Article(doc_id, doc.text, "x", dt.date(2024, 1, 2), "input")
    document, (mention,) = document_record(article, [(0, doc)], "m"), mention_records(doc_id, doc)
    if version < 4:  # range_end is new in version 4
        del mention["range_end"]
    document["schema_version"] = mention["schema_version"] = version
    run_id = f"2024010{version}T000000Z-000{version}"
    _part(out, "documents", run_id, [document])
    _part(out, "mentions", run_id, [mention])


def test_every_schema_version_loads_and_range_end_is_null_before_version_4(tmp_path, blank):
    from pipeline.warehouse import _columns, load

    assert SCHEMA_VERSION == 4
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    con = duckdb.connect(str(db))  # the database as version 3 made it: mentions without range_end
    old = {name: type_ for name, type_ in _columns("mentions").items() if name != "range_end"}
    con.execute("CREATE TABLE mentions (" + ", ".join(f'"{k}" {v}' for k, v in old.items()) + ")")
    con.close()
    for version in (1, 2, 3, 4):
        _run(blank, out, version, f"v{version}")
    assert load(out, db)["counts"]["mentions"] == 4
    con = duckdb.connect(str(db))
    assert con.execute("SELECT doc_id, schema_version, text, number, range_end FROM mentions ORDER BY doc_id").fetchall() == [
        ("v1", 1, "10 and 20", 10.0, None), ("v2", 2, "10 and 20", 10.0, None), ("v3", 3, "10 and 20", 10.0, None),
        ("v4", 4, "10 and 20", 10.0, 20.0)]
    assert con.execute("SELECT typeof(range_end) FROM mentions LIMIT 1").fetchone()[0] == "DOUBLE"
    assert con.execute("SELECT counts, mentions FROM figures_by_counts").fetchall() == [("people", 4)]
