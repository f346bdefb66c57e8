"""Reading single numbers: digits, glued signs and scales, number words (no spaCy model needed)."""

from __future__ import annotations

import pytest
import spacy

import pipeline.figures.component  # noqa: F401  (registers the factory until entry points are enabled)
from pipeline.figures.numbers import read_numeral, word_value
from pipeline.figures.tables import load_tables


@pytest.fixture(scope="module")
def tables():
    """The packaged tables with multi-word forms split on spaces ("km/h" stays one form)."""
    return load_tables(spacy.blank("en").add_pipe("news_figures").files, str.split)


@pytest.mark.parametrize(
    ("text", "kind", "value", "scale", "prefix", "suffix"),
    [
        ("242,418", "digits", 242418.0, 1.0, None, None),
        ("2.5", "digits", 2.5, 1.0, None, None),
        ("1.13bn", "digits", 1.13, 1e9, None, None),
        ("Mex$200", "digits", 200.0, 1.0, "MXN", None),
        ("US$5", "digits", 5.0, 1.0, "USD", None),
        ("240km/h", "digits", 240.0, 1.0, None, "km/h"),
        ("million", "scale", 1e6, 1.0, None, None),
        ("pair", "noun", 2.0, 1.0, None, None),
        ("two", "word", 2.0, 1.0, None, None),
        ("seventy", "word", 70.0, 1.0, None, None),
    ],
)
def test_read_numeral(tables, text, kind, value, scale, prefix, suffix):
    num = read_numeral(text, tables)
    assert num is not None
    assert (num.kind, num.value, num.suffix_scale) == (kind, value, scale)
    assert (num.prefix_unit.unit if num.prefix_unit else None) == prefix
    assert (num.suffix_unit.unit if num.suffix_unit else None) == suffix


@pytest.mark.parametrize("text", ["first", "1st", "3rd", "1990s", "10:30", "COVID-19", "G7", "thousands",
                                  "hundreds", "dozens", "a", "1,2", "Xbox360"])
def test_not_a_numeral(tables, text):
    assert read_numeral(text, tables) is None


def test_plain_and_integer_flags(tables):
    assert read_numeral("2021", tables).plain and read_numeral("2021", tables).integer
    assert not read_numeral("2,021", tables).integer
    assert not read_numeral("$5", tables).plain


@pytest.mark.parametrize(
    ("words", "value"),
    [(["twenty", "-", "five"], 25.0), (["two", "hundred", "thousand"], 200000.0),
     (["one", "hundred", "and", "twenty"], 120.0), (["two", "million"], 2e6)],
)
def test_word_value(words, value):
    assert word_value(words) == value


@pytest.mark.parametrize("words", [["thousands"], ["tens"], ["and"], ["dozen"], ["first"]])
def test_word_value_rejects_vague_and_ordinal(words):
    assert word_value(words) is None
