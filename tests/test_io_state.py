import json

import pytest
from state_helpers import V0_TABLES

from pipeline.extract import split_pieces
from pipeline.io.state import NEW, OLDER_STATE, DocKey, RunState
from pipeline.io.writer import TABLES, RunWriter


def _key(text="sha-a", **changes):
    from dataclasses import replace

    return replace(DocKey(text, "2021-03-22 input", "rec", "en_core_web_sm-3.8.0", "0.1.0", "cfg"), **changes)


def test_unchanged_documents_are_current_until_anything_that_shapes_their_records_changes(tmp_path):
    state = RunState(tmp_path)
    state.start_run("r1")
    state.commit("r1", [("a", _key())], {"documents": 10})
    assert state.change("a", _key()) is None and state.is_current("a", _key())
    assert state.change("b", _key()) == NEW
    assert state.change("a", _key("sha-b")) == "text changed"
    assert state.change("a", _key(published_at="2024-01-02 input")) == "published date changed"
    assert state.change("a", _key(published_at="")) == "published date changed"
    assert state.change("a", _key(record_sha256="rec2")) == "title, url, source or meta changed"
    assert state.change("a", _key(model="en_core_web_trf-3.8.0")) == "model changed"
    assert state.change("a", _key(pipeline_version="0.2.0")) == "pipeline version changed"
    assert state.change("a", _key(config_sha256="cfg2")) == "pipeline config or data changed"
    assert state.change("a", _key(model="m2", published_at="")) == "published date and model changed"
    assert state.change("a", _key("x", model="m2", config_sha256="c")) == \
        "text, model and pipeline config or data changed"
    state.commit("r1", [("a", _key(model="m2"))], {"documents": 20})
    assert state.change("a", _key(model="m2")) is None and state.change("a", _key()) == "model changed"


# the state database as newsfacts wrote it before DocKey (user_version 0): "<version>|<model>" in pipeline_version
V0_SCHEMA = V0_TABLES + """
INSERT INTO documents VALUES ('a', 'sha-a', '0.1.0|en_core_web_sm-3.8.0', 'r0', '2024-01-01T00:00:00+00:00');
INSERT INTO parts VALUES ('r0', 'documents', 10);
INSERT INTO runs VALUES ('r0', 'completed', '2024-01-01T00:00:00+00:00');
"""


def test_a_state_database_of_the_earlier_version_is_migrated_in_place(tmp_path):
    import sqlite3

    from pipeline.io.layout import state_path

    state_path(tmp_path).parent.mkdir(parents=True)
    old = sqlite3.connect(state_path(tmp_path))
    old.executescript(V0_SCHEMA)
    old.close()

    state = RunState(tmp_path)
    row = state.db.execute("SELECT doc_id, text_sha256, pipeline_version, model, published_at, record_sha256, "
                           "config_sha256, run_id FROM documents").fetchall()
    assert row == [("a", "sha-a", "0.1.0", "en_core_web_sm-3.8.0", None, None, None, "r0")]
    assert state.db.execute("PRAGMA user_version").fetchone() == (1,)
    assert state.db.execute("SELECT * FROM runs").fetchall() == [("r0", "completed", "2024-01-01T00:00:00+00:00")]
    # what the old state knew still counts: a new model or text is named as such
    assert state.change("a", _key(model="m2")) == "model changed"
    assert state.change("a", _key("sha-b")) == "text changed"
    # the rest it never recorded: the document is processed once more, then skipped
    assert state.change("a", _key()) == OLDER_STATE == "recorded by an older newsfacts"
    state.start_run("r1")
    state.commit("r1", [("a", _key())], {})
    state.close()
    again = RunState(tmp_path)  # opening a migrated database changes nothing
    assert again.change("a", _key()) is None
    assert again.db.execute("SELECT count(*) FROM documents").fetchone() == (1,)


def test_a_killed_run_is_recovered_to_its_last_commit(tmp_path):
    state = RunState(tmp_path)
    writer = RunWriter(tmp_path, "r1")
    state.start_run("r1")
    writer.write("documents", {"doc_id": "a"})
    state.commit("r1", [("a", _key())], writer.sync())
    writer.write("documents", {"doc_id": "b"})  # written but never committed: the process dies here
    writer._handles["documents"].flush()
    state.close()

    state = RunState(tmp_path)
    assert state.recover(tmp_path, TABLES) == ["r1"]
    lines = (tmp_path / "documents" / "part-r1.jsonl").read_text().splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["a"]
    assert not (tmp_path / "mentions" / ".part-r1.jsonl.tmp").exists()
    assert not (tmp_path / "mentions" / "part-r1.jsonl").exists()
    assert state.is_current("a", _key()) and state.change("b", _key("sha-b")) == NEW
    assert state.recover(tmp_path, TABLES) == []


def test_a_run_leaves_part_files_only_for_tables_it_wrote_to(tmp_path):
    for run_id in ("r1", "r2"):
        writer = RunWriter(tmp_path, run_id)
        if run_id == "r2":
            writer.write("documents", {"doc_id": "a"})
        writer.close()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == \
        ["documents/part-r2.jsonl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(TABLES)  # every table's folder is there


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


def test_closing_renames_only_what_the_state_committed(tmp_path):
    state = RunState(tmp_path)
    writer = RunWriter(tmp_path, "r1")
    state.start_run("r1")
    writer.write("documents", {"doc_id": "a"})
    writer.write("mentions", {"doc_id": "a", "text": "Biden"})
    state.commit("r1", [("a", _key())], writer.sync())
    writer.write("documents", {"doc_id": "b"})  # written and fsynced, then interrupted before the commit
    writer.write("mentions", {"doc_id": "b", "text": "Obrador"})
    writer.write("errors", {"doc_id": "c"})
    writer.sync()
    assert state.committed_bytes("r1") == {**{t: 0 for t in TABLES}, "documents": 15, "mentions": 30}
    writer.close(state.committed_bytes("r1"))
    assert (tmp_path / "documents" / "part-r1.jsonl").read_text() == '{"doc_id":"a"}\n'
    assert (tmp_path / "mentions" / "part-r1.jsonl").read_text() == '{"doc_id":"a","text":"Biden"}\n'
    assert not list(tmp_path.rglob("*.tmp")) and not list((tmp_path / "errors").iterdir())
    assert writer.counts == {**{t: 0 for t in TABLES}, "documents": 1, "mentions": 1}
