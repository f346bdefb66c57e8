"""The pipeline as a spaCy artefact: saved with its data, loaded in a fresh process, identical output.

A saved pipeline must not depend on the files its config named: the test
builds the pipeline with copies of a rules file and of a lexicon file,
saves it, then edits the copies, and loads the saved folder in a new
process. The records must not change.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources

import pytest

from pipeline.extract import process
from pipeline.io.readers import read_articles
from pipeline.io.writer import dumps
from pipeline.nlp import build_pipeline
from pipeline.resources import data_file

pytestmark = pytest.mark.model

LOAD_AND_RUN = """
import sys, spacy
from importlib import resources
from pipeline.extract import process
from pipeline.io.readers import read_articles
from pipeline.io.writer import dumps
nlp = spacy.load(sys.argv[1])
with resources.as_file(resources.files("pipeline.corpus")) as corpus:
    for table, record in process(read_articles([str(corpus)]), nlp):
        print(dumps({"table": table, **record}))
"""


def _corpus_lines(nlp) -> list[str]:
    with resources.as_file(resources.files("pipeline.corpus")) as corpus:
        return [dumps({"table": t, **r}) for t, r in process(read_articles([str(corpus)]), nlp)]


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("saved")
    triggers = tmp / "my_triggers.jsonl"
    people = tmp / "my_people.jsonl"
    shutil.copyfile(data_file("models:events/triggers.jsonl"), triggers)
    shutil.copyfile(data_file("models:lexicon/people.jsonl"), people)
    lexicon = {"@misc": "newsfacts.lexicon.v1", "people": str(people)}
    nlp = build_pipeline(overrides={"news_events": {"triggers": str(triggers), "lexicon": lexicon}})
    before = _corpus_lines(nlp)
    nlp.to_disk(tmp / "pipeline")
    # what the config named changes after saving: the saved pipeline must not notice
    triggers.write_text('{"_meta": {"about": "emptied after saving"}}\n', encoding="utf-8")
    people.unlink()
    return tmp / "pipeline", before


def test_saved_folder_holds_every_component_data(saved):
    folder, _ = saved
    config = (folder / "config.cfg").read_text(encoding="utf-8")
    for name in ("news_boilerplate", "news_entities", "news_dates", "news_figures", "news_mentions",
                 "news_officials", "news_events"):
        assert f"[components.{name}]" in config
        index = json.loads((folder / name / "files" / "files.json").read_text(encoding="utf-8"))
        for key, item in index.items():
            assert (folder / name / "files" / item["file"]).stat().st_size > 0, (name, key)
    events = json.loads((folder / "news_events" / "files" / "files.json").read_text(encoding="utf-8"))
    assert events["triggers"]["ref"].endswith("my_triggers.jsonl")
    saved_triggers = (folder / "news_events" / "files" / events["triggers"]["file"]).read_text(encoding="utf-8")
    assert saved_triggers == data_file("models:events/triggers.jsonl").read_text(encoding="utf-8")
    lexicon = json.loads((folder / "news_events" / "lexicon" / "files.json").read_text(encoding="utf-8"))
    assert lexicon["people"]["ref"].endswith("my_people.jsonl")
    assert (folder / "news_officials" / "lexicon" / "titles.jsonl").exists()


def test_loaded_in_a_fresh_process_gives_identical_records(saved):
    folder, before = saved
    result = subprocess.run([sys.executable, "-c", LOAD_AND_RUN, str(folder)], capture_output=True, text=True,
                            check=True)
    after = result.stdout.splitlines()
    assert len(after) == len(before) > 400
    assert after == before


def test_nlp_evaluate_scores_the_span_groups(nlp):
    from spacy.training import Example

    doc = nlp("Secretary of State Antony Blinken met Mexican officials on Monday, the State Department said.")
    reference = nlp.make_doc(doc.text)
    for key in ("news_entities", "news_dates", "news_mentions"):
        reference.spans[key] = [reference.char_span(s.start_char, s.end_char, label=s.label_) for s in doc.spans[key]]
    scores = nlp.evaluate([Example(nlp.make_doc(doc.text), reference)])
    assert scores["spans_news_mentions_f"] == 1.0
    assert scores["spans_news_entities_f"] == 1.0
    assert scores["spans_news_dates_f"] == 1.0


def test_analyze_pipes_reports_no_problems(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
