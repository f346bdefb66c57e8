"""news_entities on the real English model: one referent one type, party names, titles before names,
countries and places, acronyms, product names and nicknames, on sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.annotations import ENTITIES
from pipeline.entities.component import DROPPED

pytestmark = pytest.mark.model


def _entities(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans[ENTITIES]]


def _drops(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans[DROPPED]]


CASES = [
    # one referent, one type: the apposition, the possessed unit and the shares make "Dell" a company in every
    # mention (the headline's too, which the model missed), though "Michael Dell" makes it a surname as well
    ("Dell profits rise\n\nDell, the US computer company, reported higher profits on Thursday. Michael Dell said "
     "demand was strong. Dell's server unit made a loss, and Dell shares fell 2%.",
     [("Dell", "ORG"), ("Dell", "ORG"), ("US", "GPE"), ("Michael Dell", "PERSON"), ("Dell", "ORG"), ("Dell", "ORG")]),
    # two referents, equal evidence: each mention keeps the type its own context shows
    ("Mr Dell said Dell, the computer company, would grow.", [("Dell", "PERSON"), ("Dell", "ORG")]),
    # a town's name used for an insurer: "insurer Wexford" types every mention
    ("Shares in insurer Wexford rose on Monday. Wexford said its profits had doubled. Analysts said Wexford would grow.",
     [("Wexford", "ORG"), ("Wexford", "ORG"), ("Wexford", "ORG")]),
    # the title and its modifiers never enter the person's name
    ("Former Bank of Japan Vice Governor Hiroshi Nakaso said prices would rise.",
     [("Bank of Japan", "AGENCY"), ("Hiroshi Nakaso", "PERSON")]),
    # UK party names, as nouns and modifiers, are the parties; a multi-word name is not cut; members are NORP
    ("Labour's Jane Smith and Tory co-chairman John Brown spoke. Former Liberal Democrat MP Ann Green agreed, "
     "and some Conservatives disagreed.",
     [("Labour", "ORG"), ("Jane Smith", "PERSON"), ("Tory", "ORG"), ("John Brown", "PERSON"),
      ("Liberal Democrat", "ORG"), ("Ann Green", "PERSON"), ("Conservatives", "NORP")]),
    ("And ex-Tory education secretary Jane Smith said the Conservative election campaign had begun.",
     [("Tory", "ORG"), ("Jane Smith", "PERSON"), ("Conservative", "ORG")]),
    # US party adjectives and people-nouns are NORP; the parties' names ORG
    ("Republican nominee Mitt Romney and the Democratic Party disagreed; Democrats said the GOP was wrong.",
     [("Republican", "NORP"), ("Mitt Romney", "PERSON"), ("Democratic Party", "ORG"), ("Democrats", "NORP"),
      ("GOP", "ORG")]),
    # a country in a list is a country, whatever the model called it
    ("Aid went to Indonesia, Sri Lanka and the Maldives.",
     [("Indonesia", "GPE"), ("Sri Lanka", "GPE"), ("Maldives", "GPE")]),
    # a town after "in", and its conjunct, are places
    ("Bombs exploded in pubs in Bolton and Kirkby in 1974.", [("Bolton", "GPE"), ("Kirkby", "GPE")]),
    # an acronym takes its expansion's type
    ("The National Disaster Relief Agency (NDRA) said the NDRA would help.",
     [("National Disaster Relief Agency", "AGENCY"), ("NDRA", "AGENCY"), ("NDRA", "AGENCY")]),
    # bodies by their head: parliamentary committees, assemblies, the cabinet
    ("The Home Affairs Select Committee said the Welsh Assembly and the Cabinet disagreed.",
     [("Home Affairs Select Committee", "AGENCY"), ("Welsh Assembly", "AGENCY"), ("Cabinet", "AGENCY")]),
    # names with digits are names; a disease code is not
    ("Channel 4 and ITV1 reported that the G8 met; MI6 declined to comment on COVID-19.",
     [("Channel 4", "ORG"), ("ITV1", "ORG"), ("G8", "AGENCY"), ("MI6", "AGENCY")]),
    # a name the model ran on past a dash
    ("Rainer Schuettler - tired - lost to Roger Federer.", [("Rainer Schuettler", "PERSON"), ("Roger Federer", "PERSON")]),
    # a media name before its noun
    ("He told the Daily Planet newspaper that he would run.", [("Daily Planet", "ORG")]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_entities(nlp, text, expected):
    assert _entities(nlp, text) == expected


def test_products_nicknames_and_families_are_dropped_with_their_rule(nlp):
    text = ("Honda unveiled the Civic and Jazz models at the show. The Honda Accord Tourer sedan and the Airbus A380 "
            "were on display.")
    assert _entities(nlp, text) == [("Honda", "ORG")]
    assert _drops(nlp, text) == [("Honda", "product"), ("Airbus", "product")]
    text = "The Birmingham Six were freed in 1991. Members of the Kennedy and Bush families attended."
    assert _entities(nlp, text) == []
    assert _drops(nlp, text) == [("Kennedy", "family"), ("Bush", "family")]


def test_a_common_word_opening_a_headline_is_no_name(nlp):
    text = "Hunt ban support is 'in decline'\n\nSupport for a ban on hunting has fallen."
    assert _entities(nlp, text) == []
    assert _drops(nlp, text) == [("Hunt", "common_word")]


def test_a_person_keeps_one_id_across_titles(nlp):
    doc = nlp("Former Bank of Japan Vice Governor Hiroshi Nakaso spoke. Mr Nakaso said prices would rise.")
    people = [(s.text, s._.entity_id) for s in doc.spans["news_mentions"] if s.label_ == "PERSON"]
    assert people == [("Hiroshi Nakaso", "person:hiroshi-nakaso"), ("Nakaso", "person:hiroshi-nakaso")]


def test_every_form_of_a_party_joins_on_one_id(nlp):
    doc = nlp("Tory co-chairman John Brown said the Conservative Party would win. Liberal Democrat MP Ann Green "
              "said the Liberal Democrats would not.")
    ids = {s.text: s._.entity_id for s in doc.spans["news_mentions"] if s.label_ == "ORG"}
    assert ids["Tory"] == ids["Conservative Party"]
    assert ids["Liberal Democrat"] == ids["Liberal Democrats"]


def test_a_place_is_not_a_company_by_its_last_word_alone(nlp):
    doc = nlp("Israel built new settlements in the West Bank last year. Talks on the West Bank resumed.")
    assert {(s.text, s.label_) for s in doc.spans["news_mentions"] if s.text == "West Bank"} == {("West Bank", "GPE")}
