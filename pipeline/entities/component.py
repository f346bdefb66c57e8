"""The ``news_entities`` component: PERSON, AGENCY, ORG, GPE, LOC and NORP candidates.

The model's entities are repaired (see :mod:`pipeline.entities.repairs`) and
combined with gazetteer and pattern matches of real bodies and regions, bare
party names (:mod:`pipeline.entities.parties`) and countries the model missed;
one deterministic filter (:mod:`pipeline.entities.select`) keeps the winners,
and the document-level typing (:mod:`pipeline.entities.consistency`) gives
every mention of a name one type, in ``doc.spans["news_entities"]``.
Canonical names and ids are assigned later, by ``news_mentions``, once dates
and figures are known too.

A model PERSON/ORG/GPE/LOC/NORP entity is never lost silently: a repair may
retype or trim it, and where a rule positively shows it is no entity of ours
(a handle, a title, a product name, a quoted foreign sentence ...), the span
goes to ``doc.spans["news_entities_dropped"]`` with the rule as its label
(one of :data:`DROP_REASONS`), so every drop is explicit and countable. The
rules that judge the chosen candidates (products, nicknamed groups, families)
record what they drop whatever its source, since a gazetteer match may have
won the model's entity before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from pipeline.annotations import ENTITIES, ENTITIES_DROPPED, boilerplate_tokens, doc_text
from pipeline.component import NewsComponent
from pipeline.entities import consistency, repairs
from pipeline.entities.cues import (
    LazyDocWords,
    after_place_preposition,
    agency_shaped,
    before_administration,
    common_word_opening,
    country_matcher,
    hyphenated_end,
    is_plural_title,
    nationality_test,
    portfolio_before_title,
    surname_mentions,
    with_nationality_prefix,
)
from pipeline.entities.evidence import MODEL_CODE_RE, Evidence, positions
from pipeline.entities.matcher import GazetteerMatcher
from pipeline.entities.parties import PartyMatcher, load_usage, party_forms
from pipeline.entities.patterns import token_patterns
from pipeline.entities.select import Candidate, from_span, select
from pipeline.lexicon import Lexicon
from pipeline.lexicon.bodies import Entry
from pipeline.resources import DataFiles
from pipeline.sentences import sentence_of

# The model's labels we keep, and what they become.
MODEL_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC"}
MODEL_EXTRACTOR = "model:ner"
CAMEL_RE = re.compile(r"^[a-z][A-Z][A-Za-z]*$")  # "iPod", "eBay": a name, though it starts in lower case
# Where the model entities no rule keeps are recorded, labelled with the rule that dropped them.
DROPPED = ENTITIES_DROPPED
DROP_REASONS = {
    "boilerplate": "inside a donation appeal, disclaimer or other boilerplate block",
    "foreign_sentence": "a person or organisation in a quoted sentence in another language",
    "handle_or_code": "a social-media handle, hashtag, code (COVID-19) or bare amount",
    "punctuation": "nothing but determiners, possessives and punctuation",
    "lower_case": "no capitalised word: a common word ('china' patterns, \"n’t\")",
    "title": "a title of office, not a body ('Homeland Security' of 'Homeland Security Secretary', 'MPs')",
    "not_name": "a PERSON that is not written like a name",
    "not_org": "a document or programme, not an organisation ('Los Angeles Declaration')",
    "facility": "a one-word or unnamed facility",
    "product": "(part of) a product's name ('the Honda Civic hatchback', 'Airbus A380')",
    "named_group": "the nickname of a group of people ('the Birmingham Six')",
    "family": "a surname used for a family ('the Kennedy and Bush families')",
    "common_word": "a common word opening a headline or sentence that the text also uses in lower case ('Hunt ban')",
}


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
    evidence: Evidence
    parties: PartyMatcher
    typing: consistency.Context
    countries: PhraseMatcher
    org_noun_keys: frozenset[int]  # string-store hashes of the organisation nouns, for a fast scan


class _Drops:
    """The model entities the rules dropped, with the rule: written to ``doc.spans[DROPPED]``."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int, str]] = []

    def __call__(self, start: int, end: int, reason: str) -> None:
        assert reason in DROP_REASONS, reason
        self.spans.append((start, end, reason))


