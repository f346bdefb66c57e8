"""DuckDB load: typed, idempotent, re-processed documents replace their rows; the views."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.extract import run
from pipeline.io.readers import read_articles

pytestmark = pytest.mark.model
README = Path(__file__).parent.parent / "README.md"


def _rows(path: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in path.glob("part-*.jsonl"))


def test_load_counts_idempotence_replacement_and_views(tmp_path, nlp):
    from importlib import resources

    from pipeline.warehouse import load

    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    with resources.as_file(resources.files("pipeline.corpus")) as corpus:
        run(read_articles([str(corpus)]), nlp, out, ["corpus"])
        first = load(out, db)
        tables = ("documents", "mentions", "officials", "events", "attributions", "errors")
        assert first["counts"] == {t: _rows(out / t) for t in tables}
        assert load(out, db) == {"loaded": [], "replaced": [], "refused": [], "counts": first["counts"]}
        run(read_articles([str(corpus)]), nlp, out, ["corpus"], full=True)  # every document again
        again = load(out, db)
    assert again["counts"] == first["counts"]  # replaced, not duplicated

    con = duckdb.connect(str(db))
    assert con.execute("SELECT typeof(published_at) FROM documents LIMIT 1").fetchone()[0] == "DATE"
    assert con.execute("SELECT typeof(number) FROM mentions WHERE type = 'FIGURE' LIMIT 1").fetchone()[0] == "DOUBLE"
    # the README's questions are asked, and their printed answers checked, by tests/test_readme_examples.py
    assert con.execute("SELECT titles FROM officials_by_person WHERE name = 'Alejandro Mayorkas'").fetchone()[0] == [
        "Homeland Security Secretary"]  # one spelling per title
    for view in ("officials_by_person", "events_timeline", "figures_by_counts"):
        assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0
    # the seed corpus's attributions, however many, reach the view when their speaker resolved
    resolved = con.execute("SELECT count(*) FROM attributions WHERE speaker IS NOT NULL").fetchone()[0]
    assert con.execute("SELECT count(*) FROM quotes_by_speaker").fetchone()[0] == resolved


def _part(out: Path, table: str, run_id: str, records: list[dict]) -> None:
    import json

    (out / table).mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (out / table / f"part-{run_id}.jsonl").write_text(text, encoding="utf-8")


def _gpe_records(blank, doc_id: str) -> tuple[dict, dict]:
    """A documents record and a GPE mention record, as the writers make them."""
    import datetime as dt

    from spacy.tokens import Span

    from pipeline.annotations import Geo
    from pipeline.io.articles import Article
    from pipeline.records import document_record, mention_records

    doc = blank("Talks in Paris .")
    paris = Span(doc, 2, 3, label="GPE")
    paris._.canonical, paris._.entity_id, paris._.extractor = "Paris", "gpe:paris", "model:ner"
    paris._.geo = Geo(2988507, 48.85341, 2.3488, "FR", "P")
    doc.spans["news_mentions"] = [paris]
    article = Article(doc_id, doc.text, "x", dt.date(2024, 1, 2), "input")
    return document_record(article, [(0, doc)], "m"), mention_records(doc_id, doc)[0]


def test_load_accepts_part_files_of_schema_versions_1_and_2(tmp_path, blank):
    """A version 1 run (no ``geo``) and a version 2 run load into one database, made by version 1."""
    from pipeline.warehouse import _columns, load

    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    old_doc, old_mention = _gpe_records(blank, "old")
    old_doc["schema_version"] = old_mention["schema_version"] = 1
    del old_mention["geo"]
    _part(out, "documents", "20240101T000000Z-0001", [old_doc])
    _part(out, "mentions", "20240101T000000Z-0001", [old_mention])
    # the database as version 1 made it: mentions without the geo column
    v1 = {name: type_ for name, type_ in _columns("mentions").items() if name != "geo"}
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE mentions (" + ", ".join(f'"{k}" {v}' for k, v in v1.items()) + ")")
    con.close()
    assert load(out, db)["counts"]["mentions"] == 1

    new_doc, new_mention = _gpe_records(blank, "new")
    new_doc["schema_version"] = new_mention["schema_version"] = 2
    _part(out, "documents", "20240102T000000Z-0002", [new_doc])
    _part(out, "mentions", "20240102T000000Z-0002", [new_mention])
    assert load(out, db)["counts"] == {"documents": 2, "mentions": 2, "officials": 0, "events": 0, "attributions": 0,
                                       "errors": 0}

    con = duckdb.connect(str(db))
    rows = con.execute("SELECT doc_id, schema_version, text, geo FROM mentions ORDER BY doc_id").fetchall()
    assert rows == [
        ("new", 2, "Paris", {"geonames_id": 2988507, "latitude": 48.85341, "longitude": 2.3488, "country": "FR",
                             "feature_class": "P"}),
        ("old", 1, "Paris", None)]
    assert con.execute("SELECT geo.country FROM mentions WHERE geo IS NOT NULL").fetchall() == [("FR",)]
    assert con.execute("SELECT typeof(geo.latitude) FROM mentions LIMIT 1").fetchone()[0] == "DOUBLE"
