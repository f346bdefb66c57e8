from spacy.tokens import Span

from pipeline.entities import repairs
from pipeline.entities.matcher import GazetteerMatcher
from pipeline.entities.select import Candidate, select
from pipeline.lexicon import default_lexicon
from pipeline.lexicon.titles import title_head
from pipeline.resources import parse_tsv, read_text
from pipeline.mentions.acronyms import find_definitions


WORDS = repairs.Words.build(default_lexicon(), parse_tsv(read_text("models:entities/language_cues.tsv")), "language_cues")


def _texts(spans):
    return [(s.text, s.label_) for s in spans]


def test_trim_drops_determiners_possessives_and_edge_punctuation(blank):
    doc = blank("the State Department ’s spokesman [ Reuters ]")
    assert repairs.trim(WORDS, Span(doc, 0, 4, label="AGENCY")).text == "State Department"
    assert repairs.trim(WORDS, Span(doc, 5, 8, label="ORG")).text == "Reuters"
    assert repairs.trim(WORDS, Span(doc, 0, 1, label="ORG")) is None


def test_possessive_splits_owner_from_body(blank):
    doc = blank("Mexico ’s National Immigration Institute said")
    parts = repairs.split_possessive(WORDS, Span(doc, 0, 5, label="ORG"))
    assert _texts(parts) == [("Mexico", "GPE"), ("National Immigration Institute", "ORG")]


def test_photo_credits_split_at_slashes_and_brackets(blank):
    doc = blank("Evan Vucci / AP Photo ] Jacobson")
    parts = repairs.split_at_separators(Span(doc, 0, 7, label="PERSON"))
    assert _texts(parts) == [("Evan Vucci", "PERSON"), ("AP Photo", "PERSON"), ("Jacobson", "PERSON")]


def test_foreign_sentences_are_recognised(blank):
    spanish = blank("Hoy me reuní con el equipo de la Casa Blanca para hablar de la migración en Centroamérica")
    english = blank("The delegation met the president of the council in Mexico City on Monday")
    assert repairs.is_foreign_sentence(WORDS, spanish[:]) and not repairs.is_foreign_sentence(WORDS, english[:])


def test_title_fragments(blank):
    doc = blank("Homeland Security Secretary Alejandro Mayorkas and the Secretary of State")
    phrases = frozenset({"homeland security secretary", "secretary of state", "leader"})
    assert repairs.is_title_fragment(Span(doc, 0, 2), phrases)
    assert repairs.is_title_fragment(Span(doc, 9, 10), phrases)
    assert not repairs.is_title_fragment(Span(doc, 3, 5), phrases)
    bnp = blank("BNP leader Nick Griffin")
    assert not repairs.is_title_fragment(Span(bnp, 0, 1), phrases)


def test_surname_index_maps_every_tail_of_a_full_name(blank):
    doc = blank("Andrés Manuel López Obrador")
    assert repairs.surname_index([doc[:]]) == {
        "Andrés Manuel López Obrador": "Andrés Manuel López Obrador", "Manuel López Obrador": "Andrés Manuel López Obrador",
        "López Obrador": "Andrés Manuel López Obrador", "Obrador": "Andrés Manuel López Obrador"}


def test_selection_prefers_rules_then_length_and_keeps_the_models_leftover():
    cands = [
        Candidate(0, 5, "PERSON", "model", "model:ner"),        # "Western Hemisphere Juan Gonzalez"-style run-on
        Candidate(0, 2, "LOC", "gazetteer", "rule:gazetteer", "wh"),
        Candidate(7, 9, "PERSON", "model", "model:ner"),
        Candidate(7, 8, "GPE", "model", "model:ner"),
    ]
    chosen = select(cands)
    assert [(c.start, c.end, c.label, c.extractor) for c in chosen] == [
        (0, 2, "LOC", "rule:gazetteer"), (2, 5, "PERSON", "model:ner+rule:overlap_rest"), (7, 9, "PERSON", "model:ner")]
    assert select(list(reversed(cands))) == chosen


def test_gazetteer_matcher_is_case_exact_and_keeps_ids(blank):
    phrases = [{"label": "AGENCY", "pattern": "State Department", "id": "us-dos"},
               {"label": "AGENCY", "pattern": "CBP", "id": "us-cbp"}]
    tokens = [{"label": "AGENCY", "pattern": [{"LOWER": "ministry"}, {"LOWER": "of"}, {"IS_TITLE": True, "OP": "+"}]}]
    matcher = GazetteerMatcher(blank, phrases, tokens)
    doc = blank("The State Department , the state department , CBP and the Ministry of Defence")
    got = [(s.text, s.label_, s.id_) for s in matcher(doc)]
    assert ("State Department", "AGENCY", "us-dos") in got and ("CBP", "AGENCY", "us-cbp") in got
    assert ("Ministry of Defence", "AGENCY", "") in got
    assert not any(text == "state department" for text, _, _ in got)


def test_title_heads():
    assert title_head("Secretary of State") == "secretary"
    assert title_head("White House border coordinator") == "coordinator"
    assert title_head("senior director for the Western Hemisphere") == "director"


def test_acronym_definitions_need_matching_initials(blank):
    doc = blank("the Economic Commission for Latin America and the Caribbean ( ECLAC ) and the Pew Research Center ( XYZ )")
    bodies = [Span(doc, 1, 9, label="AGENCY"), Span(doc, 15, 18, label="ORG")]
    assert [(s.text, doc[i].text) for s, i in find_definitions(doc, bodies)] == [
        ("Economic Commission for Latin America and the Caribbean", "ECLAC")]