class _Counts:
    """How many of a set of token indices fall in [start, end), in constant time (prefix sums):
    candidates can be as long as the document, and there can be one per token."""

    def __init__(self, length: int, marked: frozenset[int] | set[int]) -> None:
        self.before = [0] * (length + 1)
        if marked:
            for i in range(length):
                self.before[i + 1] = self.before[i] + (i in marked)
        self.empty = not marked

    def any(self, start: int, end: int) -> bool:
        return not self.empty and self.before[end] > self.before[start]


class _NameRuns:
    """Per-document answers for ``_longer_name``, each in constant time.

    A pattern or gazetteer match inside a longer model entity ("Florida [Supreme Court]") grows back to
    the entity's first capitalised word, when every word from there on is capitalised and none is a
    possessive. Every match in a long run of capitalised words asks this, so the scans are done once
    per document here, not once per match (that was quadratic in the run's length)."""

    def __init__(self, doc: Doc, ents: list[Span], words: repairs.Words) -> None:
        self.doc = doc
        self.string = doc_text(doc)
        self.ent_at: dict[int, Span] = {}
        for ent in ents:
            if ent.label_ in ("ORG", "FAC", "NORP", "GPE"):
                for i in range(ent.start, ent.end):
                    self.ent_at.setdefault(i, ent)  # the first entity holding the token, as the scan found it
        bad = [tok.text in words.possessives or not tok.text[:1].isupper() for tok in doc]
        self.bad = _Counts(len(doc), {i for i, b in enumerate(bad) if b})
        self.skip = [b or tok.lower_ in words.determiners for b, tok in zip(bad, doc)]
        self.first_word: dict[int, int] = {}
        self.texts: dict[tuple[int, int], str] = {}

    def name_start(self, span: Span) -> int:
        """Where the longer name holding ``span`` starts: ``span.start`` if there is none."""
        ent = self.ent_at.get(span.start)
        if ent is None or not (ent.start < span.start and ent.end >= span.end):
            return span.start
        if ent.start not in self.first_word:  # past determiners, lower-case words and possessives
            first = ent.start
            while first < ent.end and self.skip[first]:
                first += 1
            self.first_word[ent.start] = first
        start = self.first_word[ent.start]
        if start >= span.start or self.bad.any(start, span.start):
            return span.start
        return start

    def text(self, start: int, end: int) -> str:
        """``doc[start:end].text``, cached, from the document's string (Span.text and Doc.text join every token)."""
        if (start, end) not in self.texts:
            self.texts[(start, end)] = self.string[self.doc[start].idx:self.doc[end - 1].idx + len(self.doc[end - 1])]
        return self.texts[(start, end)]


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
        evidence = Evidence.build(self.files.tsv("type_evidence"), self.files.refs["type_evidence"],
                                  self.lexicon.words("clitic"))
        words = repairs.Words.build(self.lexicon, self.files.tsv("language_cues"), self.files.refs["language_cues"])
        usage = load_usage(self.files.tsv("party_usage"), self.files.refs["party_usage"])
        places = self.lexicon.places
        return _Tables(
            entries=bodies.by_id,
            forms=bodies.forms,
            local_forms=bodies.local_forms,
            matcher=GazetteerMatcher(self.nlp, bodies.phrase_patterns(), patterns),
            title_words=titles.head_words,
            title_phrases=titles.phrases,
            org_heads={row[0].lower(): row[1] for row in self.files.tsv("org_heads")},
            known_surnames=self.lexicon.people.surnames,
            words=words,
            evidence=evidence,
            parties=PartyMatcher(self.nlp, party_forms(self.lexicon, usage), titles.head_words, titles.phrases,
                                 words.title_modifiers, words.possessives),
            typing=consistency.Context(evidence, words, bodies.by_id, titles.head_words, self.lexicon.people.surnames,
                                       places.is_known_place, nationality_test(self.lexicon),
                                       frozenset(self.lexicon.countries.aliases)),
            countries=country_matcher(self.nlp, self.lexicon),
            org_noun_keys=frozenset(hash_string(w) for w in evidence.org_noun),
        )

    def __call__(self, doc: Doc) -> Doc:
        blocked = boilerplate_tokens(doc)
        drop = _Drops()
        candidates = []
        ents = list(doc.ents)
        extra = self.state.parties(doc, ents) + self._suffix_names(ents) + self._described_names(doc, ents) \
            + self._countries(doc, ents)
        in_block = _Counts(len(doc), blocked)
        # dict.fromkeys: a run of capitalised words gives the same candidate from many pattern matches
        for cand in dict.fromkeys(self._gazetteer_candidates(doc, ents) + self._model_candidates(doc, ents, drop) + extra):
            if in_block.any(cand.start, cand.end):
                if cand.source == "model":
                    drop(cand.start, cand.end, "boilerplate")
                continue
            candidates.append(cand)
        chosen = self._retype(doc, select(candidates), drop)
        chosen = consistency.apply(doc, chosen, self.state.typing, blocked, drop, ents)
        chosen = self._add_surname_mentions(doc, chosen, blocked)
        chosen = self._drop_non_referents(doc, chosen, drop)
        spans = []
        for cand in chosen:
            span = Span(doc, cand.start, cand.end, label=cand.label, span_id=cand.entry_id or "")
            span._.extractor = cand.extractor
            # the gazetteer's name seeds the canonical; news_mentions finishes the job
            span._.canonical = self.state.entries[cand.entry_id].name if cand.entry_id in self.state.entries else None
            spans.append(span)
        doc.spans[ENTITIES] = spans
        doc.spans[DROPPED] = [Span(doc, s, e, label=reason) for s, e, reason in sorted(set(drop.spans))]
        return doc

    def _gazetteer_candidates(self, doc: Doc, ents: list[Span]) -> list[Candidate]:
        out: list[Candidate] = []
        names = _NameRuns(doc, ents, self.state.words)
        for span in self.state.matcher(doc):
            source = "gazetteer" if span.id_ else "pattern"
            extractor = "rule:gazetteer" if span.id_ else "rule:agency_pattern"
            if source == "pattern":  # gazetteer forms are exact names, "The Associated Press" included
                span = repairs.trim(self.state.words, span)
                if span is None or repairs.is_title_fragment(span, self.state.title_phrases):
                    continue
            longer = self._longer_name(span, names)
            if longer is not span:
                # "Florida Supreme Court", "Mexican National Guard": the listed form is only the tail of the
                # name; the whole name is the body, and it keeps an id only if it is listed itself.
                entry = self.state.forms.get(names.text(longer.start, longer.end))
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

    def _longer_name(self, span: Span, names: _NameRuns) -> Span:
        """The proper name that ends with this match and starts before it, if the model or a nationality says so."""
        if span.label_ not in ("AGENCY", "ORG"):
            return span
        start = names.name_start(span)
        if start < span.start:
            return Span(span.doc, start, span.end, label=span.label_)
        return with_nationality_prefix(span, self.state.words.country_code)

    def _model_candidates(self, doc: Doc, ents: list[Span], drop: _Drops) -> list[Candidate]:
        out: list[Candidate] = []
        words = self.state.words
        foreign = {sent.start for sent in doc.sents if repairs.is_foreign_sentence(words, sent)} if doc.has_annotation("SENT_START") else set()
        for ent in ents:
            label = MODEL_LABELS.get(ent.label_)
            if label is None:
                continue
            sent_start = sentence_of(doc, ent.start).start
            for part in repairs.split_possessive(words, ent):
                product = False
                for raw in repairs.split_at_separators(part):
                    piece = repairs.trim(words, raw)
                    if piece is None:
                        drop(raw.start, raw.end, "punctuation")
                        continue
                    if product or (piece.label_ != "GPE" and self.state.evidence.product(piece) == "name"
                                   and MODEL_CODE_RE.match(piece[-1].text)):
                        product = True  # "Land Rover LR3/Defender": the models after the slash too
                        drop(piece.start, piece.end, "product")
                        continue
                    if len(raw) < len(part) and self.state.typing.is_country(piece.text):
                        piece = Span(doc, piece.start, piece.end, label="GPE")  # "OutKast⏎⏎US rap duo": a country
                    if repairs.is_handle_or_code(piece):
                        drop(piece.start, piece.end, "handle_or_code")
                        continue
                    if not any(t.text[:1].isupper() or CAMEL_RE.match(t.text) for t in piece):
                        drop(piece.start, piece.end, "lower_case")  # "china patterns", "won’t" → "n’t"
                        continue
                    if piece.label_ in ("PERSON", "ORG", "FAC") and sent_start in foreign:
                        drop(piece.start, piece.end, "foreign_sentence")
                        continue
                    if piece.label_ in ("ORG", "FAC"):
                        cut = repairs.title_fragment_start(piece, self.state.title_phrases)
                        if cut == piece.start or portfolio_before_title(piece, self.state.org_heads, words.country_code):
                            drop(piece.start, piece.end, "title")
                            continue
                        if cut is not None:  # "Mexico Foreign Affairs [Secretary]": the country before the title stays
                            piece = Span(doc, piece.start, cut, label="GPE" if words.country_code(doc[piece.start:cut].text) else piece.label_)
                    if piece.label_ == "PERSON":
                        piece = repairs.cut_person_tail(words, piece)
                        piece = repairs.strip_title(words, piece, self.state.title_words, self.state.title_phrases)
                        if not repairs.is_name_like(piece, words.particles):
                            drop(piece.start, piece.end, "not_name")
                            continue
                    out.append(Candidate(piece.start, piece.end, piece.label_, "model", MODEL_EXTRACTOR))
        return out

    def _retype(self, doc: Doc, chosen: list[Candidate], drop: _Drops) -> list[Candidate]:
        """Fix labels with document-level evidence: known surnames, titles before names, places after "in"."""
        taken = {i for c in chosen for i in range(c.start, c.end)}
        chosen = [self._extend_person(doc, c, taken) if c.label == "PERSON" and c.source == "model" else c for c in chosen]
        persons = [Span(doc, c.start, c.end) for c in chosen if c.label == "PERSON"]
        surnames = repairs.surname_index(persons)
        code = self.state.words.country_code
        index = LazyDocWords(doc)
        out: list[Candidate] = []
        for cand in chosen:
            if cand.source != "model":
                out.append(cand)
                continue
            span = repairs.trim(self.state.words, Span(doc, cand.start, cand.end, label=cand.label))
            if span is None:
                drop(cand.start, cand.end, "punctuation")
                continue
            cand = Candidate(span.start, span.end, cand.label, cand.source, cand.extractor, cand.entry_id)
            label, extractor = cand.label, cand.extractor
            if label != "PERSON" and len(span) > 1 and span[0].lower_ in self.state.words.honorifics \
                    and repairs.is_name_like(span[1:], self.state.words.particles):
                span = span[1:]  # "Mr Ebbers" tagged ORG: a person, without the honorific
                cand = Candidate(span.start, span.end, "PERSON", cand.source, cand.extractor, cand.entry_id)
                label, extractor = "PERSON", extractor + "+rule:honorific"
            if label == "PERSON" and "rule:overlap_rest" in extractor and span.end < len(doc) \
                    and doc[span.end].is_lower and doc[span.end].lower_ in self.state.title_words:
                drop(span.start, span.end, "title")  # "[Lib Dem] Home Affairs spokesman": a portfolio, not a name
                continue
            if label in ("PERSON", "ORG") and common_word_opening(span, self.state.words, surnames, index):
                drop(span.start, span.end, "common_word")  # "Hunt ban support ...", where the text says "hunting"
                continue
            if label == "PERSON" and code(span.text) is not None and span.text not in surnames:
                label, extractor = "GPE", extractor + "+rule:country"
            elif label in ("NORP", "ORG") and self.state.typing.is_country(span.text) \
                    and self.lexicon.countries.of_nationality(span.text) is None:
                label, extractor = "GPE", extractor + "+rule:country"  # "Sri Lanka and the Maldives" tagged NORP/ORG
            elif label in ("ORG", "GPE", "PERSON") and repairs.is_adjectival_nationality(span):
                label, extractor = "NORP", extractor + "+rule:nationality"  # "Guatemalan" tagged ORG
            elif label == "ORG" and self.state.org_heads.get(span[-1].lower_) == "not_org":
                drop(span.start, span.end, "not_org")  # "Los Angeles Declaration": a document, not an organisation
                continue
            elif label == "ORG" and agency_shaped(span, self.state.org_heads):
                label, extractor = "AGENCY", extractor + "+rule:agency_head"  # "the Cabinet", "the Senate"
            elif label == "ORG" and ((span[-1].lower_ in self.state.title_words and not hyphenated_end(span))
                                     or is_plural_title(span, self.state.title_words)):
                drop(span.start, span.end, "title")  # "National Security Spokesperson", "MPs": a title, not a body
                continue
            elif label in ("ORG", "GPE", "LOC", "FAC") and before_administration(span, code):
                label, extractor = "PERSON", extractor + "+rule:person_repair"
            elif label in ("ORG", "GPE", "LOC", "FAC") and code(span.text) is None and (
                span.text in surnames
                or span.text in self.state.known_surnames
                or (repairs.is_name_like(span) and repairs.preceded_by_person_cue(self.state.words, span, self.state.title_words))
            ):
                label, extractor = "PERSON", extractor + "+rule:person_repair"
            elif label == "PERSON" and len(span) == 1 and after_place_preposition(span):
                label, extractor = "GPE", extractor + "+rule:place_repair"
            elif label == "FAC" and len(span) == 1 and span[0].pos_ != "ADJ" and self.lexicon.places.is_known_place(span.text):
                label, extractor = "GPE", extractor + "+rule:place_repair"  # "the Vatican", "Guantanamo"
            elif label == "FAC":
                if len(span) < 2 or not repairs.is_name_like(span):
                    drop(span.start, span.end, "facility")
                    continue
                label, extractor = "PERSON", extractor + "+rule:person_repair"
            out.append(Candidate(cand.start, cand.end, label, cand.source, extractor, cand.entry_id))
        return sorted(out, key=lambda c: (c.start, c.end))

    def _drop_non_referents(self, doc: Doc, chosen: list[Candidate], drop: _Drops) -> list[Candidate]:
        """Nicknamed groups ("the Birmingham Six") and families ("the Kennedy family") are no mentions."""
        out = []
        for cand in chosen:
            if cand.source in ("model", "repair") and cand.label in ("PERSON", "ORG"):
                reason = self.state.evidence.not_a_referent(Span(doc, cand.start, cand.end, label=cand.label))
                if reason is not None:
                    drop(cand.start, cand.end, reason)
                    continue
            out.append(cand)
        return out

    def _suffix_names(self, ents: list[Span]) -> list[Candidate]:
        """"Welsh" + "Museum", "Bavarian" + "Bank": the model cut an organisation's name before the word that
        makes it one (a corporate or institutional suffix); the nationality or place and the suffix are the
        organisation's name."""
        out = []
        for prev, ent in zip(ents, ents[1:]):
            if (prev.end == ent.start and len(ent) == 1 and ent.label_ in ("PERSON", "ORG", "FAC", "GPE")
                    and prev.label_ in ("NORP", "GPE") and len(prev) <= 2 and ent[0].lower_ in self.state.evidence.org_suffix
                    and ent[0].is_title and prev[0].text[:1].isupper() and not ent[0].is_sent_start):
                out.append(Candidate(prev.start, ent.end, "ORG", "repair", "rule:org_suffix_name"))
        return out

    def _described_names(self, doc: Doc, ents: list[Span]) -> list[Candidate]:
        """"the Daily Mirror newspaper", "Vanity Fair magazine", "the Acme company": capitalised words before
        a company or media noun name the organisation, unless they are a place or nationality the model saw
        whole ("the New York newspaper", "a US bank")."""
        out = []
        for i in positions(doc, LOWER, self.state.org_noun_keys):
            tok = doc[i]
            if not (tok.pos_ == "NOUN" and tok.is_lower) or tok.i == 0:
                continue
            start = tok.i
            while (start > 0 and tok.i - start < 4 and doc[start - 1].pos_ in ("PROPN", "NOUN") and doc[start - 1].is_alpha
                   and doc[start - 1].text[:1].isupper() and doc[start - 1].head.i in range(start, tok.i + 1)
                   and doc[start - 1].dep_ in ("compound", "nmod")):
                start -= 1
            if start == tok.i or doc[start].is_sent_start or (start > 0 and "\n" in doc[start - 1].text):
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.pos_ == "PROPN":
                continue  # "Aid charity Oxfam": the noun describes the name after it
            run = doc[start:tok.i]
            inside = [ent for ent in ents if ent.start < run.end and run.start < ent.end]
            if any(((ent.start, ent.end) == (run.start, run.end) and ent.label_ == "ORG")
                   or ent.label_ in ("PERSON", "NORP", "DATE")
                   or ent.start < run.start or ent.end > run.end for ent in inside):
                continue  # the model's own organisation, a person, a nationality or a date ("the Trump company")
            if self.state.words.country_code(run.text) or self.lexicon.places.is_known_place(run.text):
                continue
            out.append(Candidate(run.start, run.end, "ORG", "repair", "rule:org_description"))
        return out

    def _countries(self, doc: Doc, ents: list[Span]) -> list[Candidate]:
        """Countries the model missed ("Sri Lanka and the Seychelles"), as weak candidates: the model's own
        entities win over them, and a country name inside a longer name ("Jordan Henderson"), or that is the
        surname of a person of the document ("Michael Jordan"), is left alone."""
        out = []
        matches = self.state.countries(doc)
        if not matches:
            return out
        in_model = {i for ent in ents for i in range(ent.start, ent.end)}
        tails = {ent[-1].text for ent in ents if ent.label_ == "PERSON" and len(ent) > 1}
        for _, start, end in matches:
            span = doc[start:end]
            if any(i in in_model for i in range(start, end)) or span.text in tails:
                continue
            before = doc[start - 1] if start > 0 else None
            after = doc[end] if end < len(doc) else None
            if (after is not None and after.is_alpha and after.text[:1].isupper()) or (
                    before is not None and before.is_alpha and before.text[:1].isupper() and not span[0].is_sent_start):
                continue
            if (before is not None and before.text in self.state.words.particles and start > 1
                    and doc[start - 2].text[:1].isupper()):
                continue  # "Stade de France": the end of a longer name
            out.append(Candidate(start, end, "GPE", "lexicon", "rule:country_name"))
        return out

    def _add_surname_mentions(self, doc: Doc, chosen: list[Candidate], blocked: frozenset[int]) -> list[Candidate]:
        """Surnames the model missed of people named in full, except names the document types otherwise."""
        out = list(chosen)
        taken = {i for c in out for i in range(c.start, c.end)} | set(blocked)
        final_surnames = repairs.surname_index([Span(doc, c.start, c.end) for c in out if c.label == "PERSON"])
        other = {doc[c.start:c.end].text for c in out if c.label != "PERSON"}
        for name in other:
            final_surnames.pop(name, None)
        for cand in surname_mentions(doc, final_surnames, taken):
            out.append(self._extend_person(doc, cand, taken))
            taken.update(range(out[-1].start, out[-1].end))
        return sorted(out, key=lambda c: (c.start, c.end))

    def _extend_person(self, doc: Doc, cand: Candidate, taken: set[int]) -> Candidate:
        span = Span(doc, cand.start, cand.end)
        grown = repairs.extend_person(self.state.words, span, taken - set(range(cand.start, cand.end)), self.state.title_words)
        grown = repairs.strip_title(self.state.words, grown, self.state.title_words, self.state.title_phrases)
        if (grown.start, grown.end) == (cand.start, cand.end):
            return cand
        taken.update(range(grown.start, grown.end))
        return Candidate(grown.start, grown.end, cand.label, cand.source, cand.extractor + "+rule:name_extension", cand.entry_id)


