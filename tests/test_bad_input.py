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
        f"  {folder / 'corrupt.jsonl.gz'}: unreadable: Compressed file ended before the end-of-stream marker was reached",
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
