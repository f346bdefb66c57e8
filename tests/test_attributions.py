"""news_attributions: cues, sources, contents, speakers and dates on hand-written sentences (exact offsets)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.attributions.lexicon import load_cues
from pipeline.quotations import find_quotations
from pipeline.resources import parse_jsonl, read_text


def test_the_cue_file_loads_and_every_entry_has_an_example():
    records = list(parse_jsonl(read_text("models:attributions/cues.jsonl"), "cues"))
    cues = load_cues(records, "cues")
    assert all(r["example"].strip() for r in records)
    assert cues.verbs["say"].kind == "speech" and cues.verbs["think"].frame == "clause"
    assert cues.verbs["appear"].frame == "raising"
    assert cues.preps["accord"].follower == "to" and cues.nouns["statement"].kind == "speech"
    assert cues.marks[":"].kind == "speech"


def test_a_cue_listed_twice_is_an_error():
    entry = {"lemma": "say", "pos": "VERB", "kind": "speech", "frame": "report", "example": "He said so."}
    with pytest.raises(ValueError, match="listed twice"):
        load_cues([entry, entry], "cues")
    with pytest.raises(ValueError, match="bad pos"):
        load_cues([{**entry, "frame": "any"}], "cues")


def parse(nlp, text: str):
    doc = nlp.make_doc(text)
    doc._.published_at = dt.date(2024, 3, 6)
    return nlp(doc)


def rows(doc) -> list[tuple]:
    out = []
    for a in doc._.attributions:
        out.append((
            a.kind, (a.cue.start_char, a.cue.end_char, a.cue.text),
            (a.source.start_char, a.source.end_char, a.source.text) if a.source is not None else None,
            [(c.start_char, c.end_char, c.text) for c in a.content], a.direct,
        ))
    return out



@pytest.mark.model
def test_reported_speech_with_a_clause(nlp):
    doc = parse(nlp, "The mayor said the budget was balanced.")
    assert rows(doc) == [("speech", (10, 14, "said"), (0, 9, "The mayor"), [(15, 38, "the budget was balanced")], False)]


@pytest.mark.model
def test_a_quotation_split_around_the_cue_and_over_sentences(nlp):
    doc = parse(nlp, "“We are ready,” he said. “The city will not wait.”")
    assert rows(doc) == [("speech", (19, 23, "said"), (16, 18, "he"),
                          [(0, 15, "“We are ready,”"), (25, 50, "“The city will not wait.”")], True)]
    doc = parse(nlp, "“We are ready,” Ms. Lee said, “and we will win.”")
    assert rows(doc)[0][3] == [(0, 15, "“We are ready,”"), (30, 48, "“and we will win.”")]
    assert doc._.attributions[0].speaker.canonical == "Lee"


@pytest.mark.model
def test_according_to(nlp):
    doc = parse(nlp, "According to the police, the driver fled.")
    assert rows(doc) == [("according_to", (0, 12, "According to"), (13, 23, "the police"), [(25, 40, "the driver fled")], False)]


@pytest.mark.model
def test_beliefs_expectations_and_evidence(nlp):
    assert rows(parse(nlp, "Analysts expect prices to rise.")) == [
        ("thought", (9, 15, "expect"), (0, 8, "Analysts"), [(16, 30, "prices to rise")], False)]
    assert rows(parse(nlp, "Most voters think the economy is improving.")) == [
        ("thought", (12, 17, "think"), (0, 11, "Most voters"), [(18, 42, "the economy is improving")], False)]
    assert rows(parse(nlp, "Polls show the race is tight.")) == [
        ("thought", (6, 10, "show"), (0, 5, "Polls"), [(11, 28, "the race is tight")], False)]


@pytest.mark.model
def test_a_raising_verb_has_no_source_and_its_subject_is_content(nlp):
    assert rows(parse(nlp, "The storm appears to be weakening.")) == [
        ("thought", (10, 17, "appears"), None, [(0, 9, "The storm"), (18, 33, "to be weakening")], False)]


@pytest.mark.model
def test_a_colon_after_a_name_and_a_nominal_cue(nlp):
    assert rows(parse(nlp, "Senator Warren: “We will not give in.”")) == [
        ("speech", (14, 15, ":"), (0, 14, "Senator Warren"), [(16, 38, "“We will not give in.”")], True)]
    assert rows(parse(nlp, "In a statement, the company apologised for the delay.")) == [
        ("speech", (0, 14, "In a statement"), (16, 27, "the company"), [(28, 52, "apologised for the delay")], False)]


@pytest.mark.model
def test_a_relative_pronoun_is_the_source_as_written(nlp):
    doc = parse(nlp, "The minister, who said the plan was sound, left early.")
    assert rows(doc) == [("speech", (18, 22, "said"), (14, 17, "who"), [(23, 41, "the plan was sound")], False)]


@pytest.mark.model
def test_an_inverted_cue_after_its_content_and_the_speaker(nlp):
    doc = parse(nlp, "Critics argue the law goes too far, said John Smith, a lawyer in Boston.")
    assert rows(doc) == [("speech", (36, 40, "said"), (41, 71, "John Smith, a lawyer in Boston"),
                          [(0, 34, "Critics argue the law goes too far")], False)]
    assert doc._.attributions[0].speaker.canonical == "John Smith"  # the inner "argue" is content: not a cue


@pytest.mark.model
def test_the_date_of_the_clause(nlp):
    doc = parse(nlp, "Prices will rise, the bank said on Monday.")
    date = doc._.attributions[0].date
    assert (date.timex_value, date.mention.text) == ("2024-03-04", "Monday")


@pytest.mark.model
def test_no_proposition_no_attribution(nlp):
    assert rows(parse(nlp, "He said nothing.")) == []
    doc = parse(nlp, "She said: “I think we will win.”")
    assert [a.cue.text for a in doc._.attributions] == ["said"]  # "think" is inside the quotation


@pytest.mark.model
def test_quotations_over_paragraphs(nlp):
    doc = nlp("“We will build it.\n\n“And we will pay for it,” he said.")
    assert [[(doc[s].idx, doc[e - 1].idx + 1) for s, e in q.segments] for q in find_quotations(doc)] == [[(0, 18), (20, 45)]]
