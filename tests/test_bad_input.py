"""Bad input never costs good data: each kind gives an errors record (or a warning), every good document is written."""

from __future__ import annotations

import gzip
import json
import re

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
    summary = re.sub(r" in \d+\.\ds: (.*) \(run \S+\)$", r" in Xs: \1 (run R)", result.stderr, flags=re.M)
    m = f"{folder / 'mixed.jsonl'}:"
    processed = "(warning; the document was processed)"
    # 12 input records: 4 processed + 8 failed; 10 errors rows: the 8 failures + 2 warnings on processed documents
    assert summary.splitlines() == [
        f"4 processed (2 with warnings), 0 skipped (unchanged), 8 failed in Xs: 14 mentions, 0 officials, 3 events → {out} (run R)",
        f"  {folder / 'binary.txt'}: invalid_utf8: not UTF-8 text (invalid start byte at byte 128)",
        f"  {folder / 'corrupt.jsonl.gz'}:1: unreadable: cannot read on from line 1 (Compressed file ended before the "
        "end-of-stream marker was reached); the 0 lines before were read",
        f"  {m}2: invalid_json: invalid JSON: Unterminated string starting at column 26",
        f"  {m}3: missing_text: record has no 'text' field",
        f"  {m}4: text_not_string: 'text' must be a string, got int",
        f"  {m}5: invalid_utf8: not UTF-8 (invalid continuation byte at byte 31 of the line)",
        f"  {m}6: nul_in_text: 'text' contains NUL characters (binary data?)",
        f"  {m}7: control_characters {processed}: text contains control characters; processed as given (offsets "
        "refer to the text with them)",
        f"  {m}8: empty_text: 'text' is empty",
        f"  {m}9: invalid_published_at {processed}: published_at must be YYYY-MM-DD or an ISO datetime, got 'next Tuesday'",
    ]
    (manifest,) = (out / "_runs").glob("*.json")
    info = json.loads(manifest.read_text(encoding="utf-8"))
    assert info["documents"] == {"processed": 4, "skipped": 0, "failed": 8, "warned": 2, "reprocessed": {}}
    assert info["counts"]["errors"] == len(_read(out, "errors")) == 10
    assert [e["message"] for e in _read(out, "errors") if e["error"] == "invalid_utf8"] == [
        f"{folder / 'binary.txt'}: not UTF-8 text (invalid start byte at byte 128)",
        f"{m}5: not UTF-8 (invalid continuation byte at byte 31 of the line)"]
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


def test_extreme_numbers_and_dates_do_not_fail_the_document(tmp_path):
    """320 digits overflow a float; anchors in year 1 or 9999 leave the calendar with "yesterday"."""
    path = tmp_path / "edge.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "digits", "text": f"The deficit was {'9' * 320} dollars on Monday, up 5 percent.", "published_at": "2021-03-22"},
        {"id": "year-1", "text": "Yesterday the minister said it would happen next week.", "published_at": "0001-01-01"},
        {"id": "year-9999", "text": "Yesterday the minister said it would happen in two days.", "published_at": "9999-12-30"},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(path), "--out", str(out), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    assert [d["doc_id"] for d in _read(out, "documents")] == ["digits", "year-1", "year-9999"]
    assert [(e["doc_id"], e["error"]) for e in _read(out, "errors")] == [
        ("year-1", "published_at_out_of_range"), ("year-9999", "published_at_out_of_range")]
    figures = [m["text"] for m in _read(out, "mentions") if m["doc_id"] == "digits" and m["type"] == "FIGURE"]
    assert figures == ["5 percent"]


def test_a_file_listed_twice_is_written_once_and_done(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    args = ["extract", str(article), str(article), "--out", str(out), "-q", "-w", "1"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 1
    assert f"  {article}: duplicate_input: this file was already read in this run" in first.stderr
    second = CliRunner().invoke(app, args)
    assert second.stderr.startswith("0 processed, 1 skipped (unchanged), 1 failed")
    assert [d["doc_id"] for d in _read(out, "documents")] == ["a"]
