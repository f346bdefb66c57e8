"""Gazetteers of bodies and regions (pipeline.lexicon.bodies), and the agency token patterns (pipeline.entities.patterns).

Run on spacy.blank("en"): the lists and patterns depend on tokenisation only,
never on the statistical model.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pycountry
import pytest
import spacy
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Span

from pipeline.entities import patterns as token_rules
from pipeline.lexicon import bodies
from pipeline.lexicon.bodies import Entry, index_by_country_form, index_by_form, phrase_patterns, written_variants
from pipeline.resources import parse_jsonl, parse_tsv, read_text

AGENCIES = "models:lexicon/agencies.jsonl"
ORGANISATIONS = "models:lexicon/organisations.jsonl"
PLACES = "models:lexicon/places.jsonl"
PREFIXES = "models:lexicon/country_prefixes.tsv"
PATTERNS = "models:entities/agency_patterns.jsonl"


def load_entries(ref: str) -> list[Entry]:
    return bodies.load_entries(parse_jsonl(read_text(ref), ref), ref)


def load_country_prefixes() -> dict[str, str]:
    return bodies.load_country_prefixes(parse_tsv(read_text(PREFIXES)), PREFIXES)


def load_token_rules(ref: str) -> list[dict]:
    return token_rules.load_token_rules(parse_jsonl(read_text(ref), ref), ref)


def token_patterns(ref: str) -> list[dict]:
    return token_rules.token_patterns(parse_jsonl(read_text(ref), ref), ref)
FILES = {AGENCIES: {"AGENCY"}, ORGANISATIONS: {"ORG"}, PLACES: {"LOC", "GPE"}}


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    out: list[Entry] = []
    for ref in FILES:
        out.extend(load_entries(ref))
    return out


@pytest.fixture(scope="module")
def forms(entries) -> dict:
    """The form index, built once for the module's many lookups."""
    return index_by_form(entries)


@pytest.fixture(scope="module")
def local_forms(entries) -> dict:
    return index_by_country_form(entries, load_country_prefixes())


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def ruler(nlp, entries) -> SpanRuler:
    """The gazetteers and patterns as the consumer loads them: ORTH phrase matching, validated patterns."""
    ruler = SpanRuler(nlp, name="gazetteer_test", spans_key=None, annotate_ents=False, validate=True)
    ruler.add_patterns(phrase_patterns(entries) + token_patterns(PATTERNS))
    return ruler


def select(spans: list[Span]) -> list[Span]:
    """Non-overlapping choice as the consumer makes it: gazetteer before pattern, then longer, then earlier."""
    taken: list[Span] = []
    used: set[int] = set()
    for span in sorted(spans, key=lambda s: (0 if s.id_ else 1, -(s.end - s.start), s.start)):
        if used.isdisjoint(range(span.start, span.end)):
            taken.append(span)
            used.update(range(span.start, span.end))
    return sorted(taken, key=lambda s: s.start)


# ---------------------------------------------------------------------------
# The data files


@pytest.mark.parametrize("ref,minimum", [(AGENCIES, 800), (ORGANISATIONS, 250), (PLACES, 150)])
def test_files_load_with_enough_entries(ref, minimum):
    assert len(load_entries(ref)) >= minimum


@pytest.mark.parametrize("ref", list(FILES))
def test_files_name_their_sources(ref):
    from pipeline.resources import read_text

    first = json.loads(read_text(ref).splitlines()[0])
    assert "source" in first["_meta"]["about"].lower()


@pytest.mark.parametrize("ref,labels", list(FILES.items()))
def test_labels_per_file(ref, labels):
    assert {entry.label for entry in load_entries(ref)} <= labels


def test_ids_unique_across_files(entries):
    ids = [entry.id for entry in entries]
    assert len(ids) == len(set(ids))


def test_every_parent_exists(entries):
    ids = {entry.id for entry in entries}
    assert [(e.id, e.parent) for e in entries if e.parent and e.parent not in ids] == []


