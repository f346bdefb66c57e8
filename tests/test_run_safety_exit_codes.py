"""`newsfacts extract` exit codes as the README documents them: 0 success, 1 some inputs went to errors, 2 usage
error (a bad option, or the output folder in use by another run), 3 fatal (no space, output not writable, run
state unusable) with the committed output intact; 130/143 for Ctrl-C/SIGTERM are tested in test_run_safety.py.

The pipeline is a blank spaCy one: these tests are about runs, not NLP.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from pipeline import extract
from pipeline.cli import app
from pipeline.io.layout import state_path
from pipeline.io.lock import lock_output
from pipeline.io.writer import RunWriter

runner = CliRunner()
ALL = [f"d{i:02d}" for i in range(6)]


@pytest.fixture(autouse=True)
def blank_pipeline(monkeypatch):
    blank = spacy.blank("en")
    monkeypatch.setattr(extract._LazyPipeline, "get", lambda self: self.loaded or blank)


@pytest.fixture
def articles(tmp_path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": d, "text": f"The minister spoke about case {d}."}) + "\n" for d in ALL),
                    encoding="utf-8")
    return path


def _extract(articles: Path, out: Path, *args: str):
    return runner.invoke(app, ["extract", str(articles), "--out", str(out), "-q", "-w", "1", "--batch-size", "2", *args])


def _doc_ids(out: Path) -> list[str]:
    return [json.loads(line)["doc_id"] for part in sorted((out / "documents").glob("part-*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def _files(out: Path) -> dict[str, bytes]:
    """Every part file and manifest, with its bytes (the state and the lock file aside)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and "_state" not in p.parts}


def test_exit_0_when_every_input_is_processed(articles, tmp_path):
    result = _extract(articles, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert _doc_ids(tmp_path / "out") == ALL


def test_exit_1_when_some_inputs_went_to_errors(articles, tmp_path):
    with articles.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "no-text"}\n')
    result = _extract(articles, tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "6 processed, 0 skipped (unchanged), 1 failed" in result.output


def test_exit_2_for_a_usage_error_and_for_an_output_folder_in_use(articles, tmp_path):
    assert _extract(articles, tmp_path / "out", "--published-at", "22/03/2021").exit_code == 2
    out = tmp_path / "out"
    with lock_output(out) as claim:
        claim("20240101T000000Z-holder00")
        result = _extract(articles, out)
    assert result.exit_code == 2, result.output
    assert f"error: {out} is in use by run 20240101T000000Z-holder00 (process {os.getpid()}): one run at a time " \
           "may write to an output folder. Wait for it to finish, or give --wait to start when it does." \
           in result.output.replace("\n", " ")
    assert _files(out) == {}  # refused before anything was written
    assert _extract(articles, out).exit_code == 0  # released


def test_exit_3_when_the_disk_fills_mid_run_keeps_every_committed_batch(articles, tmp_path, monkeypatch):
    out = tmp_path / "out"
    write = RunWriter.write

    def full_disk(self, table, record):
        if record.get("doc_id") == "d03":  # the second batch: d02 is written, not committed
            raise OSError(errno.ENOSPC, "No space left on device", str(self.tmp_path(table)))
        write(self, table, record)

    monkeypatch.setattr(RunWriter, "write", full_disk)
    result = _extract(articles, out)
    assert result.exit_code == 3, result.output
    message = " ".join(result.output.split())
    assert "error: no space left on the device writing" in message and "No space left on device" in message
    assert "free space and run again: the documents committed so far are kept, and a run started again skips them" \
        in message
    assert _doc_ids(out) == ["d00", "d01"] and not list(out.rglob("*.tmp"))
    (manifest,) = (out / "_runs").glob("*.json")
    assert json.loads(manifest.read_text())["status"] == "failed"

    monkeypatch.setattr(RunWriter, "write", write)
    result = _extract(articles, out)
    assert result.exit_code == 0, result.output
    assert "4 processed, 2 skipped (unchanged)" in result.output and _doc_ids(out) == ALL


def test_exit_3_for_a_read_only_output_folder_leaves_it_as_it_was(articles, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _extract(articles, out).exit_code == 0
    before = _files(out)
    real_open = os.open

    def read_only(path, *args, **kwargs):
        if str(path).startswith(str(out)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    result = _extract(articles, out, "--full")
    monkeypatch.undo()
    assert result.exit_code == 3, result.output
    assert f"error: cannot write to the output folder {out}: Read-only file system: {out / '_state' / 'lock'}; " \
           "make it writable or give another --out" in " ".join(result.output.split())
    assert _files(out) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes to read-only folders")
def test_exit_3_for_a_folder_without_write_permission(articles, tmp_path):
    out = tmp_path / "out"
    assert _extract(articles, out).exit_code == 0
    before = _files(out)
    for folder in [out, *out.iterdir()]:
        folder.chmod(0o555)
    try:
        result = _extract(articles, out, "--full")
    finally:
        for folder in [out, *out.iterdir()]:
            folder.chmod(0o755)
    assert result.exit_code == 3, result.output
    assert "cannot write" in result.output and _files(out) == before


def test_exit_3_for_a_corrupt_state_database_names_it_and_touches_nothing(articles, tmp_path):
    out = tmp_path / "out"
    assert _extract(articles, out).exit_code == 0
    before = _files(out)
    for leftover in state_path(out).parent.glob("state.sqlite-*"):
        leftover.unlink()
    state_path(out).write_bytes(b"not a database, just garbage\n" * 200)
    result = _extract(articles, out)
    assert result.exit_code == 3, result.output
    assert f"error: the run state {state_path(out)} is not a usable SQLite database (file is not a database). " \
           "The part files are intact. Restore state.sqlite from a backup, or extract into a new output folder: " \
           "a run here without the state would write every document a second time" \
           in " ".join(result.output.split())
    assert _files(out) == before and not list(out.rglob("*.tmp"))
