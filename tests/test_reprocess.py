"""Re-processing is decided by everything that shapes a document's records, and the summary says why.

A document is skipped only when its text, effective publication date, record
fields, model, pipeline version and pipeline config all match what the run
state recorded when it was last processed (pipeline.io.state.DocKey).
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from state_helpers import V0_TABLES
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.extract import model_label, run
from pipeline.io.layout import part_files, state_path
from pipeline.io.readers import read_articles

pytestmark = pytest.mark.model
runner = CliRunner()
UNDATED = {"id": "undated", "text": "Antony Blinken met officials in Mexico City on Wednesday."}
DATED = {"id": "dated", "text": "The White House said 200 migrants crossed on Monday.", "published_at": "2021-03-22"}


def _write(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _summary(output: str) -> list[str]:
    """The summary lines, with the time and run id (which vary) blanked."""
    lines = re.sub(r" in \d+\.\ds:", " in Xs:", output)
    return [re.sub(r"\(run [^)]+\)", "(run R)", line) for line in lines.splitlines()]


def _extract(source: Path, out: Path, *options: str) -> list[str]:
    result = runner.invoke(app, ["extract", str(source), "--out", str(out), "-q", "-w", "1", *options])
    assert result.exit_code == 0, result.output
    return _summary(result.output)


def _latest_documents(out: Path) -> list[dict]:
    return [json.loads(line) for line in part_files(out, "documents")[-1].read_text(encoding="utf-8").splitlines()]


def test_a_new_published_at_or_model_reprocesses_and_says_why(tmp_path):
    source, out = _write(tmp_path / "in.jsonl", UNDATED, DATED), tmp_path / "out"
    tail = "mentions, 0 officials, {} events → " + str(out) + " (run R)"
    assert _extract(source, out) == [f"2 processed, 0 skipped (unchanged), 0 failed in Xs: 6 {tail.format(2)}"]
    assert _extract(source, out) == [f"0 processed, 2 skipped (unchanged), 0 failed in Xs: 0 {tail.format(0)}"]

    # only the document without a date of its own takes the fallback, so only it changes
    assert _extract(source, out, "--published-at", "2024-01-02") == [
        f"1 processed, 1 skipped (unchanged), 0 failed in Xs: 3 {tail.format(1)}",
        "1 re-processed: published date changed",
    ]
    (doc,) = _latest_documents(out)
    assert (doc["doc_id"], doc["published_at"], doc["published_at_source"]) == ("undated", "2024-01-02", "input")
    assert _extract(source, out, "--published-at", "2024-01-02") == [
        f"0 processed, 2 skipped (unchanged), 0 failed in Xs: 0 {tail.format(0)}"]

    # another model: the base model saved under another name
    import spacy

    from pipeline.nlp import resolve_model_name

    copy = tmp_path / "model"
    spacy.load(resolve_model_name(None)).to_disk(copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    (copy / "meta.json").write_text(json.dumps({**meta, "name": "core_web_sm_copy"}), encoding="utf-8")
    lines = _extract(source, out, "--published-at", "2024-01-02", "--model", str(copy))
    assert lines[1:] == ["2 re-processed: model changed"] and lines[0].startswith("2 processed, 0 skipped (unchanged)")
    assert {d["model"] for d in _latest_documents(out)} == {f"{meta['lang']}_core_web_sm_copy-{meta['version']}"}
    assert _extract(source, out, "--published-at", "2024-01-02", "--model", str(copy))[0].startswith(
        "0 processed, 2 skipped (unchanged)")
    info = json.loads(sorted((out / "_runs").glob("*.json"))[4].read_text(encoding="utf-8"))
    assert info["documents"] == {"processed": 2, "skipped": 0, "failed": 0, "warned": 0,
                                 "reprocessed": {"model changed": 2}}


def test_text_record_version_config_and_full_each_name_their_reason(tmp_path, nlp, monkeypatch):
    out = tmp_path / "out"
    source = _write(tmp_path / "in.jsonl", UNDATED, DATED)

    def again(**options):
        return run(read_articles([str(source)]), nlp, out, ["in"], **options)

    assert again().reprocessed == {}
    summary = again(full=True)
    assert (summary.processed, summary.skipped, summary.reprocessed) == (2, 0, {"--full given": 2})
    edited = {**UNDATED, "text": UNDATED["text"] + " He left."}
    _write(source, edited, {**DATED, "title": "Crossings"})
    summary = again()
    assert summary.reprocessed == {"text changed": 1, "title, url, source or meta changed": 1}
    monkeypatch.setattr("pipeline.extract.__version__", "9.9.9")
    assert again().reprocessed == {"pipeline version changed": 2}
    monkeypatch.setattr("pipeline.extract.config_fingerprint", lambda: "another config")
    assert again().reprocessed == {"pipeline config or data changed": 2}
    _write(source, edited)  # a document left out of a run stays done
    summary = again()
    assert (summary.processed, summary.skipped, summary.reprocessed) == (0, 1, {})


def test_a_state_written_by_the_earlier_version_is_migrated_and_reprocessed_once(tmp_path, nlp):
    """An output folder of the version that keyed documents on text and "<version>|<model>" only."""
    from pipeline import __version__

    out = tmp_path / "out"
    source = _write(tmp_path / "in.jsonl", UNDATED, DATED)
    (article, _) = list(read_articles([str(source)]))
    state_path(out).parent.mkdir(parents=True)
    old = sqlite3.connect(state_path(out))
    old.executescript(V0_TABLES)  # the earlier version's tables (test_io_state checks the migration)
    old.execute("INSERT INTO documents VALUES (?, ?, ?, 'r0', '2024-01-01T00:00:00+00:00')",
                ("undated", article.text_sha256, f"{__version__}|{model_label(nlp)}"))
    old.execute("INSERT INTO documents VALUES ('dated', 'another text', ?, 'r0', '2024-01-01T00:00:00+00:00')",
                (f"{__version__}|{model_label(nlp)}",))
    old.commit()
    old.close()
    summary = run(read_articles([str(source)]), nlp, out, ["in"])
    assert summary.reprocessed == {"recorded by an older newsfacts": 1, "text changed": 1}
    summary = run(read_articles([str(source)]), nlp, out, ["in"])
    assert (summary.processed, summary.skipped, summary.reprocessed) == (0, 2, {})
