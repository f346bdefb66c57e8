"""``eval`` refuses input it cannot score, with the reason, instead of printing zeros (exit 2, usage error)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()
GOLD_FORMAT = "a gold file is JSON lines, one document a line with doc_id and text (docs/evaluation.md)"


def _gold(tmp_path: Path, *doc_ids: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps({"doc_id": d, "text": "Blinken met Ebrard.", "mentions": [
        {"start": 0, "end": 7, "text": "Blinken", "type": "PERSON"}]}) + "\n" for d in doc_ids), encoding="utf-8")
    return path


def _pred(tmp_path: Path, *doc_ids: str) -> Path:
    """An output folder whose documents were processed and found nothing but Blinken in the first one."""
    out = tmp_path / "pred"
    for table in ("documents", "mentions"):
        (out / table).mkdir(parents=True)
    (out / "documents" / "part-r1.jsonl").write_text("".join(json.dumps({"doc_id": d}) + "\n" for d in doc_ids))
    (out / "mentions" / "part-r1.jsonl").write_text(json.dumps(
        {"mention_id": "m1", "doc_id": doc_ids[0], "type": "PERSON", "start": 0, "end": 7, "text": "Blinken"}) + "\n")
    return out


def _eval(*args: str):
    return runner.invoke(app, ["eval", *map(str, args)])


def test_unknown_types_are_a_usage_error(tmp_path):
    gold, pred = _gold(tmp_path, "d"), _pred(tmp_path, "d")
    result = _eval(gold, "--pred", pred, "--types", "foo,DATE,Bar")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("error: --types: unknown mention type(s) FOO, BAR; choose from PERSON, AGENCY, ORG, GPE, "
                             "LOC, NORP, DATE, FIGURE\n")
    conll = _eval(gold, "--pred", pred, "--types", "PERSON", "--conll-mapping")
    assert conll.exit_code == 2
    assert conll.stderr == "error: --types: unknown mention type(s) PERSON; choose from PER, ORG, LOC, MISC\n"
    conll_gold = tmp_path / "conll.jsonl"  # CoNLL gold is in CoNLL's types; our predictions are mapped to them
    conll_gold.write_text(gold.read_text().replace('"PERSON"', '"PER"'))
    data = json.loads(_eval(conll_gold, "--pred", pred, "--types", "per", "--conll-mapping", "--json").stdout)
    assert list(data["mentions"]) == ["PER"] and data["mentions"]["PER"]["strict"]["f1"] == 1.0


def test_predictions_for_none_of_the_gold_documents_are_a_usage_error(tmp_path):
    gold, pred = _gold(tmp_path, "g1", "g2"), _pred(tmp_path, "other")
    result = _eval(gold, "--pred", pred)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"error: --pred {pred}: none of the 2 gold documents was processed there (gold doc_ids such as 'g1'; "
        "1 other document found); extract the gold texts with the same ids into that folder, or give the folder "
        "that holds them\n")


def test_some_gold_documents_without_predictions_are_scored_with_a_warning(tmp_path):
    gold, pred = _gold(tmp_path, "g1", "g2", "g3"), _pred(tmp_path, "g1", "g2")  # g2 processed, nothing found
    result = _eval(gold, "--pred", pred, "--json")
    assert result.exit_code == 0
    assert result.stderr == (f"warning: 1 of 3 gold documents have no predictions in {pred} (first: g3); "
                             "they are scored as predicting nothing\n")
    assert json.loads(result.stdout)["mentions"]["PERSON"]["strict"] == \
        {"tp": 1, "fp": 0, "fn": 2, "precision": 1.0, "recall": 0.3333, "f1": 0.5}


def test_a_pred_folder_that_is_no_extract_output_is_a_usage_error(tmp_path):
    gold = _gold(tmp_path, "d")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("hi")
    result = _eval(gold, "--pred", tmp_path / "notes")
    assert result.exit_code == 2
    assert result.stderr == (f"error: --pred: {tmp_path / 'notes'} is not an output folder of `newsfacts extract`: it "
                             "has no _runs/ manifest and no <table>/part-*.jsonl part files; give the folder passed "
                             "to `newsfacts extract --out`\n")
    missing = _eval(gold, "--pred", tmp_path / "nope")
    assert missing.exit_code == 2 and missing.stderr == f"error: --pred: {tmp_path / 'nope'} is not a folder\n"


def test_a_file_that_is_not_gold_is_named_with_its_line(tmp_path):
    binary = tmp_path / "notes.txt"
    binary.write_bytes(b'{"doc_id": "a", "text": "x"}\n\ncaf\xe9\n')
    result = _eval(binary)
    assert result.exit_code == 2
    assert result.stderr == f"error: {binary}:3: not UTF-8 (invalid continuation byte at byte 3 of the line); {GOLD_FORMAT}\n"

    articles = tmp_path / "articles.jsonl"
    articles.write_text('{"id": "a1", "text": "An article, not gold."}\n', encoding="utf-8")
    result = _eval(articles)
    assert result.exit_code == 2
    assert result.stderr == f"error: {articles}:1: gold record needs doc_id and text; {GOLD_FORMAT}\n"

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"doc_id": "a", "text": "x"}\n{"doc_id": \n', encoding="utf-8")
    result = _eval(broken)
    assert result.exit_code == 2
    assert result.stderr == f"error: {broken}:2: invalid JSON: Expecting value at column 12; {GOLD_FORMAT}\n"

    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    result = _eval(empty)
    assert result.exit_code == 2 and result.stderr == f"error: {empty}: no gold documents; {GOLD_FORMAT}\n"
