"""news_fast_attributes gives exactly what spaCy's attribute_ruler gives, from the same patterns."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.fast_attributes import (
    FastAttributes,
    UnsupportedPattern,
    replace_attribute_ruler,
)

# Pronouns, auxiliaries, contractions, "that" as det/pron/sconj, expletives, spaces: the ruler's exceptions.
SENTENCES = [
    "I ain't gonna do it, y'all. Gotta go. Let's see. C'mon, he'd had enough.",
    "There is a cat.  There're dogs, and it was him, not I.\n\n",
    "That is what she said: that that report was wrong because they did not have it.",
    "The minister, who has been in office since 2019, does not think the deal will pass; nothin' 'em.",
    "Do you? Did he have it? She gets it, they got it. Ca n't, wo n't, sha n't.",
]

RULES = [  # a tag map, an exception that overrides it, a later rule that overrides that, a two-token rule
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["nothing", "something"]}}]],
     "attrs": {"POS": "PRON", "MORPH": "PronType=Ind"}},
    {"patterns": [[{"LOWER": {"REGEX": "^some"}, "IS_SPACE": False}]], "attrs": {"LEMMA": "some"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", ""]}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": -2},
    {"patterns": [[{"TAG": "NN", "LOWER": "something"}]], "attrs": {"MORPH": "Number=Sing|PronType=Ind"}},
]


def _signature(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]


def _ruler_and_fast(words: list[str], tags: list[str]) -> tuple[FastAttributes, Doc]:
    """news_fast_attributes on the words, checked against spaCy's attribute_ruler with the same RULES."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(RULES)
    fast = FastAttributes(nlp.vocab)
    fast.add_patterns(RULES)
    expected = ruler(Doc(nlp.vocab, words=words, tags=tags))
    got = fast(Doc(nlp.vocab, words=words, tags=tags))
    assert _signature(got) == _signature(expected)
    return fast, got


def test_same_as_attribute_ruler_on_rules_model_free() -> None:
    words = ["something", "gon", "na", "nothing", "table", "runs", "gon"]
    tags = ["NN", "VBG", "TO", "NN", "NN", "VBZ", "NN"]
    _, got = _ruler_and_fast(words, tags)
    assert [(t.pos_, str(t.morph), t.lemma_) for t in got] == [
        ("PRON", "Number=Sing|PronType=Ind", "some"),
        ("X", "", "go"),
        ("X", "", "to"),
        ("PRON", "PronType=Ind", ""),
        ("NOUN", "Number=Sing", ""),
        ("X", "", ""),
        ("NOUN", "Number=Sing", ""),
    ]


def test_pattern_it_cannot_reproduce_is_refused_and_pipeline_unchanged() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}])
    with pytest.raises(UnsupportedPattern, match="operators"):
        replace_attribute_ruler(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    with pytest.raises(UnsupportedPattern, match="cannot test 'SHAPE'"):
        FastAttributes(nlp.vocab).add_patterns([{"patterns": [[{"SHAPE": "Xxxx"}]], "attrs": {"POS": "X"}}])


@pytest.fixture(scope="module")
def base_pair() -> tuple[spacy.Language, spacy.Language]:
    from pipeline.nlp import load_base

    original, fast = load_base(None), load_base(None)
    replace_attribute_ruler(fast)
    return original, fast


@pytest.mark.model
def test_same_as_model_attribute_ruler(base_pair: tuple[spacy.Language, spacy.Language]) -> None:
    original, fast = base_pair
    assert type(fast.get_pipe("attribute_ruler")) is FastAttributes
    assert fast.pipe_names == original.pipe_names
    for text in SENTENCES:
        assert _signature(fast(text)) == _signature(original(text)), text


@pytest.mark.model
def test_saved_and_loaded(base_pair: tuple[spacy.Language, spacy.Language], tmp_path) -> None:
    original, fast = base_pair
    fast.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")  # the factory is registered by importing pipeline.fast_attributes
    assert loaded.get_pipe("attribute_ruler").patterns == original.get_pipe("attribute_ruler").patterns
    assert _signature(loaded(SENTENCES[0])) == _signature(original(SENTENCES[0]))


def test_words_no_pattern_names_share_one_evaluation() -> None:
    """A word no pattern names is reduced to which regexes it matches: "someone" and "something"
    (both "^some") share a key, "table" and "chair" another, and each key is evaluated once."""
    words = ["someone", "table", "somewhere", "chair", "table", "nothing"]
    fast, got = _ruler_and_fast(words, ["NN"] * len(words))
    assert [t.lemma_ for t in got] == ["some", "", "some", "", "", ""]
    assert [t.pos_ for t in got] == ["NOUN", "NOUN", "NOUN", "NOUN", "NOUN", "PRON"]
    # (NN, some-like, no dep, not space), (NN, other, ...), (NN, "nothing", ...)
    assert len(fast._memo) == 3
