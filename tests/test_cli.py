from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"


def test_help_explains_every_command_with_an_example():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "extract" in result.output and "eval" in result.output
    for command in ("extract", "eval"):
        text = runner.invoke(app, [command, "--help"]).output
        assert "Example" in text, command


def test_bad_published_at_is_a_usage_error():
    result = runner.invoke(app, ["extract", "--published-at", "22/03/2021", "--out", "unused"])
    assert result.exit_code == 2


@pytest.mark.model
def test_extract_on_the_bundled_corpus_writes_every_table(tmp_path):
    result = runner.invoke(app, ["extract", "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    for table in ("documents", "mentions", "officials", "events", "attributions"):
        (part,) = (tmp_path / table).glob("part-*.jsonl")
        assert part.name.startswith("part-")
    assert list((tmp_path / "errors").iterdir()) == []  # no errors, no empty part file: the folder is there, empty
    docs = [json.loads(line) for line in next((tmp_path / "documents").glob("*.jsonl")).read_text().splitlines()]
    assert [d["doc_id"] for d in docs] == ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]
    assert docs[0]["published_at"] == "2021-03-22" and docs[0]["published_at_source"] == "input"
    (manifest,) = (tmp_path / "_runs").glob("*.json")
    info = json.loads(manifest.read_text())
    assert info["status"] == "completed" and info["counts"]["documents"] == 5 and info["counts"]["errors"] == 0
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.model
def test_bad_input_is_recorded_and_the_run_goes_on(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"caf\xe9")
    (tmp_path / "in" / "mixed.jsonl").write_text(
        '{"id": "good", "text": "Antony Blinken met Andrés Manuel López Obrador in Mexico City on Wednesday.", "published_at": "2023-12-26"}\n'
        '{"id": "notext"}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(out), "--quiet"])
    assert result.exit_code == 1
    assert "invalid_utf8" in result.output and "missing_text" in result.output
    errors = [json.loads(line) for line in next((out / "errors").glob("*.jsonl")).read_text().splitlines()]
    assert [(e["doc_id"], e["error"]) for e in errors] == [("bad", "invalid_utf8"), ("notext", "missing_text")]
    docs = [json.loads(line) for line in next((out / "documents").glob("*.jsonl")).read_text().splitlines()]
    assert [d["doc_id"] for d in docs] == ["good"]
    mentions = [json.loads(line) for line in next((out / "mentions").glob("*.jsonl")).read_text().splitlines()]
    assert ("Antony Blinken", "PERSON", "person:antony-blinken") in {(m["text"], m["type"], m["entity_id"]) for m in mentions}


@pytest.mark.model
def test_stdin_input(tmp_path):
    line = json.dumps({"id": "s1", "text": "The White House said on Monday that 200 migrants crossed.", "published_at": "2021-03-22"})
    result = runner.invoke(app, ["extract", "-", "--out", str(tmp_path), "--quiet"], input=line + "\n")
    assert result.exit_code == 0, result.output
    mentions = [json.loads(x) for x in next((tmp_path / "mentions").glob("*.jsonl")).read_text().splitlines()]
    assert ("White House", "AGENCY") in {(m["text"], m["type"]) for m in mentions}


@pytest.mark.model
def test_eval_prints_a_table_and_json():
    gold = FIXTURES / "seeds.gold.jsonl"
    table = runner.invoke(app, ["eval", str(gold), "--limit", "1"])
    assert table.exit_code == 0 and "PERSON" in table.output and "ALL" in table.output
    data = json.loads(runner.invoke(app, ["eval", str(gold), "--limit", "1", "--json"]).output)
    assert data["documents"] == 1 and 0.0 <= data["all"]["relaxed"]["f1"] <= 1.0


def test_eval_scores_a_prediction_folder_exactly(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "d", "text": "Blinken met Ebrard.", "mentions": [
        {"start": 0, "end": 7, "text": "Blinken", "type": "PERSON"}, {"start": 12, "end": 18, "text": "Ebrard", "type": "PERSON"}]}) + "\n")
    (tmp_path / "pred" / "mentions").mkdir(parents=True)
    (tmp_path / "pred" / "mentions" / "part-x.jsonl").write_text(
        json.dumps({"mention_id": "m1", "doc_id": "d", "type": "PERSON", "start": 0, "end": 7, "text": "Blinken"}) + "\n"
        + json.dumps({"mention_id": "m2", "doc_id": "d", "type": "PERSON", "start": 12, "end": 14, "text": "Eb"}) + "\n"
        + json.dumps({"mention_id": "m3", "doc_id": "d", "type": "ORG", "start": 8, "end": 11, "text": "met"}) + "\n")
    data = json.loads(runner.invoke(app, ["eval", str(gold), "--pred", str(tmp_path / "pred"), "--json"]).output)
    assert data["mentions"]["PERSON"]["strict"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert data["mentions"]["PERSON"]["relaxed"]["f1"] == 1.0
    assert data["mentions"]["ORG"]["relaxed"] == {"tp": 0, "fp": 1, "fn": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}


@pytest.mark.model
def test_output_does_not_depend_on_hash_seed_or_worker_count(tmp_path):
    """Byte-identical part files across processes with different PYTHONHASHSEED, and with two workers."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed, workers in (("1", "1"), ("2", "1"), ("3", "2")):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "pipeline", "extract", "--out", str(out), "-q", "-w", workers],
                       check=True, env=env, capture_output=True)
        outputs.append({t: next((out / t).glob("part-*.jsonl")).read_bytes()
                        for t in ("documents", "mentions", "officials", "events", "attributions")})
        assert not any((out / "errors").iterdir())
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0]["mentions"].count(b"\n") > 300


def test_the_gold_example_in_the_docs_is_valid_and_scores_itself_perfectly():
    from pipeline.evaluation.runner import evaluate

    page = (Path(__file__).parent.parent / "docs" / "evaluation.md").read_text(encoding="utf-8")
    gold = json.loads(page.split("```json\n")[1].split("```")[0])
    text = gold["text"]
    for m in gold["mentions"] + [e["trigger"] for e in gold["events"]]:
        assert text[m["start"]:m["end"]] == m["text"], m
    data = evaluate([gold], {gold["doc_id"]: gold}).as_dict()
    assert data["all"]["strict"]["f1"] == data["all"]["relaxed"]["f1"] == 1.0
    assert all(a["accuracy"] == 1.0 for a in data["accuracy"].values()) and len(data["accuracy"]) == 6
    assert data["officials"]["f1"] == data["events"]["f1"] == data["event_arguments"]["f1"] == 1.0


def test_a_missing_input_is_a_usage_error_that_creates_nothing(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.jsonl"), "-", "missing/", "--out", str(out)])
    assert result.exit_code == 2
    assert f"Invalid value for INPUTS: no such file or folder: {tmp_path / 'nope.jsonl'}, missing/" in \
        " ".join(result.stderr.replace("│", "").split())
    assert not out.exists()


def test_load_refuses_a_folder_that_is_no_extract_output_and_creates_no_database(tmp_path):
    pytest.importorskip("duckdb")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mentions.jsonl").write_text("{}\n")
    db = tmp_path / "news.duckdb"
    result = runner.invoke(app, ["load", str(tmp_path / "notes"), "--duckdb", str(db)])
    assert result.exit_code == 2 and not db.exists()
    assert result.stderr == (f"error: {tmp_path / 'notes'} is not an output folder of `newsfacts extract`: it has no "
                             "_runs/ manifest and no <table>/part-*.jsonl part files; give the folder passed to "
                             "`newsfacts extract --out`\n")


def test_a_run_with_no_records_leaves_no_part_files_and_still_loads(tmp_path):
    """Every part file holds records; the run's manifest is what makes the folder an output folder."""
    pytest.importorskip("duckdb")
    (tmp_path / "empty.jsonl").write_text("\n")
    out, db = tmp_path / "out", tmp_path / "news.duckdb"
    result = runner.invoke(app, ["extract", str(tmp_path / "empty.jsonl"), "--out", str(out), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    assert not [p for p in out.rglob("*.jsonl")] and len(list((out / "_runs").glob("*.json"))) == 1
    loaded = runner.invoke(app, ["load", str(out), "--duckdb", str(db)])
    assert loaded.exit_code == 0 and loaded.stdout == (
        f"loaded 0 part files into {db}; rows: documents 0, mentions 0, officials 0, events 0, attributions 0, errors 0\n")


def test_the_progress_bar_has_a_total_for_files_and_reaches_it(tmp_path, monkeypatch):
    from pipeline.io.progress import Progress

    seen = []
    close = Progress.__exit__

    def record_and_close(self, *exc):
        seen.append((self.total, self.count, self.bar.tasks[0].total, self.bar.tasks[0].completed))
        close(self, *exc)

    monkeypatch.setattr(Progress, "shows_bar", staticmethod(lambda quiet: True))
    monkeypatch.setattr(Progress, "__exit__", record_and_close)
    (tmp_path / "in.jsonl").write_text("not json\n\n[1]\n{}\n")  # three records, none needs the model
    result = runner.invoke(app, ["extract", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out"), "-w", "1"])
    assert result.exit_code == 1 and seen == [(3, 3, 3, 3)]
    seen.clear()
    runner.invoke(app, ["extract", "-", "--out", str(tmp_path / "out"), "-w", "1"], input="not json\n")
    assert seen == [(None, 1, None, 1)]  # stdin: no total
