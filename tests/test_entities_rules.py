"""The entity rules' tables and span functions, without the model: party forms, type evidence, names."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from pipeline.entities import repairs
from pipeline.entities.evidence import MODEL_CODE_RE, Evidence
from pipeline.entities.parties import _short_forms, load_usage, party_forms
from pipeline.entities.select import Candidate, select
from pipeline.lexicon import default_lexicon
from pipeline.resources import parse_tsv, read_text

LEXICON = default_lexicon()
EVIDENCE = Evidence.build(parse_tsv(read_text("models:entities/type_evidence.tsv")), "type_evidence",
                          LEXICON.words("clitic"))
WORDS = repairs.Words.build(LEXICON, parse_tsv(read_text("models:entities/language_cues.tsv")), "language_cues")
USAGE = load_usage(parse_tsv(read_text("models:entities/party_usage.tsv")), "party_usage")


def test_party_short_forms():
    assert _short_forms("Labour Party") == ["Labour"]
    assert _short_forms("Liberal Democrats") == ["Liberal Democrat"]
    assert _short_forms("Lib Dems") == ["Lib Dem"]
    assert _short_forms("The Left Party") == []
    assert _short_forms("Nuevas Ideas") == []


def test_party_forms_are_typed_by_usage():
    forms = {f.text: f.label for f in party_forms(LEXICON, USAGE)}
    # UK short names are the party; members and US party words are NORP
    assert forms["Labour"] == forms["Tory"] == forms["Liberal Democrat"] == forms["Lib Dem"] == "ORG"
    assert forms["Conservatives"] == forms["Tories"] == forms["Democrats"] == forms["Republicans"] == "NORP"
    assert forms["Republican"] == forms["Democratic"] == forms["Peronist"] == "NORP"
    # the gazetteer's own forms are left to the gazetteer; an ORG short form names its gazetteer party
    assert "Labour Party" not in forms and "GOP" not in forms
    ids = {f.text: f.entry_id for f in party_forms(LEXICON, USAGE)}
    assert ids["Tory"] == ids["Conservative"] == LEXICON.bodies.forms["Conservative Party"].id
    assert ids["Republican"] is None and ids["Conservatives"] is None
    # plurals are made only of people-nouns: no "Labours", no "Congresss"
    assert "Labours" not in forms and "Congresss" not in forms


def test_party_usage_rejects_bad_rows():
    with pytest.raises(ValueError):
        load_usage([["country", "US", "PARTY"]], "usage")
    with pytest.raises(ValueError):
        load_usage([["nation", "US", "NORP"]], "usage")


def test_evidence_words_are_lower_case():
    with pytest.raises(ValueError):
        Evidence.build([["org_noun", "Company"]], "evidence", LEXICON.words("clitic"))
    assert "company" in EVIDENCE.org_noun and "Six" in EVIDENCE.group_number
    assert ("chief", "executive") in EVIDENCE.possessed_phrases["chief"]


def test_model_codes():
    assert all(MODEL_CODE_RE.match(t) for t in ("A380", "S40", "LR3", "F-35"))
    assert not any(MODEL_CODE_RE.match(t) for t in ("2004", "Apollo", "G"))


def test_names_with_particles_and_mixed_case(blank):
    doc = blank("Luiz Inácio Lula da Silva , van Persie , McConnell , GPRS , Silva da")
    assert repairs.is_name_like(doc[0:5], WORDS.particles)
    assert repairs.is_name_like(doc[6:8], WORDS.particles)
    assert repairs.is_name_like(doc[9:10], WORDS.particles)
    assert not repairs.is_name_like(doc[11:12], WORDS.particles)
    assert not repairs.is_name_like(doc[13:15], WORDS.particles)  # a particle never closes a name


def test_title_before_a_name_is_stripped(blank):
    titles = LEXICON.titles
    doc = blank("Vice Chair Alan Blinder and Deputy Governor Ann Lee and Vice Smith")
    strip = lambda s, e: repairs.strip_title(WORDS, Span(doc, s, e, label="PERSON"), titles.head_words, titles.phrases).text  # noqa: E731
    assert strip(0, 4) == "Alan Blinder"
    assert strip(5, 9) == "Ann Lee"
    assert strip(10, 12) == "Vice Smith"  # a modifier goes only with a title


def test_person_tail_is_cut_at_a_dash(blank):
    doc = blank("Roger Federer - nice Ann")
    assert repairs.cut_person_tail(WORDS, Span(doc, 0, 5, label="PERSON")).text == "Roger Federer"
    assert repairs.cut_person_tail(WORDS, Span(doc, 0, 2, label="PERSON")).text == "Roger Federer"
    doc = blank("Mark Lewis-Francis - runner")  # a hyphen inside the name is no dash
    assert repairs.cut_person_tail(WORDS, doc[:].char_span(0, len(doc.text), label="PERSON")).text == "Mark Lewis-Francis"


def test_split_at_line_breaks(blank):
    doc = blank("says Milburn\n\nLabour will")
    parts = repairs.split_at_separators(Span(doc, 1, 4, label="PERSON"))
    assert [p.text for p in parts] == ["Milburn", "Labour"]


def test_codes_amounts_and_names(blank):
    doc = blank("COVID-19 HK$6.31bn ITV1 G7")
    assert repairs.is_handle_or_code(doc[0:1]) and repairs.is_handle_or_code(doc[1:2])
    assert not repairs.is_handle_or_code(doc[2:3]) and not repairs.is_handle_or_code(doc[3:4])


def test_a_listed_one_word_company_inside_a_persons_name_gives_way():
    # "Michael Bloomberg", "Keisuke Honda": the person, not the company and a stray first name
    cands = [Candidate(0, 2, "PERSON", "model", "model:ner"), Candidate(1, 2, "ORG", "gazetteer", "rule:gazetteer", "b")]
    assert [(c.start, c.end, c.label) for c in select(cands)] == [(0, 2, "PERSON")]
    # a listed form covering the whole span still wins: "Walt Disney Co."
    cands = [Candidate(0, 3, "PERSON", "model", "model:ner"), Candidate(0, 3, "ORG", "gazetteer", "rule:gazetteer", "d")]
    assert [(c.start, c.end, c.label) for c in select(cands)] == [(0, 3, "ORG")]
    # one word before a body that is not the model's person stays out: "Walt [Disney]" with the model's ORG
    cands = [Candidate(0, 2, "ORG", "model", "model:ner"), Candidate(1, 2, "ORG", "gazetteer", "rule:gazetteer", "d")]
    assert [(c.start, c.end, c.label) for c in select(cands)] == [(1, 2, "ORG")]
    # a place the model ran a name into leaves the name: "Europe Ann Lee" → LOC + PERSON
    cands = [Candidate(0, 3, "PERSON", "model", "model:ner"), Candidate(0, 1, "LOC", "gazetteer", "rule:gazetteer", "e")]
    assert [(c.start, c.end, c.label) for c in select(cands)] == [(0, 1, "LOC"), (1, 3, "PERSON")]
