import pytest
from spacy.tokens import Span

from pipeline.annotations import Timex
from pipeline.ids import entity_id, fold, mention_id, slug
from pipeline.lexicon import default_lexicon
from pipeline.mentions.canonical import Canonicaliser, EntityMention

CANON = Canonicaliser(default_lexicon())
canonical_people = CANON.canonical_people
country_code = default_lexicon().countries.code
country_name = default_lexicon().countries.name


def test_people_resolve_to_the_fullest_name_without_initials():
    mapping = canonical_people(["Antony J. Blinken", "Blinken", "Mr. Blinken", "Joe Biden"])
    assert mapping == {"Antony J. Blinken": "Antony Blinken", "Blinken": "Antony Blinken",
                       "Mr. Blinken": "Antony Blinken", "Joe Biden": "Joe Biden"}


def test_accents_are_folded_for_matching_and_kept_in_the_canonical():
    mapping = canonical_people(["Juan Gonzalez", "Juan González", "Gonzalez"])
    assert set(mapping.values()) == {"Juan González"}


def test_compound_surnames_and_prefixes_join_the_longer_name():
    mapping = canonical_people(["López Obrador", "Andrés Manuel López Obrador", "Roberto Velasco", "Roberto Velasco Álvarez", "Velasco"])
    assert mapping["López Obrador"] == "Andrés Manuel López Obrador"
    assert mapping["Roberto Velasco"] == mapping["Velasco"] == "Roberto Velasco Álvarez"


def test_a_surname_shared_by_two_people_is_not_merged():
    mapping = canonical_people(["Joe Biden", "Jill Biden", "Biden"])
    assert mapping["Biden"] == "Biden"
    assert mapping["Jill Biden"] == "Jill Biden"


@pytest.mark.parametrize("text, code, name", [
    ("U.S.", "US", "United States"), ("US", "US", "United States"), ("United States", "US", "United States"),
    ("Mexico", "MX", "Mexico"), ("Russia", "RU", "Russia"), ("Britain", "GB", "United Kingdom"),
    ("Venezuela", "VE", "Venezuela"), ("South Korea", "KR", "South Korea"),
])
def test_countries_through_pycountry(text, code, name):
    assert country_code(text) == code
    assert country_name(code) == name


@pytest.mark.parametrize("text", ["Tapachula", "Texas", "us", "It"])
def test_non_countries(text):
    assert country_code(text) is None


def test_canonicalise_bodies_and_places():
    mentions = [EntityMention("AGENCY", "Mexican National Guard", 0), EntityMention("AGENCY", "National Guard", 50),
                EntityMention("GPE", "U.S.", 80), EntityMention("AGENCY", "CBP", 90, gazetteer_name="U.S. Customs and Border Protection"),
                EntityMention("GPE", "Tapachula", 99)]
    CANON.canonicalise(mentions)
    assert [m.canonical for m in mentions] == ["Mexican National Guard", "Mexican National Guard", "United States",
                                               "U.S. Customs and Border Protection", "Tapachula"]


def test_ids_are_folded_slugs_and_stable_hashes():
    assert fold("Zúñiga") == "zuniga"
    assert slug("Andrés Manuel López Obrador") == "andres-manuel-lopez-obrador"
    assert entity_id("PERSON", "Antony Blinken") == "person:antony-blinken"
    assert entity_id("AGENCY", "U.S. Customs and Border Protection") == "agency:u-s-customs-and-border-protection"
    assert mention_id("d1", "PERSON", 3, 9) == mention_id("d1", "PERSON", 3, 9) != mention_id("d2", "PERSON", 3, 9)


def _span(doc, start, end, label, **ext):
    span = Span(doc, start, end, label=label)
    for key, value in ext.items():
        setattr(span._, key, value)
    return span


def test_resolver_filters_overlaps_spreads_acronyms_and_skips_boilerplate(blank):
    doc = blank("The Economic Commission for Latin America and the Caribbean ( ECLAC ) said ECLAC met Blinken on Monday . Donate to ECLAC")
    # 0 The 1 Economic 2 Commission 3 for 4 Latin 5 America 6 and 7 the 8 Caribbean 9 ( 10 ECLAC 11 ) 12 said 13 ECLAC
    # 14 met 15 Blinken 16 on 17 Monday 18 . 19 Donate 20 to 21 ECLAC
    doc.spans["news_boilerplate"] = [Span(doc, 19, 22, label="donation")]
    doc.spans["news_entities"] = [
        _span(doc, 1, 9, "AGENCY"), _span(doc, 4, 6, "LOC"), _span(doc, 15, 16, "PERSON"), _span(doc, 20, 22, "ORG"),
    ]
    doc.spans["news_dates"] = [_span(doc, 17, 18, "DATE", timex=Timex(timex_value="2021-03-22"))]
    doc.spans["news_figures"] = []
    blank.add_pipe("news_mentions")(doc)
    got = [(s.text, s.label_, s._.canonical, s._.entity_id) for s in doc.spans["news_mentions"]]
    assert got == [
        ("Economic Commission for Latin America and the Caribbean", "AGENCY",
         "Economic Commission for Latin America and the Caribbean",
         "agency:economic-commission-for-latin-america-and-the-caribbean"),
        ("ECLAC", "AGENCY", "Economic Commission for Latin America and the Caribbean", "agency:economic-commission-for-latin-america-and-the-caribbean"),
        ("ECLAC", "AGENCY", "Economic Commission for Latin America and the Caribbean", "agency:economic-commission-for-latin-america-and-the-caribbean"),
        ("Blinken", "PERSON", "Antony Blinken", "person:antony-blinken"),  # a well-known person of the lexicon
        ("Monday", "DATE", None, None),
    ]
    assert doc.spans["news_mentions"][1]._.extractor == "rule:acronym"


