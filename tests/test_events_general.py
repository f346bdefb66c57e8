"""Events of general news (issue 15): statistics of any measure, rate and court decisions,
offers and refusals, visits and calls, with arguments from the trigger's own clause.

Parsed by the real English model; mentions are set by hand (see event_helpers), so
these tests depend on no other newsfacts component.
"""

from __future__ import annotations

import pytest
from event_helpers import at, events, evidence, found, nlp, parse, person  # noqa: F401 (fixtures)

from pipeline.ids import entity_id

pytestmark = pytest.mark.model


def body(text: str, surface: str, name: str, type_: str, role: str) -> dict:
    return {"canonical": name, "entity_id": entity_id(type_, name), "mention": at(text, surface), "role": role}


def brief(doc) -> list[tuple]:
    """(type, trigger, date value, location, participants, figures) of each event."""
    return [(e["type"], e["trigger"]["text"], e["date"] and e["date"]["timex_value"],
             e["location"] and e["location"]["canonical"], [p["canonical"] for p in e["participants"]],
             [doc.text[f["start"]:f["end"]] for f in e["figures"]]) for e in found(doc)]


# -- STATISTIC: one record per measure and period --------------------------------------

def test_each_measure_of_a_sentence_is_a_statistic_with_its_own_figures_and_the_period(nlp, events):
    text = "Ford reported its results on Thursday. Net income for 2004 was $3.5bn, while turnover rose $7.2bn to $170.8bn."
    doc = events(parse(nlp, text, [("Ford", "ORG"), ("Thursday", "DATE", "2024-02-29"), ("2004", "DATE", "2004-03-05"),
                                   ("$3.5bn", "FIGURE", 3.5e9), ("$7.2bn", "FIGURE", 7.2e9),
                                   ("$170.8bn", "FIGURE", 170.8e9)]))
    # the date of 2004 is a stand-in day value: what matters is that both take the period of the main clause
    assert brief(doc) == [
        ("STATISTIC", "income", "2004-03-05", None, ["Ford"], ["$3.5bn"]),
        ("STATISTIC", "turnover", "2004-03-05", None, ["Ford"], ["$7.2bn", "$170.8bn"]),
    ]
    income, turnover = found(doc)
    # no body in either sentence of its own: the company that was the subject just before
    assert income["participants"] == [body(text, "Ford", "Ford", "ORG", "reporter")]
    assert turnover["date"]["mention"] == at(text, "2004")


def test_a_change_in_apposition_belongs_to_the_figure_it_compares(nlp, events):
    text = "Fourth-quarter vehicle unit sales totalled 1,751,000, a decline of 133,000 units."
    doc = events(parse(nlp, text, [("Fourth-quarter", "DATE", "2024-01"), ("1,751,000", "FIGURE", 1751000.0),
                                   ("133,000", "FIGURE", 133000.0)]))
    # the comparison's figure is linked to the record it compares (the standard: it belongs to it)
    assert brief(doc) == [("STATISTIC", "sales", "2024-01", None, [], ["1,751,000", "133,000"])]
    # "totalled" repeats the measure it is said of, "decline" compares the figure: both are evidence
    assert evidence(events, doc) == [[at(text, "totalled"), at(text, "decline")]]


def test_the_figure_compared_with_is_neither_a_record_nor_the_period(nlp, events):
    text = "In the fourth quarter Ford reported net income of $104m, compared with a loss of $793m a year ago."
    doc = events(parse(nlp, text, [("the fourth quarter", "DATE", "2024-01"), ("Ford", "ORG"),
                                   ("$104m", "FIGURE", 104e6), ("$793m", "FIGURE", 793e6),
                                   ("a year ago", "DATE", "2023-01")]))
    # one record, for the fourth quarter; the compared loss is linked to it, not a record or a period
    assert brief(doc) == [("STATISTIC", "income", "2024-01", None, ["Ford"], ["$104m", "$793m"])]