def test_parents_have_no_cycles(entries):
    by_id = {entry.id: entry for entry in entries}
    for entry in entries:
        seen = {entry.id}
        node = entry
        while node.parent:
            assert node.parent not in seen, entry.id
            seen.add(node.parent)
            node = by_id[node.parent]


def test_every_country_is_an_iso_alpha2(entries):
    bad = [(e.id, e.country) for e in entries if e.country and pycountry.countries.get(alpha_2=e.country) is None]
    assert bad == []


def test_listed_forms_unique_across_entries(entries):
    """A name, alias or acronym belongs to one entry; forms two bodies share are left out of the lists."""
    owners: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        for form in entry.forms:
            owners[form].append(entry.id)
    assert {form: ids for form, ids in owners.items() if len(ids) > 1} == {}


DESCRIPTION_WORDS = {
    "government", "military", "police", "agency", "ministry", "department", "officials", "authorities", "forces",
    "army", "navy", "office", "region", "border", "immigration", "foreign", "intelligence", "service", "court",
    "party", "group", "cartel", "gang", "magazine", "newspaper", "rainforest", "zone", "area", "countries", "states",
}


def test_forms_are_names_not_descriptions(entries):
    """No leading determiner, no country possessive, no lower-case description word ("Mexico's foreign ministry")."""
    prefixes = load_country_prefixes()
    bad = []
    for entry in entries:
        for form in entry.forms:
            words = form.split()
            if words[0] in ("the", "a", "an"):
                bad.append((entry.id, form, "determiner"))
            if any(w in DESCRIPTION_WORDS for w in words):
                bad.append((entry.id, form, "description"))
            owner = re.match(r"^(.+?)['’]s\b", form)
            if owner and owner.group(1) in prefixes:
                bad.append((entry.id, form, "possessive"))
    assert bad == []


def test_country_prefixes_resolve():
    prefixes = load_country_prefixes()
    assert prefixes["Mexican"] == "MX"
    assert prefixes["U.S."] == "US"
    assert prefixes["Guatemala"] == "GT"
    assert prefixes["South Korean"] == "KR"


# ---------------------------------------------------------------------------
# Entry.from_dict and load_entries reject malformed data


GOOD = {"id": "xx-body", "name": "Example Body", "label": "AGENCY"}


@pytest.mark.parametrize(
    "change,message",
    [
        ({"nickname": "x"}, "unknown keys"),
        ({"label": "COMPANY"}, "label"),
        ({"country": "XX"}, "country"),
        ({"country": "mx"}, "country"),
        ({"id": "Bad Id"}, "slug"),
        ({"aliases": ["the foreign ministry"]}, "no capital"),
        ({"aliases": [" Padded"]}, "bad written form"),
        ({"aliases": ["Example Body"]}, "listed twice"),
        ({"kind": "bakery"}, "unknown kind"),
        ({"aliases": "Example"}, "must be a list"),
        ({"country": ["MX"]}, "country"),
        ({"parent": "xx-body"}, "bad parent"),
    ],
)
def test_from_dict_rejects(change, message):
    with pytest.raises(ValueError, match=message):
        Entry.from_dict({**GOOD, **change}, "test")


def test_from_dict_defaults():
    entry = Entry.from_dict(GOOD, "test")
    assert entry == Entry("xx-body", "Example Body", "AGENCY", (), (), None, None, None)
    assert entry.forms == ("Example Body",)


def test_load_entries_rejects_duplicate_ids(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"_meta": {"about": "source: test"}}) + "\n" + json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate id"):
        load_entries(str(path))


# ---------------------------------------------------------------------------
# Written forms and variants


