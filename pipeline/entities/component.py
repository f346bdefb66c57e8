"""The ``news_entities`` component: PERSON, AGENCY, ORG, GPE, LOC and NORP candidates.

The model's entities are repaired (see :mod:`pipeline.entities.repairs`) and
combined with gazetteer and pattern matches of real bodies and regions; one
deterministic filter (:mod:`pipeline.entities.select`) keeps the winners in
``doc.spans["news_entities"]``. Canonical names and ids are assigned later,
by ``news_mentions``, once dates and figures are known too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.annotations import ENTITIES, boilerplate_tokens
from pipeline.component import NewsComponent
from pipeline.entities import repairs
from pipeline.entities.matcher import GazetteerMatcher
from pipeline.entities.patterns import token_patterns
from pipeline.entities.select import Candidate, from_span, select
from pipeline.lexicon import Lexicon
from pipeline.lexicon.bodies import Entry
from pipeline.resources import DataFiles
from pipeline.sentences import sentence_of

# The model's labels we keep, and what they become.
MODEL_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC"}
MODEL_EXTRACTOR = "model:ner"


@dataclass(frozen=True)
class _Tables:
    """What the recogniser builds once from its data and the lexicon."""

    entries: dict[str, Entry]
    forms: dict[str, Entry]
    local_forms: dict[tuple[str, str], Entry]
    matcher: GazetteerMatcher
    title_words: frozenset[str]
    title_phrases: frozenset[str]
    org_heads: dict[str, str]
    known_surnames: frozenset[str]
    words: repairs.Words


class EntityRecogniser(NewsComponent):
    """Gazetteers + patterns + the model's NER, repaired and filtered."""

    spans_key = ENTITIES

    def __init__(self, nlp: Language, files: DataFiles, lexicon: Lexicon, scorer: Callable | None = None) -> None:
        super().__init__(files, lexicon, scorer)
        self.nlp = nlp

    def build(self) -> _Tables:
        assert self.lexicon is not None
        bodies, titles = self.lexicon.bodies, self.lexicon.titles
        patterns = token_patterns(self.files.jsonl("agency_patterns"), self.files.refs["agency_patterns"])
        return _Tables(
            entries=bodies.by_id,
            forms=bodies.forms,
            local_forms=bodies.local_forms,
            matcher=GazetteerMatcher(self.nlp, bodies.phrase_patterns(), patterns),
            title_words=titles.head_words,
            title_phrases=titles.phrases,
            org_heads={row[0].lower(): row[1] for row in self.files.tsv("org_heads")},
            known_surnames=self.lexicon.people.surnames,
            words=repairs.Words.build(self.lexicon, self.files.tsv("language_cues"), self.files.refs["language_cues"]),
        )

    def __call__(self, doc: Doc) -> Doc:
        blocked = boilerplate_tokens(doc)
        candidates = [c for c in self._gazetteer_candidates(doc) + self._model_candidates(doc)
                      if not any(i in blocked for i in range(c.start, c.end))]
        chosen = self._retype(doc, select(candidates))
        spans = []
        for cand in chosen:
            span = Span(doc, cand.start, cand.end, label=cand.label, span_id=cand.entry_id or "")
            span._.extractor = cand.extractor
            # the gazetteer's name seeds the canonical; news_mentions finishes the job
            span._.canonical = self.state.entries[cand.entry_id].name if cand.entry_id in self.state.entries else None
            spans.append(span)
        doc.spans[ENTITIES] = spans
        return doc

    def _gazetteer_candidates(self, doc: Doc) -> list[Candidate]:
        out: list[Candidate] = []
        for span in self.state.matcher(doc):
            source = "gazetteer" if span.id_ else "pattern"
            extractor = "rule:gazetteer" if span.id_ else "rule:agency_pattern"
            if source == "pattern":  # gazetteer forms are exact names, "The Associated Press" included
                span = repairs.trim(self.state.words, span)
                if span is None or repairs.is_title_fragment(span, self.state.title_phrases):
                    continue
            longer = self._longer_name(span)
            if longer is not span:
                # "Florida Supreme Court", "Mexican National Guard": the listed form is only the tail of the
                # name; the whole name is the body, and it keeps an id only if it is listed itself.
                entry = self.state.forms.get(longer.text)
                span = Span(doc, longer.start, longer.end, label=span.label_, span_id=entry.id if entry else "")
                source = "gazetteer" if entry else "pattern"
                extractor += "+rule:longer_name"
            elif span.id_:
                owned = self._owned_by_country(span)
                if owned is not None and owned.id != span.id_:
                    # "Mexico's Supreme Court" is Mexico's court, not the one the bare form defaults to
                    span = Span(doc, span.start, span.end, label=span.label_, span_id=owned.id)
                    extractor += "+rule:owner_country"
            out.append(from_span(span, source, extractor))
        return out

    def _owned_by_country(self, span: Span) -> Entry | None:
        doc = span.doc
        if span.start < 2 or doc[span.start - 1].text not in self.state.words.possessives:
            return None
        owner_start = span.start - 2
        while owner_start > 0 and doc[owner_start - 1].ent_type_ == "GPE" and doc[owner_start - 1].ent_iob_ != "O":
            owner_start -= 1
        country = self.state.words.country_code(doc[owner_start:span.start - 1].text)
        return self.state.local_forms.get((country, span.text)) if country else None

    def _longer_name(self, span: Span) -> Span:
        """The proper name that ends with this match and starts before it, if the model or a nationality says so."""
        doc = span.doc
        if span.label_ not in ("AGENCY", "ORG"):
            return span
        start = span.start
        for ent in doc.ents:
            if ent.label_ in ("ORG", "FAC", "NORP", "GPE") and ent.start < span.start < ent.end and ent.end >= span.end:
                start = ent.start
                break
        while start < span.start and (doc[start].lower_ in self.state.words.determiners or not doc[start].text[:1].isupper()
                                      or doc[start].text in self.state.words.possessives):
            start += 1
        if any(doc[i].text in self.state.words.possessives or not doc[i].text[:1].isupper() for i in range(start, span.start)):
            start = span.start
        if start < span.start:
            return Span(doc, start, span.end, label=span.label_)
        return _with_nationality_prefix(span, self.state.words.country_code)

    def _model_candidates(self, doc: Doc) -> list[Candidate]:
        out: list[Candidate] = []
        foreign = {sent.start for sent in doc.sents if repairs.is_foreign_sentence(self.state.words, sent)} if doc.has_annotation("SENT_START") else set()
        for ent in doc.ents:
            label = MODEL_LABELS.get(ent.label_)
            if label is None:
                continue
            sent_start = sentence_of(doc, ent.start).start
            for part in repairs.split_possessive(self.state.words, ent):
                for piece in repairs.split_at_separators(part):
                    piece = repairs.trim(self.state.words, piece)
                    if piece is None or repairs.is_handle_or_code(piece):
                        continue
                    if piece.label_ in ("PERSON", "ORG", "FAC") and sent_start in foreign:
                        continue
                    if piece.label_ in ("ORG", "FAC"):
                        cut = repairs.title_fragment_start(piece, self.state.title_phrases)
                        if cut == piece.start:
                            continue
                        if cut is not None:  # "Mexico Foreign Affairs [Secretary]": the country before the title stays
                            piece = Span(doc, piece.start, cut, label="GPE" if self.state.words.country_code(doc[piece.start:cut].text) else piece.label_)
                    if piece.label_ == "PERSON" and not repairs.is_name_like(piece):
                        continue
                    out.append(Candidate(piece.start, piece.end, piece.label_, "model", MODEL_EXTRACTOR))
        return out

    def _retype(self, doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
        """Fix labels with document-level evidence: known surnames, titles before names, places after "in"."""
        taken = {i for c in chosen for i in range(c.start, c.end)}
        chosen = [self._extend_person(doc, c, taken) if c.label == "PERSON" and c.source == "model" else c for c in chosen]
        persons = [Span(doc, c.start, c.end) for c in chosen if c.label == "PERSON"]
        surnames = repairs.surname_index(persons)
        code = self.state.words.country_code
        out: list[Candidate] = []
        for cand in chosen:
            if cand.source != "model":
                out.append(cand)
                continue
            span = repairs.trim(self.state.words, Span(doc, cand.start, cand.end, label=cand.label))
            if span is None:
                continue
            cand = Candidate(span.start, span.end, cand.label, cand.source, cand.extractor, cand.entry_id)
            label, extractor = cand.label, cand.extractor
            if label == "PERSON" and code(span.text) is not None:
                label, extractor = "GPE", extractor + "+rule:country"
            elif label in ("ORG", "GPE", "PERSON") and repairs.is_adjectival_nationality(span):
                label, extractor = "NORP", extractor + "+rule:nationality"  # "Guatemalan" tagged ORG
            elif label == "ORG" and self.state.org_heads.get(span[-1].lower_) == "not_org":
                continue  # "Los Angeles Declaration": a document, not an organisation
            elif label == "ORG" and span[-1].lower_ in self.state.title_words:
                continue  # "National Security Spokesperson": a title, not a body
            elif label == "ORG" and _agency_shaped(span, self.state.org_heads):
                label, extractor = "AGENCY", extractor + "+rule:agency_head"
            elif label in ("ORG", "GPE", "LOC", "FAC") and _before_administration(span, code):
                label, extractor = "PERSON", extractor + "+rule:person_repair"
            elif label in ("ORG", "GPE", "LOC", "FAC") and code(span.text) is None and (
                span.text in surnames
                or span.text in self.state.known_surnames
                or (repairs.is_name_like(span) and repairs.preceded_by_person_cue(self.state.words, span, self.state.title_words))
            ):
                label, extractor = "PERSON", extractor + "+rule:person_repair"
            elif label == "PERSON" and len(span) == 1 and _after_place_preposition(span):
                label, extractor = "GPE", extractor + "+rule:place_repair"
            elif label == "FAC":
                if len(span) < 2 or not repairs.is_name_like(span):
                    continue
                label, extractor = "PERSON", extractor + "+rule:person_repair"
            out.append(Candidate(cand.start, cand.end, label, cand.source, extractor, cand.entry_id))
        taken = {i for c in out for i in range(c.start, c.end)}
        final_surnames = repairs.surname_index([Span(doc, c.start, c.end) for c in out if c.label == "PERSON"])
        for cand in _surname_mentions(doc, final_surnames, taken):
            out.append(self._extend_person(doc, cand, taken))
            taken.update(range(out[-1].start, out[-1].end))
        return sorted(out, key=lambda c: (c.start, c.end))

    def _extend_person(self, doc: Doc, cand: Candidate, taken: set[int]) -> Candidate:
        span = Span(doc, cand.start, cand.end)
        grown = repairs.extend_person(self.state.words, span, taken - set(range(cand.start, cand.end)), self.state.title_words)
        if (grown.start, grown.end) == (cand.start, cand.end):
            return cand
        taken.update(range(grown.start, grown.end))
        return Candidate(grown.start, grown.end, cand.label, cand.source, cand.extractor + "+rule:name_extension", cand.entry_id)


def _surname_mentions(doc: Doc, surnames: dict[str, str], taken: set[int]) -> list[Candidate]:
    """A surname the model missed ("[AP Photo] Jacobson will ...") of a person named in full elsewhere in the document."""
    out = []
    for tok in doc:
        if tok.i in taken or not tok.is_title or tok.pos_ != "PROPN" or tok.text not in surnames:
            continue
        if " " in surnames[tok.text] and tok.text != surnames[tok.text]:
            out.append(Candidate(tok.i, tok.i + 1, "PERSON", "repair", "rule:surname"))
    return out


def _agency_shaped(span: Span, heads: dict[str, str]) -> bool:
    """An organisation named like a government body: "Mexican Foreign Ministry", "Department of Labor"."""
    words = [t.lower_ for t in span if t.is_alpha]
    if not words:
        return False
    return heads.get(words[-1]) in ("agency", "agency_any") or heads.get(words[0]) == "agency_any"


def _before_administration(span: Span, code: Callable[[str], str | None]) -> bool:
    """"the Trump administration": a one-word name before "administration" is a person."""
    doc = span.doc
    return (len(span) == 1 and span.end < len(doc) and doc[span.end].lower_ == "administration"
            and span[0].is_title and span[0].pos_ == "PROPN" and code(span.text) is None)


def _after_place_preposition(span: Span) -> bool:
    prev = span.doc[span.start - 1] if span.start else None
    return prev is not None and prev.lower_ in ("in", "at", "near", "outside") and span[0].dep_ == "pobj"


def _with_nationality_prefix(span: Span, code: Callable[[str], str | None]) -> Span:
    """``Mexican`` + ``National Guard``: a nationality fused into a body's name stays in it."""
    if span.start == 0:
        return span
    prev = span.doc[span.start - 1]
    nationality = prev.ent_type_ == "NORP" or code(prev.text) is not None or repairs.looks_like_nationality(prev)
    if nationality and prev.text[:1].isupper() and (span.start < 2 or span.doc[span.start - 2].text not in ("’s", "'s")):
        return Span(span.doc, span.start - 1, span.end, label=span.label_, span_id=span.id_)
    return span


@Language.factory(
    "news_entities",
    default_config={
        "agency_patterns": "models:entities/agency_patterns.jsonl",
        "org_heads": "models:entities/org_heads.tsv",
        "language_cues": "models:entities/language_cues.tsv",
        "lexicon": {"@misc": "newsfacts.lexicon.v1"},
        "scorer": {"@scorers": "newsfacts.spans_scorer.v1"},
    },
    # token.pos is read too, but the base model's attribute_ruler, which sets it, declares no assigns
    requires=["doc.ents", "token.dep", "token.ent_type", "token.ent_iob", "token.is_sent_start"],
    assigns=["doc.spans", "span._.extractor", "span._.canonical"],
)
def make_entities(nlp: Language, name: str, agency_patterns: str, org_heads: str, language_cues: str,
                  lexicon: Lexicon, scorer: Callable | None) -> EntityRecogniser:
    files = DataFiles({"agency_patterns": agency_patterns, "org_heads": org_heads, "language_cues": language_cues})
    return EntityRecogniser(nlp, files, lexicon, scorer)