def test_the_full_year_and_its_quarter_are_two_figures_of_one_measure(nlp, events):
    text = "Turnover was $170.8bn in 2023. Fourth quarter turnover was $44.7bn."
    doc = events(parse(nlp, text, [("$170.8bn", "FIGURE", 170.8e9), ("2023", "DATE", "2023-12"),
                                   ("Fourth quarter", "DATE", "2023-12-31"), ("$44.7bn", "FIGURE", 44.7e9)]))
    assert [(t, trig, d) for t, trig, d, *_ in brief(doc)] == [
        ("STATISTIC", "Turnover", "2023-12"), ("STATISTIC", "turnover", "2023-12-31")]


def test_a_change_reported_without_a_figure_needs_a_measure_and_a_period(nlp, events):
    text = "Shares in Barclays have risen on Monday. The mood has risen on Monday. Sales will rise."
    doc = events(parse(nlp, text, [("Barclays", "ORG"), ("Monday", "DATE", "2024-03-04")]))
    assert brief(doc) == [("STATISTIC", "risen", "2024-03-04", None, ["Barclays"], [])]


def test_a_statistic_needs_a_period_but_a_casualty_count_does_not(nlp, events):
    text = "The company has debts of $5bn. 83 people have been killed in the floods."
    doc = events(parse(nlp, text, [("$5bn", "FIGURE", 5e9), ("83", "FIGURE", 83.0)]))
    assert brief(doc) == [("STATISTIC", "killed", None, None, [], ["83"])]


def test_a_toll_told_in_a_relative_clause_is_a_description(nlp, events):
    text = "They were jailed for the bombs which killed seven people in 1974."
    doc = events(parse(nlp, text, [("seven", "FIGURE", 7.0), ("1974", "DATE", "1974-11")]))
    assert [e["type"] for e in found(doc) if e["type"] == "STATISTIC"] == []


def test_a_country_modifying_a_measure_is_where_the_figure_applies(nlp, events):
    text = "US unemployment rose to 3.9% in February."
    doc = events(parse(nlp, text, [("US", "GPE", "United States"), ("3.9%", "FIGURE", 3.9),
                                   ("February", "DATE", "2024-02")]))
    assert brief(doc) == [("STATISTIC", "unemployment", "2024-02", "United States", [], ["3.9%"])]


def test_a_poll_is_dated_by_its_release_and_belongs_to_its_pollster(nlp, events):
    text = "Clinton leads, according to a CBS News poll released on Thursday."
    doc = events(parse(nlp, text, [("Clinton", "PERSON"), ("CBS News", "ORG"), ("Thursday", "DATE", "2024-02-29")]))
    assert brief(doc) == [("STATISTIC", "poll", "2024-02-29", None, ["CBS News"], [])]


# -- POLICY, AGREEMENT ------------------------------------------------------------------

def test_rate_decisions_are_policies_of_the_bank(nlp, events):
    text = ("The Federal Reserve held its benchmark interest rate steady on Wednesday. "
            "The Bank of Japan raised rates on Tuesday.")
    doc = events(parse(nlp, text, [("Federal Reserve", "AGENCY"), ("Wednesday", "DATE", "2024-03-06"),
                                   ("Bank of Japan", "AGENCY"), ("Tuesday", "DATE", "2024-03-05")]))
    assert brief(doc) == [
        ("POLICY", "held", "2024-03-06", None, ["Federal Reserve"], []),
        ("POLICY", "raised", "2024-03-05", None, ["Bank of Japan"], []),
    ]


