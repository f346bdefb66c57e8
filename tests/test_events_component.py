"""The news_events component on parsed sentences with hand-set mentions.

The real English model parses; the mentions that other components would
produce are set by hand, so these tests depend on no other newsfacts component.
"""

from __future__ import annotations

import pytest
import spacy
from event_helpers import at, country, events, evidence, found, nlp, parse, person  # noqa: F401 (fixtures)

from pipeline.annotations import MENTIONS, Official
from pipeline.ids import entity_id, mention_id
from pipeline.records import event_records

pytestmark = pytest.mark.model


MEETING_TEXT = ("Canadian and Mexican officials will meet on Thursday in Ottawa to discuss trade. "
                "Prime Minister Justin Trudeau will host the talks, his office said.")
MEETING_MENTIONS = [("Canadian", "NORP"), ("Mexican", "NORP"), ("Thursday", "DATE", "2024-03-07"),
                    ("Ottawa", "GPE"), ("Justin Trudeau", "PERSON")]


def test_meeting_with_date_place_participants_and_a_repeat(nlp, events):
    text = MEETING_TEXT
    doc = events(parse(nlp, text, MEETING_MENTIONS))
    assert len(doc._.events) == 1
    event = found(doc)[0]
    assert event == {
        "type": "MEETING",
        "trigger": {**at(text, "meet"), "text": "meet"},
        "sentence": {"start": 0, "end": text.index(" Prime")},
        "date": {"timex_value": "2024-03-07", "date_start": "2024-03-07", "date_end": "2024-03-07",
                 "mention": at(text, "Thursday")},
        "location": {"canonical": "Ottawa", "entity_id": "gpe:ottawa", "mention": at(text, "Ottawa")},
        "participants": [country(text, "Canadian", "Canada", "agent"), country(text, "Mexican", "Mexico", "agent"),
                         person(text, "Justin Trudeau", "agent")],
        "figures": [],
        "cluster_id": event["cluster_id"],
    }
    # "to discuss" names the same meeting; "the talks" refers back to it
    assert evidence(events, doc) == [[at(text, "discuss"), at(text, "talks")]]
    (annotation,) = doc._.events
    mentions = list(doc.spans[MENTIONS])
    for span in [annotation.date.mention, annotation.location.mention, *(p.mention for p in annotation.participants)]:
        assert span in mentions and span.label_ in ("DATE", "GPE", "NORP", "PERSON")
    (record,) = event_records("d1", doc)
    assert record["date"] == {"timex_value": "2024-03-07", "date_start": "2024-03-07", "date_end": "2024-03-07",
                              "mention_id": mention_id("d1", "DATE", *at(text, "Thursday").values())}
    assert [p["mention_id"] for p in record["participants"]] == [
        mention_id("d1", "NORP", *at(text, "Canadian").values()), mention_id("d1", "NORP", *at(text, "Mexican").values()),
        mention_id("d1", "PERSON", *at(text, "Justin Trudeau").values())]


def test_same_meeting_in_other_words_gets_the_same_cluster_id(nlp, events):
    first = events(parse(nlp, MEETING_TEXT, MEETING_MENTIONS))
    text = "Top officials from Canada and Mexico are scheduled to convene in Ottawa on Thursday."
    second = events(parse(nlp, text, [("Canada", "GPE"), ("Mexico", "GPE"), ("Ottawa", "GPE"),
                                       ("Thursday", "DATE", "2024-03-07")]))
    (event,) = found(second)
    assert event["trigger"]["text"] == "convene"
    assert event["participants"] == [country(text, "Canada", "Canada", "agent"),
                                     country(text, "Mexico", "Mexico", "agent")]
    assert event["cluster_id"] == first._.events[0].cluster_id
    other_day = events(parse(nlp, text, [("Canada", "GPE"), ("Mexico", "GPE"), ("Ottawa", "GPE"),
                                          ("Thursday", "DATE", "2024-03-14")]))
    assert other_day._.events[0].cluster_id != event["cluster_id"]


def test_saying_that_only_attributes_a_meeting_is_not_a_statement(nlp, events):
    text = "John Kirby said Joe Biden and Justin Trudeau discussed trade in a phone call."
    doc = events(parse(nlp, text, [("John Kirby", "PERSON"), ("Joe Biden", "PERSON"), ("Justin Trudeau", "PERSON")]))
    assert [(e["type"], e["trigger"]["text"]) for e in found(doc)] == [("MEETING", "phone call")]
    event = found(doc)[0]
    assert event["participants"] == [person(text, "Joe Biden", "agent"), person(text, "Justin Trudeau", "agent")]
    assert evidence(events, doc) == [[at(text, "discussed")]]


def test_statistic_has_figure_period_and_reporter(nlp, events):
    text = "U.S. Customs and Border Protection reported 189,913 migrant encounters in January."
    agency = "U.S. Customs and Border Protection"
    doc = events(parse(nlp, text, [(agency, "AGENCY"), ("189,913", "FIGURE", 189913.0),
                                   ("January", "DATE", "2024-01")]))
    (event,) = found(doc)
    assert event["type"] == "STATISTIC"
    assert event["trigger"] == {**at(text, "encounters"), "text": "encounters"}
    assert event["figures"] == [at(text, "189,913")]
    assert event["date"]["timex_value"] == "2024-01" and event["date"]["mention"] == at(text, "January")
    assert event["participants"] == [{"canonical": agency, "entity_id": entity_id("AGENCY", agency),
                                      "mention": at(text, agency), "role": "reporter"}]