@Language.factory(
    "news_entities",
    default_config={
        "agency_patterns": "models:entities/agency_patterns.jsonl",
        "org_heads": "models:entities/org_heads.tsv",
        "language_cues": "models:entities/language_cues.tsv",
        "type_evidence": "models:entities/type_evidence.tsv",
        "party_usage": "models:entities/party_usage.tsv",
        "lexicon": {"@misc": "newsfacts.lexicon.v1"},
        "scorer": {"@scorers": "newsfacts.spans_scorer.v1"},
    },
    # token.pos is read too, but the base model's attribute_ruler, which sets it, declares no assigns
    requires=["doc.ents", "token.dep", "token.ent_type", "token.ent_iob", "token.is_sent_start"],
    assigns=["doc.spans", "span._.extractor", "span._.canonical"],
)
def make_entities(nlp: Language, name: str, agency_patterns: str, org_heads: str, language_cues: str,
                  type_evidence: str, party_usage: str, lexicon: Lexicon, scorer: Callable | None) -> EntityRecogniser:
    files = DataFiles({"agency_patterns": agency_patterns, "org_heads": org_heads, "language_cues": language_cues,
                       "type_evidence": type_evidence, "party_usage": party_usage})
    return EntityRecogniser(nlp, files, lexicon, scorer)
