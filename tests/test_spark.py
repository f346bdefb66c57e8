"""The Spark scale-out gives exactly the CLI's records (Spark local mode, two cores)."""

from __future__ import annotations

import json
import os
import sys
from importlib import resources
from pathlib import Path

import pytest

from pipeline.extract import process
from pipeline.io.readers import read_articles
from pipeline.io.writer import dumps

# `spark`: tests/conftest.py skips these, with the reason, when pyspark or Java 17 is missing
pytestmark = [pytest.mark.model, pytest.mark.spark]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Python workers must run this interpreter (the one with newsfacts), not whatever python3 is on PATH
    os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("newsfacts-test")
               .config("spark.pyspark.python", sys.executable).config("spark.pyspark.driver.python", sys.executable)
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    yield session
    session.stop()


def _corpus_rows() -> list[dict]:
    rows = []
    with resources.as_file(resources.files("pipeline.corpus")) as corpus:
        for path in sorted(Path(corpus).glob("*.txt")):
            meta = json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))
            rows.append({"id": path.stem, "text": path.read_text(encoding="utf-8"), "published_at": meta["published_at"]})
    return rows


def test_spark_records_equal_the_clis(spark, nlp):
    from pipeline.spark import extract_records, extract_tables

    articles = spark.createDataFrame(_corpus_rows()).repartition(2)
    got = sorted((r["table"], r["json"]) for r in extract_records(articles).collect())
    with resources.as_file(resources.files("pipeline.corpus")) as corpus:
        expected = sorted((t, dumps(r)) for t, r in process(read_articles([str(corpus)]), nlp))
    mentions = [j for t, j in got if t == "mentions"]
    assert mentions == [j for t, j in expected if t == "mentions"]
    assert got == expected

    tables = extract_tables(articles)
    assert tables["mentions"].count() == len(mentions)
    first = tables["mentions"].where("type = 'DATE'").orderBy("doc_id", "start").first()
    assert first is not None and first.date_start is None or hasattr(first.date_start, "isoformat")


def test_a_dataframe_of_articles_is_read_by_the_clis_rules(spark, tmp_path):
    """spark.read.json keeps no line numbers and types a column once; the rest is the CLI's validation and run rules."""
    from pipeline.spark import extract_records

    good = "The White House said on Monday that Antony Blinken would travel to Mexico."
    lines = [json.dumps({"id": "a", "text": good, "published_at": "2021-03-22", "desk": "world"}),
             '{"id": "broken", "text": "unterminated',
             json.dumps({"id": "a", "text": "The same id again."}),
             json.dumps({"id": "empty", "text": " "})]
    (tmp_path / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = extract_records(spark.read.json(str(tmp_path / "articles.jsonl"))).collect()
    errors = sorted((e["input"], e["error"], e["doc_id"]) for e in (json.loads(r["json"]) for r in rows if r["table"] == "errors"))
    assert errors == [("<dataframe>:2", "invalid_json", None), ("<dataframe>:3", "duplicate_doc_id", "a"),
                      ("<dataframe>:4", "empty_text", "empty")]
    documents = [json.loads(r["json"]) for r in rows if r["table"] == "documents"]
    assert [(d["doc_id"], d["meta"], d["published_at"]) for d in documents] == [("a", {"desk": "world"}, "2021-03-22")]
