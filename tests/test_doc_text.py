"""doc_text: a doc's text, built once per doc (spaCy's Doc.text joins every token on each access)."""

from __future__ import annotations

import gc

import spacy

from pipeline.annotations import _TEXTS, doc_text


def test_doc_text_is_the_text_built_once_and_dropped_with_the_doc() -> None:
    nlp = spacy.blank("en")
    text = "Mr. Smith went to Washington.\n\n  It rained — twice. "
    doc = nlp(text)
    first = doc_text(doc)
    assert first == doc.text == text
    assert doc_text(doc) is first  # the same string object: not joined again
    with doc.retokenize() as retokenizer:  # merging tokens keeps the text
        retokenizer.merge(doc[0:2])
    assert doc_text(doc) == doc.text == text
    other = nlp("Another doc.")
    assert doc_text(other) == "Another doc."
    count = len(_TEXTS)
    del doc, retokenizer
    gc.collect()
    assert len(_TEXTS) == count - 1