def test_a_person_quoted_twice_made_one_statement(nlp, events):
    text = "Justin Trudeau said the plan would work. He added that Canada would pay."
    doc = events(parse(nlp, text, [("Justin Trudeau", "PERSON"), ("Canada", "GPE")]))
    (event,) = found(doc)
    assert (event["type"], event["trigger"]["text"]) == ("STATEMENT", "said")
    assert event["participants"] == [person(text, "Justin Trudeau", "speaker")]
    assert evidence(events, doc) == [[at(text, "added")]]


def test_a_meeting_that_did_not_happen_is_not_reported(nlp, events):
    text = "Justin Trudeau did not meet Joe Biden on Monday."
    doc = events(parse(nlp, text, [("Justin Trudeau", "PERSON"), ("Joe Biden", "PERSON"),
                                   ("Monday", "DATE", "2024-03-04")]))
    assert doc._.events == []


def test_migration_needs_migrants_and_takes_origin_and_date(nlp, events):
    text = "A caravan of about 3,000 migrants set out from Tapachula on Sunday."
    doc = events(parse(nlp, text, [("3,000", "FIGURE", 3000.0), ("Tapachula", "GPE"),
                                   ("Sunday", "DATE", "2024-03-03")]))
    (event,) = found(doc)
    assert (event["type"], event["trigger"]["text"]) == ("MIGRATION", "set out")
    assert event["location"]["canonical"] == "Tapachula"
    assert event["date"]["timex_value"] == "2024-03-03"
    assert event["participants"] == [] and evidence(events, doc) == [[at(text, "caravan")]]
    tourists = events(parse(nlp, "The tourists set out from Tapachula on Sunday.",
                            [("Tapachula", "GPE"), ("Sunday", "DATE", "2024-03-03")]))
    assert tourists._.events == []


def test_the_government_is_the_country_just_named_and_it_is_the_reporter(nlp, events):
    text = ("Guatemala faces growing pressure. "
            "Last week, the government announced it was closing its border with Honduras.")
    doc = events(parse(nlp, text, [("Guatemala", "GPE"), ("Last week", "DATE", "2024-W09"), ("Honduras", "GPE")]))
    assert [(e["type"], e["trigger"]["text"]) for e in found(doc)] == [("STATEMENT", "announced"), ("POLICY", "closing")]
    for event, role in zip(found(doc), ("speaker", "agent")):
        assert event["participants"] == [country(text, "Guatemala", "Guatemala", role)]
        assert event["date"]["timex_value"] == "2024-W09"


def test_output_is_deterministic(nlp, events):
    first = found(events(parse(nlp, MEETING_TEXT, MEETING_MENTIONS)))
    second = found(events(parse(nlp, MEETING_TEXT, MEETING_MENTIONS)))
    assert first == second


def test_factory_in_a_pipeline_and_on_an_unparsed_doc(nlp):
    blank = spacy.blank("en")
    blank.add_pipe("news_events")
    doc = blank("Canadian and Mexican officials will meet on Thursday in Ottawa.")
    assert doc._.events == []
    assert blank.get_pipe_meta("news_events").assigns == ["doc._.events"]


def test_a_spokesperson_speaks_for_the_body_in_their_title_but_travels_alone(nlp, events):
    text = ("White House spokeswoman Karine Jean-Pierre said the talks went well. "
            "White House adviser Liz Sherwood-Randall will travel to Ottawa on Thursday.")
    doc = events(parse(nlp, text, [("White House", "AGENCY"), ("Karine Jean-Pierre", "PERSON"),
                                   ("Liz Sherwood-Randall", "PERSON"), ("Ottawa", "GPE"),
                                   ("Thursday", "DATE", "2024-03-07")]))
    statement, trip = found(doc)
    assert (statement["type"], trip["type"]) == ("STATEMENT", "TRAVEL")
    assert [p["canonical"] for p in statement["participants"]] == ["Karine Jean-Pierre", "White House"]
    assert [p["canonical"] for p in trip["participants"]] == ["Liz Sherwood-Randall"]
    assert trip["location"]["canonical"] == "Ottawa"


def test_the_secretary_is_the_one_official_with_that_title(nlp, events):
    text = "Antony Blinken arrived in Ottawa on Monday. The secretary met Justin Trudeau on Tuesday."
    doc = parse(nlp, text, [("Antony Blinken", "PERSON"), ("Ottawa", "GPE"), ("Monday", "DATE", "2024-03-04"),
                            ("Justin Trudeau", "PERSON"), ("Tuesday", "DATE", "2024-03-05")])
    blinken = doc.spans[MENTIONS][0]
    doc._.officials = [Official(blinken, "person:antony-blinken", "Antony Blinken", "Secretary of State", country="US")]
    meeting = [e for e in found(events(doc)) if e["type"] == "MEETING"]
    assert [p["canonical"] for p in meeting[0]["participants"]] == ["Antony Blinken", "Justin Trudeau"]
    assert meeting[0]["participants"][0]["mention"] == at(text, "Antony Blinken")
