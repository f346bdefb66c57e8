"""Spark reads bad input as the CLI does: the same records, table by table, on one folder of good and bad input.

No field is excluded from the comparison: records carry no run id (it is only in part file names and
the manifest), and every other field must be equal. Spark runs in local mode on one core, so one Python
worker loads the model (tests/test_spark.py runs two).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.io.articles import text_id

# `spark`: tests/conftest.py skips these, with the reason, when pyspark or Java 17 is missing
pytestmark = [pytest.mark.model, pytest.mark.spark]

GOOD = "The White House said on Monday that Antony Blinken would travel to Mexico."
UNDATED = "Mexico's president met the governor of Texas."


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[1]").appName("newsfacts-parity")
               .config("spark.pyspark.python", sys.executable).config("spark.pyspark.driver.python", sys.executable)
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    yield session
    session.stop()


def _mixed_input(folder: Path) -> None:
    """One of each kind of input the CLI reports, around three good articles and a dated .txt in a subfolder."""
    lines = [
        json.dumps({"id": "good-1", "text": GOOD, "published_at": "2021-03-22"}).encode(),
        b'{"id": "broken", "text": "unterminated',
        json.dumps({"id": "no-text", "title": "x"}).encode(),
        json.dumps({"id": "number-text", "text": 12345}).encode(),
        json.dumps({"id": "null-text", "text": None}).encode(),
        b'{"id": "bad-utf8", "text": "caf\xe9"}',
        b"",
        b"[1, 2]",
        json.dumps({"id": "good-1", "text": "The same id again, from another article."}).encode(),
        json.dumps({"id": "nulls", "text": UNDATED, "title": None, "url": None, "lang": None, "tags": ["a", None]}).encode(),
        json.dumps({"text": "Bell \x07 in a text about Mexico.", "published_at": "next Tuesday"}).encode(),
    ]
    (folder / "mixed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "more.jsonl.gz").write_bytes(gzip.compress(json.dumps({"id": "nulls", "text": GOOD}).encode() + b"\n"))
    (folder / "sub").mkdir()
    (folder / "sub" / "note.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "note.meta.json").write_text(json.dumps({"published_at": "2021-03-20", "desk": None}), encoding="utf-8")


def _tables(out: Path) -> dict[str, list[str]]:
    return {p.name: sorted(line for part in sorted(p.glob("part-*.jsonl")) for line in part.read_text(encoding="utf-8").splitlines())
            for p in sorted(out.iterdir()) if p.is_dir() and not p.name.startswith("_")}


def test_spark_and_the_cli_write_the_same_records_for_bad_input(spark, tmp_path):
    from pipeline.spark import extract_records, read_articles

    folder = tmp_path / "in"
    folder.mkdir()
    _mixed_input(folder)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(out), "-q", "-w", "1", "--published-at", "2021-03-01"])
    assert result.exit_code == 1, result.output
    cli = _tables(out)

    rows = extract_records(read_articles(spark, [str(folder)], dt.date(2021, 3, 1))).collect()
    got = {table: sorted(r["json"] for r in rows if r["table"] == table) for table in cli}
    assert {r["table"] for r in rows} <= set(cli)
    for table in cli:
        assert got[table] == cli[table], table

    errors = sorted((json.loads(e)["input"].removeprefix(str(folder) + "/"), json.loads(e)["error"]) for e in got["errors"])
    assert errors == [
        ("mixed.jsonl:11", "control_characters"), ("mixed.jsonl:11", "invalid_published_at"),
        ("mixed.jsonl:2", "invalid_json"), ("mixed.jsonl:3", "missing_text"), ("mixed.jsonl:4", "text_not_string"),
        ("mixed.jsonl:5", "text_not_string"), ("mixed.jsonl:6", "invalid_utf8"), ("mixed.jsonl:8", "invalid_record"),
        ("mixed.jsonl:9", "duplicate_doc_id"), ("more.jsonl.gz:1", "duplicate_doc_id"),
    ]
    documents = {d["doc_id"]: d for d in map(json.loads, got["documents"])}
    assert sorted(documents) == ["good-1", "nulls", text_id("Bell \x07 in a text about Mexico."), "sub/note"]
    assert documents["nulls"]["meta"] == {"lang": None, "tags": ["a", None]}
    assert (documents["nulls"]["title"], documents["nulls"]["published_at"]) == (None, "2021-03-01")
    assert (documents["sub/note"]["meta"], documents["sub/note"]["published_at"]) == ({"desk": None}, "2021-03-20")
    with pytest.raises(FileNotFoundError, match="no such file or folder: .*missing.jsonl"):  # the CLI's exit 2
        read_articles(spark, [str(folder), str(tmp_path / "missing.jsonl")])

