"""``newsfacts export``: one snapshot per table with each document's rows from its latest run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export import NotAnOutputFolder, export


def _part(out: Path, table: str, run: str, rows: list[dict]) -> None:
    (out / table).mkdir(parents=True, exist_ok=True)
    (out / table / f"part-{run}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture()
def two_runs(tmp_path):
    """Run 1 processed a and b (c failed); run 2 processed a again and c; b was unchanged."""
    out = tmp_path / "out"
    r1, r2 = "20240101T000000Z-00000001", "20240102T000000Z-00000002"
    _part(out, "documents", r1, [{"doc_id": "b", "v": 1}, {"doc_id": "a", "v": 1}])
    _part(out, "mentions", r1, [{"doc_id": "a", "m": "a1-old"}, {"doc_id": "b", "m": "b1"}, {"doc_id": "b", "m": "b2"}])
    _part(out, "errors", r1, [{"doc_id": "c", "input": "in.jsonl:3", "error": "processing_failed"},
                              {"doc_id": None, "input": "gone.txt", "error": "unreadable_file"}])
    _part(out, "documents", r2, [{"doc_id": "a", "v": 2}, {"doc_id": "c", "v": 2}])
    _part(out, "mentions", r2, [{"doc_id": "a", "m": "a1-new"}])
    _part(out, "errors", r2, [{"doc_id": None, "input": "gone.txt", "error": "unreadable_file", "message": "again"}])
    return out


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_document_keeps_the_rows_of_its_latest_run(two_runs, tmp_path):
    counts = export(two_runs, tmp_path / "snap")
    assert counts == {"documents": 3, "mentions": 3, "officials": 0, "events": 0, "attributions": 0, "errors": 1}
    assert _read(tmp_path / "snap" / "documents.jsonl") == [
        {"doc_id": "a", "v": 2}, {"doc_id": "b", "v": 1}, {"doc_id": "c", "v": 2}]
    assert _read(tmp_path / "snap" / "mentions.jsonl") == [
        {"doc_id": "a", "m": "a1-new"}, {"doc_id": "b", "m": "b1"}, {"doc_id": "b", "m": "b2"}]
    # c's failure is gone (c was processed later); the unreadable file's error is the latest one
    assert _read(tmp_path / "snap" / "errors.jsonl") == [
        {"doc_id": None, "input": "gone.txt", "error": "unreadable_file", "message": "again"}]
    assert (tmp_path / "snap" / "officials.jsonl").read_text() == ""


def test_a_folder_that_is_not_an_output_is_refused(tmp_path):
    with pytest.raises(NotAnOutputFolder):
        export(tmp_path, tmp_path / "snap")
    result = CliRunner().invoke(app, ["export", str(tmp_path), "--to", str(tmp_path / "snap")])
    assert result.exit_code == 2
    assert "is not an output folder" in result.output
    assert not (tmp_path / "snap").exists()


def test_the_cli_reports_the_counts(two_runs, tmp_path):
    result = CliRunner().invoke(app, ["export", str(two_runs), "--to", str(tmp_path / "snap")])
    assert result.exit_code == 0
    assert result.output.strip().endswith("rows: documents 3, mentions 3, officials 0, events 0, attributions 0, errors 1")
