"""The news_officials component alone, on spacy.blank("en") with hand-set parses and mentions."""

from __future__ import annotations

import re
import unicodedata

import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline.annotations import Official
from pipeline.lexicon import default_lexicon
from pipeline.lexicon.people import KnownPeople
from pipeline.lexicon.titles import TitleEntry
from pipeline.officials import component  # noqa: F401  (registers the factory)
from pipeline.officials.extract import leader_country, role_of


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    # no agency list: bodies keep the names written in the mentions, so results do not depend on it
    empty = tmp_path_factory.mktemp("lexicon") / "agencies.jsonl"
    empty.write_text("", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("news_officials", config={"lexicon": {"@misc": "newsfacts.lexicon.v1", "agencies": str(empty)}})
    return nlp


def slug(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def make_doc(nlp, spec: str, mentions: list[tuple[int, int, str, str]]) -> Doc:
    """A doc from "word POS TAG DEP HEAD LEMMA SPACE" lines, with news_mentions (start, end, label, canonical)."""
    rows = [line.split(" ") for line in spec.strip().splitlines()]
    doc = Doc(
        nlp.vocab,
        words=[r[0] for r in rows],
        spaces=[r[6] == "_" for r in rows],
        pos=[r[1] for r in rows],
        tags=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[int(r[4]) for r in rows],
        lemmas=[r[5] for r in rows],
    )
    spans = []
    for start, end, label, canonical in mentions:
        span = Span(doc, start, end, label=label)
        span._.canonical = canonical
        if label != "NORP":
            span._.entity_id = f"{label.lower()}:{slug(canonical)}"
        spans.append(span)
    doc.spans["news_mentions"] = spans
    return doc


def officials_of(nlp, doc: Doc) -> list[dict]:
    """doc._.officials after the component, as dicts, with the normalised role the component works with."""
    pipe = nlp.get_pipe("news_officials")
    officials = pipe(doc)._.officials
    assert all(isinstance(o, Official) for o in officials)
    statements = pipe.state(doc)
    assert [s.official for s in statements] == officials
    return [{"name": o.name, "entity_id": o.entity_id, "title": o.title, "role": s.role, "org": o.org,
             "org_entity_id": o.org_entity_id, "country": o.country, "former": o.former,
             "start": o.span.start_char, "end": o.span.end_char} for o, s in zip(officials, statements)]


def run(nlp, spec, mentions):
    doc = make_doc(nlp, spec, mentions)
    return officials_of(nlp, doc), doc.text


FORMER_AMBASSADOR = """
Former ADJ JJ amod 2 former _
U.S. PROPN NNP compound 2 U.S. _
ambassador NOUN NN compound 4 ambassador _
Roberta PROPN NNP compound 4 Roberta _
Jacobson PROPN NNP nsubj 5 Jacobson _
arrived VERB VBD ROOT 5 arrive nospace
. PUNCT . punct 5 . nospace
"""


def test_prenominal_title_with_nationality_and_former(nlp):
    officials, text = run(nlp, FORMER_AMBASSADOR, [(1, 2, "GPE", "United States"), (3, 5, "PERSON", "Roberta Jacobson")])
    assert officials == [{
        "name": "Roberta Jacobson", "entity_id": "person:roberta-jacobson", "title": "ambassador", "role": "ambassador",
        "org": None, "org_entity_id": None, "country": "US", "former": True, "start": 0, "end": 39,
    }]
    assert text[0:39] == "Former U.S. ambassador Roberta Jacobson"


APPOSITION = """
Juan PROPN NNP compound 1 Juan _
Gonzalez PROPN NNP nsubj 15 Gonzalez nospace
, PUNCT , punct 1 , _
the DET DT det 6 the _
National PROPN NNP compound 6 National _
Security PROPN NNP compound 6 Security _
Council PROPN NNP poss 9 Council nospace
’s PART POS case 6 ’s _
senior ADJ JJ amod 9 senior _
director NOUN NN appos 1 director _
for ADP IN prep 9 for _
the DET DT det 13 the _
Western PROPN NNP compound 13 Western _
Hemisphere PROPN NNP pobj 10 Hemisphere nospace
, PUNCT , punct 1 , _
spoke VERB VBD ROOT 15 speak nospace
. PUNCT . punct 15 . nospace
"""


def test_apposition_with_possessive_body_and_complement(nlp):
    officials, text = run(nlp, APPOSITION, [(0, 2, "PERSON", "Juan González"), (4, 7, "AGENCY", "National Security Council"),
                                            (12, 14, "LOC", "Western Hemisphere")])
    assert officials == [{
        "name": "Juan González", "entity_id": "person:juan-gonzalez", "title": "senior director for the Western Hemisphere",
        "role": "senior director", "org": "National Security Council", "org_entity_id": "agency:national-security-council",
        "country": None, "former": False, "start": 0, "end": 89,
    }]
    assert text[0:89] == "Juan Gonzalez, the National Security Council’s senior director for the Western Hemisphere"


PREDICATES = """
Zuniga PROPN NNP nsubj 1 Zuniga _
is AUX VBZ ROOT 1 be _
a DET DT det 4 a _
career NOUN NN compound 4 career _
diplomat NOUN NN attr 1 diplomat _
and CCONJ CC cc 1 and _
was AUX VBD conj 1 be _
a DET DT det 9 a _
top ADJ JJ amod 9 top _
adviser NOUN NN attr 6 adviser _
to ADP IN prep 9 to _
then ADV RB advmod 13 then nospace
- PUNCT HYPH punct 13 - nospace
President PROPN NNP compound 15 President _
Barack PROPN NNP compound 15 Barack _
Obama PROPN NNP pobj 10 Obama nospace
. PUNCT . punct 1 . nospace
"""


def test_predicates_coordinated_verbs_and_then_president(nlp):
    officials, text = run(nlp, PREDICATES, [(0, 1, "PERSON", "Ricardo Zúñiga"), (14, 16, "PERSON", "Barack Obama")])
    assert [(o["name"], o["title"], o["former"], o["start"], o["end"]) for o in officials] == [
        ("Ricardo Zúñiga", "career diplomat", False, 0, 27),
        ("Ricardo Zúñiga", "top adviser", True, 0, 49),
        ("Barack Obama", "President", True, 53, 80),
    ]
    assert text[0:49] == "Zuniga is a career diplomat and was a top adviser"
    assert text[53:80] == "then-President Barack Obama"
    # Obama's country comes from the table of office-holders; the other roles take the one country of the article
    assert [o["country"] for o in officials] == ["US", "US", "US"]


APPOINTED_AS = """
Ricardo PROPN NNP compound 1 Ricardo _
Zuniga PROPN NNP nsubj 12 Zuniga nospace
, PUNCT , punct 1 , _
appointed VERB VBN acl 1 appoint _
by ADP IN agent 3 by _
the DET DT det 7 the _
State PROPN NNP compound 7 State _
Department PROPN NNP pobj 4 Department _
as ADP IN prep 3 as _
special ADJ JJ amod 10 special _
envoy NOUN NN pobj 8 envoy nospace
, PUNCT , punct 12 , _
arrived VERB VBD ROOT 12 arrive nospace
. PUNCT . punct 12 . nospace
"""


def test_appointed_by_a_body_as_title(nlp):
    officials, text = run(nlp, APPOINTED_AS, [(0, 2, "PERSON", "Ricardo Zúñiga"), (6, 8, "AGENCY", "U.S. Department of State")])
    assert officials == [{
        "name": "Ricardo Zúñiga", "entity_id": "person:ricardo-zuniga", "title": "special envoy", "role": "special envoy",
        "org": "U.S. Department of State", "org_entity_id": "agency:u-s-department-of-state", "country": "US",
        "former": False, "start": 0, "end": 66,
    }]
    assert text[0:66] == "Ricardo Zuniga, appointed by the State Department as special envoy"


RELATIVE = """
Kirby PROPN NNP nsubj 7 Kirby nospace
, PUNCT , punct 0 , _
who PRON WP nsubj 3 who _
serves VERB VBZ relcl 0 serve _
as ADP IN prep 3 as _
spokesperson NOUN NN pobj 4 spokesperson nospace
, PUNCT , punct 0 , _
declined VERB VBD ROOT 7 decline _
to PART TO aux 9 to _
comment VERB VB xcomp 7 comment nospace
. PUNCT . punct 7 . nospace
"""


def test_relative_clause_serves_as(nlp):
    officials, text = run(nlp, RELATIVE, [(0, 1, "PERSON", "John Kirby")])
    assert [(o["name"], o["title"], o["role"], o["start"], o["end"]) for o in officials] == [
        ("John Kirby", "spokesperson", "spokesperson", 0, 33)
    ]
    assert text[0:33] == "Kirby, who serves as spokesperson"


LEFT_APPOSITION = """
The DET DT det 1 the _
spokesperson NOUN NN nsubj 6 spokesperson nospace
, PUNCT , punct 1 , _
John PROPN NNP compound 4 John _
Kirby PROPN NNP appos 1 Kirby nospace
, PUNCT , punct 1 , _
said VERB VBD ROOT 6 say _
it PRON PRP dobj 6 it nospace
. PUNCT . punct 6 . nospace
"""


def test_title_before_the_name_in_apposition(nlp):
    officials, text = run(nlp, LEFT_APPOSITION, [(3, 5, "PERSON", "John Kirby")])
    assert [(o["name"], o["title"], o["start"], o["end"]) for o in officials] == [("John Kirby", "spokesperson", 4, 28)]
    assert text[4:28] == "spokesperson, John Kirby"


NON_OFFICE = """
Chief PROPN NNP compound 1 Chief _
Executive PROPN NNP compound 3 Executive _
Martin PROPN NNP compound 3 Martin _
Sorrell PROPN NNP nsubj 4 Sorrell _
said VERB VBD ROOT 4 say _
it PRON PRP dobj 4 it nospace
. PUNCT . punct 4 . nospace
"""


def test_company_post_is_no_office(nlp):
    officials, _ = run(nlp, NON_OFFICE, [(2, 4, "PERSON", "Martin Sorrell")])
    assert officials == []


PORTFOLIO = """
Mexican PROPN NNP amod 2 Mexican _
Foreign PROPN NNP compound 2 Foreign _
Minister PROPN NNP compound 4 Minister _
Marcelo PROPN NNP compound 4 Marcelo _
Ebrard PROPN NNP nsubj 5 Ebrard _
met VERB VBD ROOT 5 meet _
Mexico PROPN NNP poss 9 Mexico nospace
's PART POS case 6 's _
interior ADJ JJ amod 9 interior _
minister NOUN NN dobj 5 minister nospace
. PUNCT . punct 5 . nospace
"""


def test_nationality_and_portfolio_give_country_and_body(nlp):
    officials, text = run(nlp, PORTFOLIO, [(0, 1, "NORP", "Mexican"), (3, 5, "PERSON", "Marcelo Ebrard"), (6, 7, "GPE", "Mexico")])
    assert officials == [{
        "name": "Marcelo Ebrard", "entity_id": "person:marcelo-ebrard", "title": "Foreign Minister", "role": "foreign minister",
        "org": "Secretariat of Foreign Affairs", "org_entity_id": "agency:secretariat-of-foreign-affairs", "country": "MX",
        "former": False, "start": 0, "end": 39,
    }]
    assert text[0:39] == "Mexican Foreign Minister Marcelo Ebrard"


TWO_SECRETARIES = """
Alejandro PROPN NNP compound 1 Alejandro _
Mayorkas PROPN NNP nsubj 8 Mayorkas nospace
, PUNCT , punct 1 , _
the DET DT det 6 the _
homeland NOUN NN compound 6 homeland _
security NOUN NN compound 6 security _
secretary NOUN NN appos 1 secretary nospace
, PUNCT , punct 1 , _
met VERB VBD ROOT 8 meet _
Kristie PROPN NNP compound 10 Kristie _
Canegallo PROPN NNP dobj 8 Canegallo nospace
, PUNCT , punct 10 , _
the DET DT det 17 the _
acting VERB VBG amod 17 act _
deputy NOUN NN compound 17 deputy _
homeland NOUN NN compound 16 homeland _
security NOUN NN compound 17 security _
secretary NOUN NN appos 10 secretary nospace
. PUNCT . punct 8 . nospace
"""


def test_title_fixes_body_and_rank_words_join_the_role(nlp):
    officials, _ = run(nlp, TWO_SECRETARIES, [(0, 2, "PERSON", "Alejandro Mayorkas"), (9, 11, "PERSON", "Kristie Canegallo")])
    dhs = ("U.S. Department of Homeland Security", "agency:u-s-department-of-homeland-security", "US")
    assert [(o["name"], o["title"], o["role"], o["org"], o["org_entity_id"], o["country"]) for o in officials] == [
        ("Alejandro Mayorkas", "homeland security secretary", "secretary of homeland security", *dhs),
        ("Kristie Canegallo", "acting deputy homeland security secretary", "deputy secretary of homeland security", *dhs),
    ]


def test_one_record_per_person_and_title(nlp):
    spec = FORMER_AMBASSADOR.strip() + "\n"
    doc_a = make_doc(nlp, spec, [(1, 2, "GPE", "United States"), (3, 5, "PERSON", "Roberta Jacobson")])
    officials = officials_of(nlp, doc_a)
    again = officials_of(nlp, doc_a)
    assert officials == again  # deterministic
    assert len(officials) == 1


def test_falls_back_to_model_entities_without_mentions(nlp):
    doc = make_doc(nlp, FORMER_AMBASSADOR, [])
    del doc.spans["news_mentions"]
    doc.ents = [Span(doc, 1, 2, label="GPE"), Span(doc, 3, 5, label="PERSON")]
    officials = officials_of(nlp, doc)
    assert [(o["name"], o["entity_id"], o["title"], o["country"]) for o in officials] == [
        ("Roberta Jacobson", "person:roberta-jacobson", "ambassador", "US")
    ]


# -- the component -------------------------------------------------------------------------------------------

def test_factory_takes_its_word_lists_and_the_lexicon_and_declares_what_it_reads(nlp):
    meta = nlp.get_pipe_meta("news_officials")
    assert set(meta.default_config) == {"word_lists", "lexicon"}
    assert "doc.spans" in meta.requires and "token.dep" in meta.requires
    assert meta.assigns == ["doc._.officials"]


def test_official_span_covers_title_and_person(nlp):
    doc = make_doc(nlp, FORMER_AMBASSADOR, [(1, 2, "GPE", "United States"), (3, 5, "PERSON", "Roberta Jacobson")])
    (official,) = nlp.get_pipe("news_officials")(doc)._.officials
    assert official.span.doc is doc
    assert official.span.text == "Former U.S. ambassador Roberta Jacobson"


def test_saved_component_keeps_its_lexicon(nlp):
    pipe = nlp.get_pipe("news_officials")
    other = spacy.blank("en")
    other.add_pipe("news_officials").from_bytes(pipe.to_bytes())
    doc = make_doc(other, APPOSITION, [(0, 2, "PERSON", "Juan González"), (4, 7, "AGENCY", "National Security Council"),
                                        (12, 14, "LOC", "Western Hemisphere")])
    (official,) = other.get_pipe("news_officials")(doc)._.officials
    # the packaged agency list gives the council's country; the saved, empty one came with the bytes
    assert (official.org, official.country) == ("National Security Council", None)


# -- data files --------------------------------------------------------------------------------------------------

def test_titles_table_is_broad_and_valid():
    titles = default_lexicon().titles
    entries = titles.entries
    assert len(entries) >= 400
    categories = {e.category for e in entries}
    assert {"executive", "ministerial", "diplomatic", "legislative", "judicial", "military", "police", "local"} <= categories
    assert all(e.portfolio is None or e.portfolio in titles.ministries for e in entries)
    for entry in entries:
        assert entry.title in entry.example.lower().replace("’", "’"), entry.title
    assert not set(titles.non_offices) & {e.title for e in entries}


def test_title_records_reject_unknown_keys():
    good = {"title": "mayor", "role": "mayor", "category": "local", "example": "Mayor Jane Doe spoke."}
    assert TitleEntry.from_dict(good, "t").role == "mayor"
    with pytest.raises(ValueError, match="unknown keys"):
        TitleEntry.from_dict({**good, "bodie": {}}, "t")
    with pytest.raises(ValueError, match="category"):
        TitleEntry.from_dict({**good, "category": "royal"}, "t")
    with pytest.raises(ValueError, match="lower-case"):
        TitleEntry.from_dict({**good, "title": "Mayor"}, "t")


def test_tables_load():
    lexicon = default_lexicon()
    modifiers = lexicon.titles.modifiers
    assert modifiers["then"] == "former"
    assert modifiers["outgoing"] == "status"
    assert modifiers["deputy"] == "rank"
    assert lexicon.countries.nationalities["mexican"] == "MX"
    assert lexicon.titles.ministries["foreign affairs"].bodies["MX"] == "Secretariat of Foreign Affairs"
    assert lexicon.people.country("Joe Biden") == "US"


def test_leader_country_by_full_name_or_unique_surname():
    SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
    people = KnownPeople([{"name": name, "country": country} for name, country in (
        ("Joe Biden", "US"), ("Andrés Manuel López Obrador", "MX"), ("Boris Johnson", "GB"), ("Lyndon Johnson", "US"))])
    assert leader_country(people, "Joe Biden", SUFFIXES) == "US"
    assert leader_country(people, "Obrador", SUFFIXES) == "MX"
    assert leader_country(people, "Johnson", SUFFIXES) is None  # two leaders share it
    assert leader_country(people, "Jane Doe", SUFFIXES) is None


def test_role_of_puts_rank_words_first():
    entry = TitleEntry("secretary of state", "secretary of state", "ministerial", "Secretary of State X met Y.")
    assert role_of(entry, ["deputy"]) == "deputy secretary of state"
    vice = TitleEntry("vice president", "vice president", "executive", "Vice President X met Y.")
    assert role_of(vice, ["vice"]) == "vice president"


UNTAGGED_INITIALS = """
Vice PROPN NNP compound 1 Vice _
President PROPN NNP compound 5 President _
Joseph PROPN NNP compound 5 Joseph _
R. PROPN NNP compound 5 R. _
Biden PROPN NNP compound 5 Biden _
Jr. PROPN NNP nsubj 6 Jr. _
decided VERB VBD ROOT 6 decide nospace
. PUNCT . punct 6 . nospace
"""


def test_untagged_name_with_initial_and_suffix(nlp):
    # no mention: the name after the title is read from the words; its canonical drops the middle initial
    officials, text = run(nlp, UNTAGGED_INITIALS, [])
    assert [(o["name"], o["entity_id"], o["title"], o["start"], o["end"]) for o in officials] == [
        ("Joseph Biden Jr.", "person:joseph-biden-jr", "Vice President", 0, 34)]
    assert text[0:34] == "Vice President Joseph R. Biden Jr."


UNTAGGED_PARTICLES = """
Commission PROPN NNP compound 1 Commission _
President PROPN NNP compound 5 President _
Ursula PROPN NNP compound 5 Ursula _
von PROPN NNP compound 5 von _
der PROPN NNP compound 5 der _
Leyen PROPN NNP nsubj 6 Leyen _
spoke VERB VBD ROOT 6 speak nospace
. PUNCT . punct 6 . nospace
"""


def test_untagged_name_with_particles_and_a_surname_taken_for_a_place(nlp):
    officials, text = run(nlp, UNTAGGED_PARTICLES, [(5, 6, "GPE", "Leyen")])
    assert [(o["name"], o["title"], o["start"], o["end"]) for o in officials] == [
        ("Ursula von der Leyen", "Commission President", 0, 41)]
    assert text[0:41] == "Commission President Ursula von der Leyen"


def test_party_index_reads_table_names_gazetteer_names_and_short_forms(blank):
    from pipeline.lexicon.bodies import Bodies, Entry
    from pipeline.lexicon.parties import Parties
    from pipeline.officials.mentions import Mention
    from pipeline.officials.parties import PartyIndex

    entries = [Entry("gb-conservatives", "Conservative Party", "ORG", ("Tory Party",), (), "GB", None, "party"),
               Entry("us-democrats", "Democratic Party", "ORG", (), (), "US", None, "party")]
    words = {"Tory": "GB", "Liberal Democrat": "GB", "Democrat": "US", "Democratic": "US"}
    parties = PartyIndex(Parties(words, Bodies(entries, {})))
    doc = blank("ex - Tory education secretary , Liberal Democrat MP , Georgia Democrat , Vermont Democratic governor")
    none: list = [None] * len(doc)
    tory = parties.at(doc, 2, none)
    assert (tory.start, tory.end, tory.country, tory.name) == (2, 3, "GB", "Conservative Party")  # short form
    libdem = parties.at(doc, 6, none)
    assert (libdem.start, libdem.end, libdem.country, libdem.name) == (6, 8, "GB", None)
    assert parties.at(doc, 7, none) is None  # the "Democrat" of "Liberal Democrat"
    places = list(none)
    places[10] = Mention(10, 11, "GPE", "Georgia", "Georgia", "gpe:georgia")
    places[13] = Mention(13, 14, "GPE", "Vermont", "Vermont", "gpe:vermont")
    assert parties.at(doc, 11, places).country == "US"  # after a place, a party of its own
    vermont = parties.at(doc, 14, places)
    assert (vermont.country, vermont.name) == ("US", "Democratic Party")
    assert parties.ending_at(doc, 3, none).name == "Conservative Party"


def test_quoted_tokens(blank):
    from pipeline.officials.pronouns import quoted_tokens

    doc = blank('Jones said : " he was a minister . " Then he left .\n\nA “ b ” c')
    flags = dict(zip([t.i for t in doc], quoted_tokens(doc)))
    assert [t.text for t in doc if flags[t.i]] == ['"', "he", "was", "a", "minister", ".", "“", "b"]