@pytest.mark.parametrize(
    "form,variants",
    [
        ("U.S. Department of Defense", ["US Department of Defense", "U.S. Department of Defence", "US Department of Defence"]),
        ("FBI", ["F.B.I."]),
        ("U.N.", ["UN"]),
        ("Centroamérica", ["Centroamerica"]),
        ("People's Liberation Army", ["People’s Liberation Army"]),
        ("World Food Programme", ["World Food Program"]),
        ("White House", []),
    ],
)
def test_written_variants(form, variants):
    assert written_variants(form) == variants


@pytest.mark.parametrize(
    "form,entry_id,canonical",
    [
        ("CBP", "us-cbp", "U.S. Customs and Border Protection"),
        ("Customs and Border Protection", "us-cbp", "U.S. Customs and Border Protection"),
        ("US Customs and Border Protection", "us-cbp", "U.S. Customs and Border Protection"),
        ("State Department", "us-dos", "U.S. Department of State"),
        ("Department of State", "us-dos", "U.S. Department of State"),
        ("U.S. State Department", "us-dos", "U.S. Department of State"),
        ("Homeland Security Department", "us-dhs", "U.S. Department of Homeland Security"),
        ("Border Patrol", "us-usbp", "U.S. Border Patrol"),
        ("F.B.I.", "us-fbi", "Federal Bureau of Investigation"),
        ("U.S. Senate Banking Committee", "us-sbc", "Senate Banking Committee"),
        ("Mexican Foreign Ministry", "mx-sre", "Secretariat of Foreign Affairs"),
        ("SRE", "mx-sre", "Secretariat of Foreign Affairs"),
        ("INM", "mx-inm", "National Immigration Institute"),
        ("Guardia Nacional", "mx-guardia-nacional", "Mexican National Guard"),
        ("ECLAC", "un-eclac", "Economic Commission for Latin America and the Caribbean"),
        ("CEPAL", "un-eclac", "Economic Commission for Latin America and the Caribbean"),
        ("UN World Food Programme", "un-wfp", "World Food Programme"),
        ("UN Refugee Agency", "un-unhcr", "UNHCR"),
        ("Guatemalan Foreign Ministry", "gt-minex", "Guatemalan Ministry of Foreign Affairs"),
        ("AP", "ap", "The Associated Press"),
        ("Associated Press", "ap", "The Associated Press"),
        ("Twitter", "twitter", "Twitter"),
        ("Pew Research Center", "pew", "Pew Research Center"),
        ("Centroamérica", "central-america", "Central America"),
        ("Northern Triangle", "northern-triangle", "Northern Triangle"),
    ],
)
def test_index_by_form(forms, form, entry_id, canonical):
    entry = forms[form]
    assert (entry.id, entry.name) == (entry_id, canonical)


def test_lowercase_forms_are_not_indexed(entries):
    index = index_by_form(entries)
    for form in ("state department", "foreign ministry", "border patrol", "white house", "X"):
        assert form not in index


def test_listed_form_beats_generated_variant(entries):
    """A generated variant never takes a form another entry lists."""
    index = index_by_form(entries)
    for entry in entries:
        for form in entry.forms:
            assert index[form] is entry


@pytest.mark.parametrize(
    "country,form,entry_id",
    [
        ("MX", "Supreme Court", "mx-scjn"),
        ("US", "Supreme Court", "us-scotus"),
        ("MX", "National Guard", "mx-guardia-nacional"),
        ("US", "National Guard", "us-national-guard"),
        ("GT", "Foreign Ministry", "gt-minex"),
        ("CO", "National Police", "co-police"),
        ("GB", "Ministry of Defence", "gb-mod"),
        ("HN", "National Migration Institute", "hn-inm"),
    ],
)
def test_index_by_country_form(local_forms, country, form, entry_id):
    assert local_forms[(country, form)].id == entry_id