def test_a_court_quashing_and_overturning_are_two_rulings(nlp, events):
    text = ("In October 1989 the Court of Appeal quashed the sentences, and in June 1991 "
            "the Supreme Court overturned the convictions.")
    doc = events(parse(nlp, text, [("October 1989", "DATE", "1989-10"), ("Court of Appeal", "AGENCY"),
                                   ("June 1991", "DATE", "1991-06"), ("Supreme Court", "AGENCY")]))
    assert [(t, trig, d, p) for t, trig, d, _, p, _ in brief(doc)] == [
        ("POLICY", "quashed", "1989-10", ["Court of Appeal"]),
        ("POLICY", "overturned", "1991-06", ["Supreme Court"]),
    ]


def test_an_offer_declined_and_an_offer_accepted(nlp, events):
    text = ("Indonesia, which accepted the debt moratorium offer, owes $48bn. "
            "Thailand and India have declined the offer.")
    doc = events(parse(nlp, text, [("Indonesia", "GPE"), ("$48bn", "FIGURE", 48e9), ("Thailand", "GPE"),
                                   ("India", "GPE")]))
    assert [(t, trig, p) for t, trig, _, _, p, _ in brief(doc)] == [
        ("AGREEMENT", "accepted", ["Indonesia"]),
        ("POLICY", "declined", ["Thailand", "India"]),
    ]


def test_a_cue_that_names_a_policy_makes_no_statement_of_its_own(nlp):
    from pipeline.nlp import build_pipeline

    full = build_pipeline()
    doc = full("Rules\n\nThe European Commission proposed the rules in 2020.")
    assert [(e.type, e.trigger.text) for e in doc._.events] == [("POLICY", "proposed")]


# -- MEETING, TRAVEL --------------------------------------------------------------------

def test_a_visitor_meeting_two_people_is_two_meetings(nlp, events):
    text = "David Cameron will call on Fumio Kishida on Tuesday and will hold talks with Yoko Kamikawa."
    doc = events(parse(nlp, text, [("David Cameron", "PERSON"), ("Fumio Kishida", "PERSON"),
                                   ("Tuesday", "DATE", "2024-03-05"), ("Yoko Kamikawa", "PERSON")]))
    assert [(t, trig, p) for t, trig, _, _, p, _ in brief(doc)] == [
        ("MEETING", "call on", ["David Cameron", "Fumio Kishida"]),
        ("MEETING", "talks", ["Yoko Kamikawa", "David Cameron"]),
    ]


def test_arrived_in_a_city_is_its_location_and_where_names_the_meeting_place(nlp, events):
    text = "Lula arrived in Tokyo on Monday. He travelled to Osaka, where he met the governors on Tuesday."
    doc = events(parse(nlp, text, [("Lula", "PERSON"), ("Tokyo", "GPE"), ("Monday", "DATE", "2024-03-04"),
                                   ("Osaka", "GPE"), ("Tuesday", "DATE", "2024-03-05")]))
    assert brief(doc) == [
        ("TRAVEL", "arrived", "2024-03-04", "Tokyo", ["Lula"], []),
        ("TRAVEL", "travelled", None, "Osaka", ["Lula"], []),
        ("MEETING", "met", "2024-03-05", "Osaka", ["Lula"], []),
    ]
    assert found(doc)[0]["participants"] == [person(text, "Lula", "agent")]


def test_wishes_and_conditions_are_not_events(nlp, events):
    text = ("Michael Howard wanted to meet Tony Blair. "
            "He would back Hillary Clinton if nominated by Joe Biden.")
    doc = events(parse(nlp, text, [("Michael Howard", "PERSON"), ("Tony Blair", "PERSON"),
                                   ("Hillary Clinton", "PERSON"), ("Joe Biden", "PERSON")]))
    assert found(doc) == []


def test_what_a_measure_acts_on_is_not_a_count_reported(nlp, events):
    text = "Mexico closed two rail crossings on Monday."
    doc = events(parse(nlp, text, [("Mexico", "GPE"), ("two", "FIGURE", 2.0), ("Monday", "DATE", "2024-03-04")]))
    assert [(t, trig) for t, trig, *_ in brief(doc)] == [("POLICY", "closed")]
