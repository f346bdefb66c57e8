"""The ``news_entities`` component: PERSON, AGENCY, ORG, GPE, LOC and NORP candidates.

The model's entities are repaired (see :mod:`pipeline.entities.repairs`) and
combined with gazetteer and pattern matches of real bodies and regions; one
deterministic filter (:mod:`pipeline.entities.select`) keeps the winners in
``doc.spans["news_entities"]``. Canonical names and ids are assigned later,
by ``news_mentions``, once dates and figures are known too.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401
from pipeline.entities import repairs
from pipeline.entities.select import Candidate, from_span, select
from pipeline.gazetteers import Entry, load_entries, phrase_patterns, token_patterns
from pipeline.entities.titles import title_head_words

SPAN_KEY = "news_entities"
BOILERPLATE_KEY = "news_boilerplate"
# The model's labels we keep, and what they become.
MODEL_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC"}
MODEL_EXTRACTOR = "model:ner"


class EntityRecogniser:
    """Gazetteers + patterns + the model's NER, repaired and filtered."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        agencies: str,
        organisations: str,
        places: str,
        agency_patterns: str,
        titles: str,
    ) -> None:
        entries: list[Entry] = []
        for ref in (agencies, organisations, places):
            entries.extend(load_entries(ref))
        self.entries = {entry.id: entry for entry in entries}
        self.ruler = SpanRuler(nlp, name=f"{name}_ruler", spans_key=None, annotate_ents=False, validate=True)
        self.ruler.add_patterns(phrase_patterns(entries) + token_patterns(agency_patterns))
        self.title_words = frozenset(title_head_words(titles))

    def __call__(self, doc: Doc) -> Doc:
        blocked = _boilerplate_tokens(doc)
        candidates = [c for c in self._gazetteer_candidates(doc) + self._model_candidates(doc)
                      if not any(i in blocked for i in range(c.start, c.end))]
        chosen = self._retype(doc, select(candidates))
        spans = []
        for cand in chosen:
            span = Span(doc, cand.start, cand.end, label=cand.label, span_id=cand.entry_id or "")
            span._.extractor = cand.extractor
            # the gazetteer's name seeds the canonical; news_mentions finishes the job
            span._.canonical = self.entries[cand.entry_id].name if cand.entry_id in self.entries else None
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc

    def _gazetteer_candidates(self, doc: Doc) -> list[Candidate]:
        out: list[Candidate] = []
        for span in self.ruler.match(doc):
            source = "gazetteer" if span.id_ else "pattern"
            extractor = "rule:gazetteer" if span.id_ else "rule:agency_pattern"
            span = repairs.trim(span)
            if span is None or (source == "pattern" and repairs.is_title_fragment(span, self.title_words)):
                continue
            span = _with_nationality_prefix(span) if span.label_ == "AGENCY" else span
            out.append(from_span(span, source, extractor))
        return out

    def _model_candidates(self, doc: Doc) -> list[Candidate]:
        out: list[Candidate] = []
        foreign = {sent.start for sent in doc.sents if repairs.is_foreign_sentence(sent)} if doc.has_annotation("SENT_START") else set()
        for ent in doc.ents:
            label = MODEL_LABELS.get(ent.label_)
            if label is None:
                continue
            sent_start = ent.sent.start if doc.has_annotation("SENT_START") else 0
            for part in repairs.split_possessive(ent):
                for piece in repairs.split_slash(part) if "/" in part.text else [part]:
                    piece = repairs.trim(piece)
                    if piece is None or repairs.is_handle_or_code(piece):
                        continue
                    if piece.label_ in ("PERSON", "ORG", "FAC") and sent_start in foreign:
                        continue
                    if piece.label_ in ("ORG", "FAC") and repairs.is_title_fragment(piece, self.title_words):
                        continue
                    if piece.label_ == "PERSON" and not repairs.is_name_like(piece):
                        continue
                    out.append(Candidate(piece.start, piece.end, piece.label_, "model", MODEL_EXTRACTOR))
        return out

    def _retype(self, doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
        """Fix labels with document-level evidence: known surnames, titles before names, places after "in"."""
        persons = [Span(doc, c.start, c.end) for c in chosen if c.label == "PERSON"]
        surnames = repairs.surname_index(persons)
        taken = {i for c in chosen for i in range(c.start, c.end)}
        out: list[Candidate] = []
        for cand in chosen:
            if cand.source != "model":
                out.append(cand)
                continue
            span = Span(doc, cand.start, cand.end, label=cand.label)
            label, extractor = cand.label, cand.extractor
            if label in ("ORG", "GPE", "LOC", "FAC") and (
                span.text in surnames
                or (repairs.is_name_like(span) and repairs.preceded_by_person_cue(span, self.title_words))
            ):
                label, extractor = "PERSON", extractor + "+rule:person_repair"
            elif label == "PERSON" and len(span) == 1 and _after_place_preposition(span):
                label, extractor = "GPE", extractor + "+rule:place_repair"
            elif label == "FAC":
                if len(span) < 2 or not repairs.is_name_like(span):
                    continue
                label, extractor = "PERSON", extractor + "+rule:person_repair"
            start, end = cand.start, cand.end
            if label == "PERSON":
                grown = repairs.extend_person(span, taken - set(range(start, end)), self.title_words)
                if (grown.start, grown.end) != (start, end):
                    start, end = grown.start, grown.end
                    taken.update(range(start, end))
                    extractor += "+rule:name_extension"
            out.append(Candidate(start, end, label, cand.source, extractor, cand.entry_id))
        return out


def _after_place_preposition(span: Span) -> bool:
    prev = span.doc[span.start - 1] if span.start else None
    return prev is not None and prev.lower_ in ("in", "at", "near", "outside") and span[0].dep_ == "pobj"


def _with_nationality_prefix(span: Span) -> Span:
    """``Mexican`` + ``National Guard``: a nationality fused into a body's name stays in it."""
    if span.start == 0:
        return span
    prev = span.doc[span.start - 1]
    if prev.ent_type_ == "NORP" and prev.text[:1].isupper() and prev.ent_iob_ == "B":
        return Span(span.doc, span.start - 1, span.end, label=span.label_, span_id=span.id_)
    return span


def _boilerplate_tokens(doc: Doc) -> set[int]:
    if BOILERPLATE_KEY not in doc.spans:
        return set()
    return {i for span in doc.spans[BOILERPLATE_KEY] for i in range(span.start, span.end)}


@Language.factory(
    "news_entities",
    default_config={
        "agencies": "models:gazetteers/agencies.jsonl",
        "organisations": "models:gazetteers/organisations.jsonl",
        "places": "models:gazetteers/places.jsonl",
        "agency_patterns": "models:patterns/agency_patterns.jsonl",
        "titles": "models:patterns/titles.jsonl",
    },
    requires=["doc.ents", "token.dep", "token.pos"],
    assigns=["doc.spans"],
)
def make_entities(
    nlp: Language,
    name: str,
    agencies: str,
    organisations: str,
    places: str,
    agency_patterns: str,
    titles: str,
) -> EntityRecogniser:
    return EntityRecogniser(nlp, name, agencies, organisations, places, agency_patterns, titles)
