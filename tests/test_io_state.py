import json

import pytest

from pipeline.extract import split_pieces
from pipeline.io.state import RunState
from pipeline.io.writer import TABLES, RunWriter


def test_unchanged_documents_are_current_until_text_or_version_changes(tmp_path):
    state = RunState(tmp_path)
    state.start_run("r1")
    state.commit("r1", [("a", "sha-a")], "0.1.0|m", {"documents": 10})
    assert state.is_current("a", "sha-a", "0.1.0|m")
    assert not state.is_current("a", "sha-b", "0.1.0|m")
    assert not state.is_current("a", "sha-a", "0.2.0|m")
    assert not state.is_current("b", "sha-a", "0.1.0|m")


def test_a_killed_run_is_recovered_to_its_last_commit(tmp_path):
    state = RunState(tmp_path)
    writer = RunWriter(tmp_path, "r1")
    state.start_run("r1")
    writer.write("documents", {"doc_id": "a"})
    state.commit("r1", [("a", "sha-a")], "v", writer.sync())
    writer.write("documents", {"doc_id": "b"})  # written but never committed: the process dies here
    writer._handles["documents"].flush()
    state.close()

    state = RunState(tmp_path)
    assert state.recover(tmp_path, TABLES) == ["r1"]
    lines = (tmp_path / "documents" / "part-r1.jsonl").read_text().splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["a"]
    assert not (tmp_path / "mentions" / ".part-r1.jsonl.tmp").exists()
    assert not (tmp_path / "mentions" / "part-r1.jsonl").exists()
    assert state.is_current("a", "sha-a", "v") and not state.is_current("b", "sha-b", "v")
    assert state.recover(tmp_path, TABLES) == []


def test_long_texts_are_cut_at_paragraph_breaks_and_cover_everything():
    text = ("word " * 30 + "\n\n") * 40
    pieces = split_pieces(text, limit=1000)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(end - start <= 1000 for start, end in pieces)
    assert all(text[start - 2:start] == "\n\n" for start, _ in pieces[1:])
    assert split_pieces("short", limit=1000) == [(0, 5)]


@pytest.mark.model
def test_long_articles_in_pieces_keep_offsets_and_one_name_per_person(nlp):
    from pipeline.extract import PIECE_CHARS, process
    from pipeline.io.articles import Article

    filler = "The talks in Mexico City went on for hours and ended without a statement.\n\n"
    text = "Secretary of State Antony J. Blinken arrived in Mexico on Monday.\n\n"
    text += filler * (PIECE_CHARS // len(filler) + 5) + "Blinken left on Tuesday.\n"
    article = Article("long", text, "test", published_at=None)
    records = list(process([article], nlp))
    mentions = [r for t, r in records if t == "mentions"]
    assert all(text[m["start"]:m["end"]] == m["text"] for m in mentions)
    blinkens = [m for m in mentions if m["type"] == "PERSON" and "Blinken" in m["text"]]
    assert [m["start"] for m in blinkens] == [text.index("Antony"), text.rindex("Blinken")]
    assert {m["canonical"] for m in blinkens} == {"Antony Blinken"}
    assert [t for t, _ in records].count("documents") == 1
