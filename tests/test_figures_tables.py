"""The figure tables in models/figures load, validate and reject bad records."""

from __future__ import annotations

import pycountry
import pytest
import spacy

import pipeline.figures.component  # noqa: F401  (registers the factory until entry points are enabled)
from pipeline.figures.tables import WORD_LISTS, load_qualifiers, load_tables, load_units, load_word_lists
from pipeline.resources import DataFiles


@pytest.fixture(scope="module")
def pipe():
    return spacy.blank("en").add_pipe("news_figures")


@pytest.fixture(scope="module")
def tables(pipe):
    return pipe.state.tables


def test_default_tables_load(tables):
    assert len(tables.units) > 100
    assert {q.qualifier for q in tables.qualifiers} == {"approx", "more_than", "less_than", "at_least", "at_most"}
    assert tables.scales["billion"].value == 1e9
    assert tables.number_nouns["pair"].value == 2
    assert ("title",) in tables.reference_phrases
    assert "march" in tables.temporal_words
    assert "major" in tables.skip_adjectives
    assert "number" in tables.count_nouns
    assert "fall" in tables.tally_verbs
    assert "street" in tables.address_words
    assert tables.one_articles == {"a", "an"}
    assert tables.amount_prepositions("currency") == {"in", "of"}
    assert "circa" in tables.year_prepositions


def test_currency_units_are_iso_4217(tables):
    for unit in tables.units:
        if unit.kind == "currency":
            assert pycountry.currencies.get(alpha_3=unit.unit) is not None, unit


def test_units_sorted_longest_first(tables):
    lengths = [len(u.form) for u in tables.units]
    assert lengths == sorted(lengths, reverse=True)


def test_tables_read_the_component_files_with_a_given_tokenizer(pipe):
    split = load_tables(DataFiles(pipe.files.refs), str.split)
    assert ("per", "cent") in {u.form for u in split.units}
    assert split.temporal_words == pipe.state.tables.temporal_words


def test_unknown_key_rejected():
    records = [{"form": "$", "unit": "USD", "kind": "currency", "position": "before", "example": "$5",
                "colour": "green"}]
    with pytest.raises(ValueError, match=r"t\.jsonl\[1\]: unknown keys"):
        load_units(records, "t.jsonl", str.split)


def test_bad_currency_code_rejected():
    records = [{"form": "zz", "unit": "ZZZ", "kind": "currency", "position": "after", "example": "5 zz"}]
    with pytest.raises(ValueError, match="ISO 4217"):
        load_units(records, "t.jsonl", str.split)


def test_bad_qualifier_rejected():
    records = [{"phrase": "about", "qualifier": "roughly", "position": "before", "example": "about 5"}]
    with pytest.raises(ValueError, match="qualifier must be one of"):
        load_qualifiers(records, "t.jsonl", str.split)


def test_multiword_forms_use_the_tokenizer():
    records = [{"form": "per cent", "unit": "percent", "kind": "percent", "position": "after",
                "example": "3 per cent"}]
    (unit,) = load_units(records, "t.jsonl", lambda text: text.replace(" ", "|").split("|"))
    assert unit.form == ("per", "cent")


def test_word_lists_reject_unknown_and_missing_lists():
    rows = [[name, "x"] for name in WORD_LISTS]
    assert set(load_word_lists(rows, "w.tsv")) == set(WORD_LISTS)
    with pytest.raises(ValueError, match="unknown list 'colours'"):
        load_word_lists(rows + [["colours", "green"]], "w.tsv")
    with pytest.raises(ValueError, match="missing lists"):
        load_word_lists(rows[1:], "w.tsv")
