"""End-to-end over the bundled corpus: offsets hold, output is deterministic and matches the golden file.

Regenerate the golden file after an intended change with ``pytest --update-golden``
and review its diff like code.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from pipeline.extract import process
from pipeline.io.readers import read_articles
from pipeline.io.writer import dumps

pytestmark = pytest.mark.model
GOLDEN = Path(__file__).parent / "golden" / "corpus.jsonl"


def _corpus_records(nlp) -> list[tuple[str, dict]]:
    with resources.as_file(resources.files("pipeline.corpus")) as corpus:
        return list(process(read_articles([str(corpus)]), nlp))


@pytest.fixture(scope="module")
def records(nlp):
    return _corpus_records(nlp)


def test_every_corpus_article_is_processed(records):
    docs = [r["doc_id"] for t, r in records if t == "documents"]
    assert docs == ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]
    assert [t for t, _ in records if t == "errors"] == []


def test_offsets_hold_in_code_points_and_bytes(records):
    texts = {}
    with resources.as_file(resources.files("pipeline.corpus")) as corpus:
        for path in sorted(Path(corpus).glob("*.txt")):
            texts[path.stem] = path.read_text(encoding="utf-8")
    mentions = [r for t, r in records if t == "mentions"]
    assert len(mentions) > 300
    for m in mentions:
        text = texts[m["doc_id"]]
        assert text[m["start"]:m["end"]] == m["text"]
        assert text.encode("utf-8")[m["byte_start"]:m["byte_end"]].decode("utf-8") == m["text"]
    for t, r in records:
        if t == "officials":
            assert 0 <= r["start"] < r["end"] <= len(texts[r["doc_id"]])
        if t == "events":
            assert texts[r["doc_id"]][r["trigger"]["start"]:r["trigger"]["end"]] == r["trigger"]["text"]


def test_ids_are_unique(records):
    for table, key in (("mentions", "mention_id"), ("officials", "official_id"), ("events", "event_id")):
        ids = [r[key] for t, r in records if t == table]
        assert len(ids) == len(set(ids)), table


def test_nothing_is_extracted_from_boilerplate(records):
    spans = {r["doc_id"]: r["boilerplate"] for t, r in records if t == "documents"}
    assert any(spans.values())
    for t, m in records:
        if t == "mentions":
            assert not any(b["start"] < m["end"] and m["start"] < b["end"] for b in spans[m["doc_id"]]), m


def test_two_runs_give_identical_records(nlp, records):
    again = _corpus_records(nlp)
    assert [dumps(r) for _, r in again] == [dumps(r) for _, r in records]


def test_golden_output(records, update_golden):
    lines = [dumps({"table": t, **r}) for t, r in records]
    if update_golden or not GOLDEN.exists():
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{GOLDEN} did not exist; written now — review and commit it")
        return
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    if lines != expected:
        changed = [(i, e, g) for i, (e, g) in enumerate(zip(expected, lines)) if e != g][:3]
        pytest.fail(f"output differs from {GOLDEN.name} ({len(expected)} → {len(lines)} lines); "
                    f"first differences: {json.dumps(changed, ensure_ascii=False)[:1500]}. "
                    "If intended, run pytest --update-golden and review the diff.")
