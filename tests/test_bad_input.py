"""Bad input never costs good data: each kind gives an errors record (or a warning), every good document is written."""

from __future__ import annotations

import gzip
import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

pytestmark = pytest.mark.model
GOOD = "The White House said on Monday that Antony Blinken would travel to Mexico."


def _read(out, table):
    return [json.loads(line) for p in sorted((out / table).glob("part-*.jsonl")) for line in p.read_text(encoding="utf-8").splitlines()]


def test_every_kind_of_bad_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [
        json.dumps({"id": "good-1", "text": GOOD, "published_at": "2021-03-22"}).encode(),
        b'{"id": "broken", "text": "unterminated',
        json.dumps({"id": "no-text", "title": "x"}).encode(),
        json.dumps({"id": "number-text", "text": 42}).encode(),
        b'{"id": "bad-utf8", "text": "caf\xe9"}',
        json.dumps({"id": "nul", "text": "bin\x00ary"}).encode(),
        json.dumps({"id": "control", "text": "Bell \x07 in a text about Mexico.", "published_at": "2021-03-22"}).encode(),
        json.dumps({"id": "empty", "text": ""}).encode(),
        json.dumps({"id": "bad-date", "text": GOOD, "published_at": "next Tuesday"}).encode(),
        json.dumps({"id": "good-2", "text": GOOD, "published_at": "2021-03-22T10:00:00Z"}).encode(),
    ]
    (folder / "mixed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "corrupt.jsonl.gz").write_bytes(gzip.compress(b'{"id": "z", "text": "t"}\n')[:20])
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(out), "-q", "-w", "1"])
    assert result.exit_code == 1
    assert "failed" in result.output and "invalid_json" in result.output
    docs = [d["doc_id"] for d in _read(out, "documents")]
    assert docs == ["good-1", "control", "bad-date", "good-2"]
    errors = {(e["doc_id"], e["error"]) for e in _read(out, "errors")}
    assert errors == {
        ("binary", "invalid_utf8"), (None, "invalid_json"),  # a broken line has no readable id
        ("no-text", "missing_text"), ("number-text", "text_not_string"), (None, "invalid_utf8"),
        ("nul", "nul_in_text"), ("control", "control_characters"), ("empty", "empty_text"),
        ("bad-date", "invalid_published_at"), (None, "unreadable"),
    }
    dated = {d["doc_id"]: (d["published_at"], d["published_at_source"]) for d in _read(out, "documents")}
    assert dated["bad-date"] == (None, None) and dated["good-2"] == ("2021-03-22", "input")