def test_phrase_patterns_deterministic_and_unique(entries):
    first, second = phrase_patterns(entries), phrase_patterns(entries)
    assert first == second
    forms = [p["pattern"] for p in first]
    assert len(forms) == len(set(forms))
    assert all(set(p) == {"label", "pattern", "id"} and p["id"] for p in first)
    assert {"label": "AGENCY", "pattern": "U.S. Customs and Border Protection", "id": "us-cbp"} in first


# ---------------------------------------------------------------------------
# Matching in text


def test_gazetteer_finds_forms_with_exact_offsets(nlp, ruler):
    text = (
        "U.S. Customs and Border Protection (CBP) told The Associated Press that the State Department and "
        "Mexico’s National Immigration Institute had asked the Economic Commission for Latin America and the "
        "Caribbean (ECLAC) about Central America, the Northern Triangle and the Darien Gap."
    )
    doc = nlp.make_doc(text)
    found = [(s.start_char, s.end_char, s.text, s.label_, s.id_) for s in select(ruler.match(doc))]
    expected = [
        ("U.S. Customs and Border Protection", "AGENCY", "us-cbp"),
        ("CBP", "AGENCY", "us-cbp"),
        ("The Associated Press", "ORG", "ap"),
        ("State Department", "AGENCY", "us-dos"),
        ("Mexico", None, None),
        ("National Immigration Institute", "AGENCY", "mx-inm"),
        ("Economic Commission for Latin America and the Caribbean", "AGENCY", "un-eclac"),
        ("ECLAC", "AGENCY", "un-eclac"),
        ("Central America", "LOC", "central-america"),
        ("Northern Triangle", "LOC", "northern-triangle"),
        ("Darien Gap", "LOC", "darien-gap"),
    ]
    want, pos = [], 0
    for form, label, entry_id in expected:
        start = text.index(form, pos)
        pos = start + len(form)
        if label:
            want.append((start, pos, form, label, entry_id))
    assert found == want


@pytest.mark.parametrize(
    "text",
    [
        "Officials at the state department said so.",
        "He spoke with border officials on Monday.",
        "The statement came from the foreign ministry.",
        "Mexico's foreign ministry and the interior ministry said.",
        "The national guard and the coast guard arrived.",
        "Aides at the white house and the supreme court disagreed.",
        "Agents of customs and border protection were there.",
        "Troops from the army and navy left the southern border.",
        "The administration will ask congress and the senate.",
    ],
)
def test_lowercase_descriptions_not_matched(nlp, ruler, text):
    assert [s.text for s in ruler.match(nlp.make_doc(text))] == []


# ---------------------------------------------------------------------------
# Token patterns


RULES = load_token_rules(PATTERNS)


@pytest.mark.parametrize("index", range(len(RULES)), ids=[r["example"] for r in RULES])
def test_token_pattern_example_matched_exactly(nlp, index):
    rule = RULES[index]
    matcher = Matcher(nlp.vocab, validate=True)
    matcher.add("RULE", [rule["pattern"]])
    prefix = "On Monday, the "
    doc = nlp.make_doc(f"{prefix}{rule['example']} said it would act.")
    spans = [doc[s:e] for _, s, e in matcher(doc)]
    assert spans, rule["example"]
    best = max(spans, key=lambda s: (len(s), -s.start))
    assert (best.start_char, best.end_char, best.text) == (len(prefix), len(prefix) + len(rule["example"]), rule["example"])


def test_token_patterns_carry_no_id_and_expand_classes():
    patterns = token_patterns(PATTERNS)
    assert len(patterns) == len(RULES) >= 100
    assert all(set(p) == {"label", "pattern"} and p["label"] == "AGENCY" for p in patterns)
    assert all("use" not in token for p in patterns for token in p["pattern"])


