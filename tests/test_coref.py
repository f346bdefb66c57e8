"""news_coref without the English model: its tables, quotations, salience and the resolver on hand-built parses."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline.annotations import MENTIONS, referent
from pipeline.coref.component import Coreference, make_coref  # noqa: F401  (registers the factory)
from pipeline.coref.resolve import DECAY, Salience, resolve
from pipeline.quotations import quote_ids
from pipeline.coref.tables import load_descriptions, load_gendered, load_pronouns
from pipeline.resources import DataFiles, parse_jsonl, parse_tsv

FILES = {"pronouns": "models:coref/pronouns.tsv", "descriptions": "models:coref/descriptions.jsonl",
         "gender_words": "models:coref/gender_words.tsv", "given_names": "models:coref/given_names.tsv",
         "word_lists": "models:coref/word_lists.tsv"}


@pytest.fixture(scope="module")
def tables():
    return Coreference(DataFiles(FILES)).state


def test_packaged_tables(tables):
    assert tables.pronouns["his"].gender == "m" and tables.pronouns["his"].case == "poss"
    assert tables.pronouns["they"].number == "pl"
    assert tables.descriptions["company"].types == ("ORG",)
    assert tables.descriptions["spokeswoman"].kind == "spokesperson"
    assert tables.gender_words["mrs."] == "f"
    assert (tables.given_names["hillary"], tables.given_names["bernie"], tables.given_names["angela"]) == ("f", "m", "f")
    assert "jean" not in tables.given_names  # ambiguous names are left out
    assert "be" in tables.words["pleonastic_verbs"]


def test_bad_rows_fail_loudly():
    with pytest.raises(ValueError):
        load_pronouns(parse_tsv("he\tsg\tq\tsubj\n"), "t")
    with pytest.raises(ValueError):
        load_gendered(parse_tsv("mr\tx\n"), "t")
    with pytest.raises(ValueError):
        load_descriptions(parse_jsonl('{"head": "mayor", "kind": "office", "types": ["PERSON"], "example": "x"}', "t"), "t")
    with pytest.raises(ValueError):
        load_descriptions(parse_jsonl('{"head": "mayor", "kind": "title", "types": ["PEOPLE"], "example": "x"}', "t"), "t")


def test_quote_ids():
    doc = spacy.blank("en")('He said “ it is late ” and “ so ” .\n\nShe said " no')
    ids = quote_ids(doc)
    assert [t.text for t in doc if ids[t.i] == 0] == ["it", "is", "late"]
    assert [t.text for t in doc if ids[t.i] == 1] == ["so"]
    assert [t.text for t in doc if ids[t.i] == 2] == ["no"]
    assert ids[0] == -1 and ids[doc[-3].i] == -1


def test_salience_halves_per_sentence():
    s = Salience()
    s.add("a", 100.0, 0)
    s.add("a", 100.0, 2)
    assert s.get("a", 2) == pytest.approx(100 * DECAY ** 2 + 100)
    assert s.get("a", 3) == pytest.approx((100 * DECAY ** 2 + 100) * DECAY)
    assert s.get("b", 3) == 0.0


def _doc(words, heads, deps, pos, sent_starts, mentions):
    """A parsed doc built by hand: heads are absolute indices; mentions are (start, end, label, canonical)."""
    lemmas = ["be" if w in ("is", "was") else w.lower() for w in words]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, sent_starts=sent_starts,
              lemmas=lemmas)
    spans = []
    for start, end, label, canonical in mentions:
        span = Span(doc, start, end, label=label)
        span._.canonical = canonical
        span._.entity_id = f"{label.lower()}:{canonical.lower().replace(' ', '-')}"
        spans.append(span)
    doc.spans[MENTIONS] = spans
    doc._.officials = []
    return doc


def chains(doc):
    return [(c.entity.text, [(r.text, r.start) for r in c.refs]) for c in doc._.coref]


def test_subject_and_object_of_one_clause_differ(tables):
    # John Smith met Peter Brown . He praised him .
    words = ["John", "Smith", "met", "Peter", "Brown", ".", "He", "praised", "him", "."]
    heads = [1, 2, 2, 4, 2, 2, 7, 7, 7, 7]
    deps = ["compound", "nsubj", "ROOT", "compound", "dobj", "punct", "nsubj", "ROOT", "dobj", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT", "PRON", "VERB", "PRON", "PUNCT"]
    starts = [1, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    doc = _doc(words, heads, deps, pos, starts, [(0, 2, "PERSON", "John Smith"), (3, 5, "PERSON", "Peter Brown")])
    doc._.coref = resolve(doc, tables)
    assert chains(doc) == [("John Smith", [("He", 6)]), ("Peter Brown", [("him", 8)])]
    assert referent(doc, doc[6:7]).text == "John Smith"


def test_gender_from_given_name_and_honorific(tables):
    # Mary Jones met Mr Lee . She said he left .
    words = ["Mary", "Jones", "met", "Mr", "Lee", ".", "She", "said", "he", "left", "."]
    heads = [1, 2, 2, 4, 2, 2, 7, 7, 9, 7, 7]
    deps = ["compound", "nsubj", "ROOT", "compound", "dobj", "punct", "nsubj", "ROOT", "nsubj", "ccomp", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT", "PRON", "VERB", "PRON", "VERB", "PUNCT"]
    starts = [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    doc = _doc(words, heads, deps, pos, starts, [(0, 2, "PERSON", "Mary Jones"), (4, 5, "PERSON", "Lee")])
    doc._.coref = resolve(doc, tables)
    assert chains(doc) == [("Mary Jones", [("She", 6)]), ("Lee", [("he", 8)])]


def test_company_description_and_it(tables):
    # Acme cut jobs . The company said it lost money .
    words = ["Acme", "cut", "jobs", ".", "The", "company", "said", "it", "lost", "money", "."]
    heads = [1, 1, 1, 1, 5, 6, 6, 8, 6, 8, 6]
    deps = ["nsubj", "ROOT", "dobj", "punct", "det", "nsubj", "ROOT", "nsubj", "ccomp", "dobj", "punct"]
    pos = ["PROPN", "VERB", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "PRON", "VERB", "NOUN", "PUNCT"]
    starts = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    doc = _doc(words, heads, deps, pos, starts, [(0, 1, "ORG", "Acme")])
    doc._.coref = resolve(doc, tables)
    assert chains(doc) == [("Acme", [("The company", 4), ("it", 7)])]
    assert referent(doc, doc[5:6]).text == "Acme"


def test_it_of_an_empty_subject_is_not_resolved(tables):
    # Acme cut jobs . It is clear .
    words = ["Acme", "cut", "jobs", ".", "It", "is", "clear", "."]
    heads = [1, 1, 1, 1, 5, 5, 5, 5]
    deps = ["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "acomp", "punct"]
    pos = ["PROPN", "VERB", "NOUN", "PUNCT", "PRON", "AUX", "ADJ", "PUNCT"]
    doc = _doc(words, heads, deps, pos, [1, 0, 0, 0, 1, 0, 0, 0], [(0, 1, "ORG", "Acme")])
    doc._.coref = resolve(doc, tables)
    assert doc._.coref == []


def test_pronoun_in_quotation_needs_a_name_in_it(tables):
    # Ann Lee spoke . " He lied , " she said .
    words = ["Ann", "Lee", "spoke", ".", '"', "He", "lied", ",", '"', "she", "said", "."]
    heads = [1, 2, 2, 2, 10, 6, 10, 10, 10, 10, 10, 10]
    deps = ["compound", "nsubj", "ROOT", "punct", "punct", "nsubj", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"]
    starts = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    doc = _doc(words, heads, deps, pos, starts, [(0, 2, "PERSON", "Ann Lee")])
    doc._.coref = resolve(doc, tables)
    assert chains(doc) == [("Ann Lee", [("she", 9)])]
