"""news_fast_lemmatizer gives exactly what the model's lemmatizer gives, once per distinct word form."""

from __future__ import annotations

import pytest
import spacy
from spacy.lookups import Lookups
from spacy.tokens import Doc

from pipeline.fast_lemmas import FastLemmatizer, replace_lemmatizer

SENTENCES = [
    "The ministers were meeting their counterparts; she has been running the agencies' budgets since 2019.",
    "I ain't gonna do it, y'all. Gotta go. Let's see. C'mon, he'd had enough of the geese and mice.",
    "Better, best, worse: the strongest economies grew faster than the weakest ones, said analysts.",
    "  \n\n Spaces,\ttabs and newlines.  ",
]


@pytest.fixture(scope="module")
def base_pair() -> tuple[spacy.Language, spacy.Language]:
    from pipeline.nlp import load_base

    original, fast = load_base(None), load_base(None)
    assert replace_lemmatizer(fast) is not None
    return original, fast


def _lemmas(doc: Doc) -> list[tuple[str, str]]:
    return [(t.text, t.lemma_) for t in doc]


@pytest.mark.model
def test_same_lemmas_as_the_model_lemmatizer(base_pair: tuple[spacy.Language, spacy.Language]) -> None:
    original, fast = base_pair
    assert type(fast.get_pipe("lemmatizer")) is FastLemmatizer and fast.pipe_names == original.pipe_names
    for text in SENTENCES + SENTENCES:  # the second time from the memo
        assert _lemmas(fast(text)) == _lemmas(original(text)), text
    doc = fast(SENTENCES[0])
    assert [t.lemma_ for t in doc][:6] == ["the", "minister", "be", "meet", "their", "counterpart"]


@pytest.mark.model
def test_lemmas_set_before_are_kept(base_pair: tuple[spacy.Language, spacy.Language]) -> None:
    """The attribute_ruler sets some lemmas ("ai" of "ain't" → "be"); with overwrite off both keep them."""
    original, fast = base_pair
    assert _lemmas(fast("I ain't")) == _lemmas(original("I ain't")) == [("I", "I"), ("ai", "be"), ("n't", "not")]


@pytest.mark.model
def test_saved_and_loaded(base_pair: tuple[spacy.Language, spacy.Language], tmp_path) -> None:
    original, fast = base_pair
    fast.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")  # news_fast_lemmatizer is found through its entry point
    assert type(loaded.get_pipe("lemmatizer")) is FastLemmatizer
    assert _lemmas(loaded(SENTENCES[1])) == _lemmas(original(SENTENCES[1]))


def _lookup_pipeline(factory_wrap: bool) -> spacy.Language:
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {"went": "go", "mice": "mouse"})
    lemmatizer.initialize(lookups=lookups)
    if factory_wrap:
        assert replace_lemmatizer(nlp) is not None
    return nlp


def test_lookup_mode_is_reproduced() -> None:
    words = ["She", "went", "to", "count", "mice", "went"]
    expected = _lookup_pipeline(False)(Doc(spacy.blank("en").vocab, words=words))
    nlp = _lookup_pipeline(True)
    got = nlp(Doc(nlp.vocab, words=words))
    assert [t.lemma_ for t in got] == [t.lemma_ for t in expected] == ["She", "go", "to", "count", "mouse", "go"]


def test_other_lemmatizer_classes_are_left_alone() -> None:
    """French has a lemmatizer class of its own, not one whose lemmatize this module was checked against."""
    nlp = spacy.blank("fr")
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert replace_lemmatizer(nlp) is None
    assert type(nlp.get_pipe("lemmatizer")).__name__ == "FrenchLemmatizer"