def _pattern_matches(nlp, text: str) -> list[str]:
    ruler = SpanRuler(nlp, name="patterns_only", spans_key=None, annotate_ents=False, validate=True)
    ruler.add_patterns(token_patterns(PATTERNS))
    return [s.text for s in select(ruler.match(nlp.make_doc(text)))]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Foreign Minister Marcelo Ebrard spoke.", []),
        ("Homeland Security Secretary Alejandro Mayorkas spoke.", []),
        ("Under Secretary of State Victoria Nuland spoke.", []),
        ("They met in the Oval Office.", []),
        ("The Salvation Army, Old Navy and Xinhua News Agency.", []),
        ("The plane, Air Force One, landed.", []),
        ("The Cato Institute and the Massachusetts Institute of Technology.", []),
        ("The Ministry of Health and the Ministry of Education met.", ["Ministry of Health", "Ministry of Education"]),
        ("Department of Homeland Security Secretary Alejandro Mayorkas said.", ["Department of Homeland Security"]),
        ("The Ministry of Tourism Minister John Smith said.", ["Ministry of Tourism"]),
        ("Mexico’s National Guard and the Honduran Security Ministry.", ["National Guard", "Honduran Security Ministry"]),
        ("The Central Bank of Kenya and the National Institute of Statistics and Geography.",
         ["Central Bank of Kenya", "National Institute of Statistics and Geography"]),
        ("Colombia’s Foreign Ministry said Interior Ministry officials agreed.", ["Foreign Ministry", "Interior Ministry"]),
        ("He met House Judiciary Committee Chairman Jim Jordan.", ["House Judiciary Committee"]),
        ("He left the Manhattan District Attorney’s Office.", ["Manhattan District Attorney’s Office"]),
        ("The Mines and Energy Ministry set a deadline.", ["Energy Ministry"]),
    ],
)
def test_token_patterns_in_sentences(nlp, text, expected):
    assert _pattern_matches(nlp, text) == expected


@pytest.mark.parametrize(
    "record,message",
    [
        ({"label": "AGENCY", "pattern": [{"ORTH": "Ministry"}], "example": "Ministry", "id": "x"}, "unknown keys"),
        ({"label": "AGENCY", "pattern": [{"use": "MISSING"}], "example": "Ministry"}, "unknown token class"),
        ({"label": "AGENCY", "pattern": [{"BOGUS": "Ministry"}], "example": "Ministry"}, "invalid token pattern"),
        ({"label": "AGENCY", "pattern": [], "example": "Ministry"}, "non-empty"),
        ({"label": "PERSON", "pattern": [{"ORTH": "Ministry"}], "example": "Ministry"}, "label"),
    ],
)
def test_load_token_rules_rejects(tmp_path, record, message):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"_meta": {"about": "test"}}) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_token_rules(str(path))