def test_unify_people_carries_one_name_across_pieces_into_officials_and_events(blank):
    from pipeline.annotations import Event, Official, Participant
    from pipeline.mentions.canonical import unify_people

    first, second = blank("Minister Carla Ortega spoke ."), blank("Ortega left .")
    whole, bare = Span(first, 1, 3, label="PERSON"), Span(second, 0, 1, label="PERSON")
    whole._.canonical, whole._.entity_id = "Carla Ortega", "person:carla-ortega"
    bare._.canonical, bare._.entity_id = "Ortega", "person:ortega"
    first.spans["news_mentions"], second.spans["news_mentions"] = [whole], [bare]
    second._.officials = [Official(bare, "person:ortega", "Ortega", "minister")]
    second._.events = [Event("TRAVEL", second[1:2], second[:], participants=[
        Participant("Ortega", "person:ortega", bare, "agent")])]
    unify_people(CANON, [first, second])
    assert (bare._.canonical, bare._.entity_id) == ("Carla Ortega", "person:carla-ortega")
    (official,) = second._.officials
    assert (official.name, official.entity_id) == ("Carla Ortega", "person:carla-ortega")
    (participant,) = second._.events[0].participants
    assert (participant.canonical, participant.entity_id) == ("Carla Ortega", "person:carla-ortega")


def test_an_unlisted_body_carries_the_country_its_owner_gives(blank):
    doc = blank("Peru 's Ministry of Mines said the Ministry of Mines would reply .")
    # 0 Peru 1 's 2 Ministry 3 of 4 Mines 5 said 6 the 7 Ministry 8 of 9 Mines
    doc.spans["news_entities"] = [_span(doc, 0, 1, "GPE"), _span(doc, 2, 5, "AGENCY"), _span(doc, 7, 10, "AGENCY")]
    blank.add_pipe("news_mentions")(doc)
    ids = [(s.text, s._.entity_id) for s in doc.spans["news_mentions"]]
    assert ids == [("Peru", "gpe:peru"), ("Ministry of Mines", "agency:pe:ministry-of-mines"),
                   ("Ministry of Mines", "agency:pe:ministry-of-mines")]


def test_an_owned_body_the_lexicon_lists_for_that_country_is_the_listed_one(blank):
    doc = blank("Japan 's Ministry of Foreign Affairs said so .")
    doc.spans["news_entities"] = [_span(doc, 0, 1, "GPE"), _span(doc, 2, 6, "AGENCY")]
    blank.add_pipe("news_mentions")(doc)
    body = doc.spans["news_mentions"][1]
    assert (body._.canonical, body._.entity_id) == ("Japanese Ministry of Foreign Affairs",
                                                    "agency:japanese-ministry-of-foreign-affairs")


def test_bodies_of_two_countries_keep_their_owners_and_a_bare_mention_stays_plain(blank):
    doc = blank("Peru 's Ministry of Mines met Chile 's Ministry of Mines . The Ministry of Mines agreed .")
    doc.spans["news_entities"] = [_span(doc, 0, 1, "GPE"), _span(doc, 2, 5, "AGENCY"), _span(doc, 6, 7, "GPE"),
                                  _span(doc, 8, 11, "AGENCY"), _span(doc, 13, 16, "AGENCY")]
    blank.add_pipe("news_mentions")(doc)
    assert [s._.entity_id for s in doc.spans["news_mentions"] if s.label_ == "AGENCY"] == [
        "agency:pe:ministry-of-mines", "agency:cl:ministry-of-mines", "agency:ministry-of-mines"]


def test_a_shared_surname_goes_to_the_namesake_named_last_before_it():
    mentions = [EntityMention("PERSON", "Hillary Clinton", 0), EntityMention("PERSON", "Clinton", 20),
                EntityMention("PERSON", "Bill Clinton", 40), EntityMention("PERSON", "Clinton", 60)]
    CANON.canonicalise(mentions)
    assert [m.canonical for m in mentions] == ["Hillary Clinton", "Hillary Clinton", "Bill Clinton", "Bill Clinton"]


def test_a_shared_surname_before_any_full_name_takes_the_first_namesake():
    mentions = [EntityMention("PERSON", "Clinton", 0), EntityMention("PERSON", "Bill Clinton", 20),
                EntityMention("PERSON", "Hillary Clinton", 40)]
    CANON.canonicalise(mentions)
    assert [m.canonical for m in mentions] == ["Bill Clinton", "Bill Clinton", "Hillary Clinton"]