def test_token_class_with_extra_exclusions(tmp_path, nlp):
    path = tmp_path / "p.jsonl"
    lines = [
        {"define": "NAME", "token": {"TEXT": {"REGEX": "^[A-Z]\\w*$", "NOT_IN": ["The"]}}},
        {"label": "AGENCY", "pattern": [{"use": "NAME", "not": ["Oval"]}, {"ORTH": "Office"}], "example": "Cabinet Office"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    (rule,) = load_token_rules(str(path))
    assert rule["pattern"][0] == {"TEXT": {"REGEX": "^[A-Z]\\w*$", "NOT_IN": ["Oval", "The"]}}


# ---------------------------------------------------------------------------
# Parties, companies, media and the bodies of the UK, the EU, Japan, India, Brazil and the multilaterals


@pytest.mark.parametrize(
    "form,entry_id,label,canonical",
    [
        ("Commons", "gb-commons", "AGENCY", "House of Commons"),
        ("Lords", "gb-lords", "AGENCY", "House of Lords"),
        ("Law Lords", "gb-law-lords", "AGENCY", "Appellate Committee of the House of Lords"),
        ("Number 10", "gb-downing-street", "AGENCY", "Downing Street"),
        ("No 10", "gb-downing-street", "AGENCY", "Downing Street"),
        ("Ofcom", "gb-ofcom", "AGENCY", "Ofcom"),
        ("HMRC", "gb-hmrc", "AGENCY", "HM Revenue and Customs"),
        ("Crown Prosecution Service", "gb-cps", "AGENCY", "Crown Prosecution Service"),
        ("UK National Archives", "gb-tna", "AGENCY", "UK National Archives"),
        ("National Archives", "us-nara", "AGENCY", "National Archives and Records Administration"),
        ("Paris Club", "paris-club", "AGENCY", "Paris Club"),
        ("G8", "g8", "AGENCY", "Group of Eight"),
        ("G-77", "g77", "AGENCY", "Group of 77"),
        ("Commonwealth Secretariat", "commonwealth-secretariat", "AGENCY", "Commonwealth Secretariat"),
        ("European Court of Auditors", "eu-court-of-auditors", "AGENCY", "European Court of Auditors"),
        ("JICA", "jp-jica", "AGENCY", "Japan International Cooperation Agency"),
        ("Japan International Cooperation Agency", "jp-jica", "AGENCY", "Japan International Cooperation Agency"),
        ("METI", "jp-meti", "AGENCY", "Ministry of Economy, Trade and Industry"),
        ("Japanese Finance Ministry", "jp-mof", "AGENCY", "Japanese Ministry of Finance"),
        ("SEBI", "in-sebi", "AGENCY", "Securities and Exchange Board of India"),
        ("NITI Aayog", "in-niti-aayog", "AGENCY", "NITI Aayog"),
        ("Ibama", "br-ibama", "AGENCY", "Brazilian Institute of Environment and Renewable Natural Resources"),
        ("BNDES", "br-bndes", "AGENCY", "Brazilian Development Bank"),
        ("Plaid Cymru", "gb-plaid-cymru", "ORG", "Plaid Cymru"),
        ("UKIP", "gb-ukip", "ORG", "UK Independence Party"),
        ("Sinn Fein", "ie-sinn-fein", "ORG", "Sinn Féin"),
        ("DUP", "gb-dup", "ORG", "Democratic Unionist Party"),
        ("LDP", "jp-ldp", "ORG", "Liberal Democratic Party of Japan"),
        ("Liberal Democratic Party", "jp-ldp", "ORG", "Liberal Democratic Party of Japan"),
        ("Liberal Democratic Party of Russia", "ru-ldpr", "ORG", "Liberal Democratic Party of Russia"),
        ("CSU", "de-csu", "ORG", "Christian Social Union in Bavaria"),
        ("PiS", "pl-pis", "ORG", "Law and Justice Party"),
        ("Aam Aadmi Party", "in-aap", "ORG", "Aam Aadmi Party"),
        ("Barclays", "barclays", "ORG", "Barclays"),
        ("HSBC", "hsbc", "ORG", "HSBC"),
        ("Ford Motor Co.", "ford", "ORG", "Ford Motor Company"),
        ("General Motors", "general-motors", "ORG", "General Motors"),
        ("Wells Fargo", "wells-fargo", "ORG", "Wells Fargo"),
        ("Swiss Re", "swiss-re", "ORG", "Swiss Re"),
        ("Nestle", "nestle", "ORG", "Nestlé"),
        ("Toyota", "toyota", "ORG", "Toyota"),
        ("Sunday Express", "sunday-express", "ORG", "Sunday Express"),
        ("ITV1", "itv1", "ORG", "ITV1"),
        ("Radio 4", "bbc-radio-4", "ORG", "BBC Radio 4"),
        ("Kommersant", "kommersant", "ORG", "Kommersant"),
        ("Provisional IRA", "ira", "ORG", "Irish Republican Army"),
        ("British Library", "british-library", "ORG", "British Library"),
        ("Scarborough Shoal", "scarborough-shoal", "LOC", "Scarborough Shoal"),
        ("River Thames", "thames", "LOC", "River Thames"),
        ("Line of Actual Control", "line-of-actual-control", "LOC", "Line of Actual Control"),
    ],
)
def test_index_by_form_new_entries(forms, form, entry_id, label, canonical):
    entry = forms[form]
    assert (entry.id, entry.label, entry.name) == (entry_id, label, canonical)


@pytest.mark.parametrize(
    "form",
    [
        # a common surname, first name or word as well as a company ("Gerald Ford", "Tony Roche", "Bayer
        # Leverkusen", "boots on the ground", "Mary Lou McDonald's"): a gazetteer form would cut the person
        "Ford", "Dell", "Roche", "Bayer", "Bosch", "Boots", "McDonald's", "Lowe's", "Target", "Next", "Total",
        "Orange", "Visa", "Santander", "Zurich", "Vedanta", "Liberty", "Shelter", "Signal", "Discord", "Amazon",
        # acronyms with another common meaning (genetically modified, retirement account, closed-circuit TV ...)
        "GM", "IRA", "CCTV", "LSE", "BA", "CPS", "FCA", "ETA", "EFF", "APC", "AAP",
        # bare forms several countries' bodies bear
        "Cabinet", "Treasury", "Court of Appeal", "High Court", "Monetary Policy Committee", "Council of State",
        "Green Party", "Socialist Party",
        # short party names: news use is typed by pipeline.entities.parties, not by the gazetteer
        "Labour", "Tory", "Conservative", "Liberal Democrat", "Lib Dem", "Labor",
        # bare river names that open other places' names ("North Rhine-Westphalia", "Kingston upon Thames")
        "Rhine", "Thames", "Seine", "Loire", "Indus",
        # a title of works as well as a newspaper ("The Age of Oversupply")
        "The Age",
    ],
)
def test_ambiguous_forms_are_not_listed(forms, form):
    assert form not in forms


def test_no_single_word_form_is_a_known_office_holders_surname(entries):
    """"Michael Bloomberg", "Gerald Ford": a one-word gazetteer form equal to a well-known person's surname would
    split the person's name, since a gazetteer match outranks the model."""
    surnames = {json.loads(line)["name"].split()[-1] for line in read_text("models:lexicon/people.jsonl").splitlines()[1:]}
    single = {form for entry in entries for form in entry.forms if " " not in form}
    assert sorted(single & surnames) == []


# Short forms that pipeline.entities.parties derives from "<X> Party" and that are common words: such parties are
# not listed, since the bare word would become a party wherever it is capitalised.
COMMON_WORD_PARTY_STEMS = {"Progress", "Moderate", "Prosperity", "Finns", "Brexit", "Alba", "Maori", "Māori", "Labor",
                           "Co-operative", "Move Forward", "Working Families", "British National", "Grand Old",
                           "Reform", "Green", "Socialist", "Liberal", "National", "People", "Justice", "Freedom"}


def test_party_names_do_not_yield_common_word_short_forms(entries):
    stems = {form[: -len(" Party")] for e in entries if e.kind == "party" for form in e.forms if form.endswith(" Party")}
    assert sorted(stems & COMMON_WORD_PARTY_STEMS) == []


def test_every_party_and_company_has_a_country_where_it_has_one_seat(entries):
    """Parties are national; companies carry their headquarters' country (for ids and country inference)."""
    missing = [e.id for e in entries if e.kind in ("party", "company") and e.country is None]
    assert sorted(missing) == ["binance", "eu-epp"]


@pytest.mark.parametrize(
    "country,form,entry_id",
    [
        ("GB", "National Archives", "gb-tna"),
        ("US", "National Archives", "us-nara"),
        ("JP", "Ministry of Finance", "jp-mof"),
        ("BR", "Ministry of Finance", "br-finance"),
        ("JP", "Supreme Court", "jp-supreme-court"),
        ("KR", "Supreme Court", "kr-supreme-court"),
        ("IN", "Ministry of Railways", "in-railways-ministry"),
        ("KR", "Financial Services Commission", "kr-fsc"),
        ("FR", "Council of State", "fr-conseil-detat"),
        ("AU", "Electoral Commission", "au-aec"),
        ("GB", "Electoral Commission", "gb-electoral-commission"),
    ],
)
def test_index_by_country_form_new_bodies(local_forms, country, form, entry_id):
    assert local_forms[(country, form)].id == entry_id


@pytest.mark.parametrize("form,code", [("Zimbabwean", "ZW"), ("Burmese", "MM"), ("Nepalese", "NP"), ("Kazakh", "KZ"),
                                       ("Bosnia and Herzegovina", "BA"), ("Ivorian", "CI"), ("Latvian", "LV")])
def test_country_prefixes_new_rows(form, code):
    assert load_country_prefixes()[form] == code


@pytest.mark.parametrize("text,code,name", [("Bosnia", "BA", "Bosnia and Herzegovina"), ("PRC", "CN", "China"),
                                            ("Falklands", "FK", "Falkland Islands"), ("Macau", "MO", "Macao"),
                                            ("Ivory Coast", "CI", "Ivory Coast"), ("Cape Verde", "CV", "Cape Verde"),
                                            ("East Timor", "TL", "East Timor"), ("Brunei", "BN", "Brunei")])
def test_country_aliases_and_names(text, code, name):
    from pipeline.lexicon.countries import Countries

    countries = Countries(parse_tsv(read_text("models:lexicon/country_aliases.tsv")),
                          parse_tsv(read_text("models:lexicon/country_names.tsv")), [])
    assert (countries.code(text), countries.name(code)) == (code, name)


def test_gazetteer_finds_uk_business_and_world_forms(nlp, ruler):
    text = (
        "MPs told the Commons that Number 10 and the Law Lords had read the Sunday Express. Barclays, HSBC and "
        "Swiss Re met the Paris Club, JICA and the G8, while Plaid Cymru and the DUP spoke on ITV1 and Radio 4 "
        "about the Scarborough Shoal."
    )
    doc = nlp.make_doc(text)
    found = [(s.text, s.label_, s.id_) for s in select(ruler.match(doc))]
    assert found == [
        ("Commons", "AGENCY", "gb-commons"),
        ("Number 10", "AGENCY", "gb-downing-street"),
        ("Law Lords", "AGENCY", "gb-law-lords"),
        ("Sunday Express", "ORG", "sunday-express"),
        ("Barclays", "ORG", "barclays"),
        ("HSBC", "ORG", "hsbc"),
        ("Swiss Re", "ORG", "swiss-re"),
        ("Paris Club", "AGENCY", "paris-club"),
        ("JICA", "AGENCY", "jp-jica"),
        ("G8", "AGENCY", "g8"),
        ("Plaid Cymru", "ORG", "gb-plaid-cymru"),
        ("DUP", "ORG", "gb-dup"),
        ("ITV1", "ORG", "itv1"),
        ("Radio 4", "ORG", "bbc-radio-4"),
        ("Scarborough Shoal", "LOC", "scarborough-shoal"),
    ]
    assert all(text[s.start_char:s.end_char] == s.text for s in select(ruler.match(doc)))


@pytest.mark.parametrize(
    "text",
    [
        "Gerald Ford and Tony Roche met Michael Dell at Bayer Leverkusen.",
        "The GM crops were filmed on CCTV, and she moved her IRA to the LSE.",
        "Boots on the ground would be a mistake, the Cabinet said of the Treasury plan.",
        "He studied in North Rhine-Westphalia and lived in Kingston upon Thames.",
        "The Age of Oversupply is a book about Labour and Tory plans.",
    ],
)
def test_ambiguous_words_not_matched_in_text(nlp, ruler, text):
    assert [s.text for s in ruler.match(nlp.make_doc(text)) if s.id_] == []
