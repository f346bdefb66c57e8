"""The ``news_mentions`` component: the final, non-overlapping mentions of a document.

Entity, date and figure candidates meet here. One deterministic filter picks
the winners (gazetteer bodies, then dates, then other entities, then
figures; longer before shorter; earlier before later); acronyms defined in
the text spread to their later uses; every entity mention gets its
canonical name within the document and its cross-document ``entity_id``;
GPE and LOC mentions are geocoded (``span._.geo``) from their canonical name,
else their written text, by the lexicon's GeoNames places.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.annotations import DATES, ENTITIES, ENTITY_TYPES, FIGURES, MENTIONS, boilerplate_tokens
from pipeline.component import NewsComponent
from pipeline.ids import entity_id
from pipeline.lexicon import Lexicon
from pipeline.mentions.acronyms import find_definitions
from pipeline.mentions.canonical import Canonicaliser, EntityMention, unify_people

GEO_TYPES = ("GPE", "LOC")  # the mention types that carry ``span._.geo``


def _rank(span: Span, group: str) -> tuple[int, int, int, int]:
    if group == ENTITIES:
        priority = 4 if span.id_ else 2
    elif group == DATES:
        priority = 3
    else:
        priority = 1
    return (-priority, -(span.end_char - span.start_char), span.start_char, span.end_char)


class MentionResolver(NewsComponent):
    spans_key = MENTIONS

    def build(self) -> Canonicaliser:
        assert self.lexicon is not None
        return Canonicaliser(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        blocked = boilerplate_tokens(doc)
        candidates = []
        for group in (ENTITIES, DATES, FIGURES):
            for span in doc.spans.get(group, []):
                if "\n\n" in span.text:
                    continue  # a mention never runs across a paragraph break
                if not any(i in blocked for i in range(span.start, span.end)):
                    candidates.append((_rank(span, group), span))
        used: set[int] = set()
        chosen: list[Span] = []
        for _, span in sorted(candidates, key=lambda c: c[0]):
            if any(i in used for i in range(span.start, span.end)):
                continue
            chosen.append(span)
            used.update(range(span.start, span.end))
        chosen.extend(self._acronym_uses(doc, chosen, used, blocked))
        chosen.sort(key=lambda s: (s.start, s.end))
        self._canonicalise(doc, chosen)
        doc.spans[MENTIONS] = chosen
        return doc

    def unify_people(self, docs: list[Doc]) -> None:
        """One canonical name per person across docs that are pieces of one long article."""
        unify_people(self.state, docs)

    def _acronym_uses(self, doc: Doc, chosen: list[Span], used: set[int], blocked: frozenset[int]) -> list[Span]:
        """Every use of an acronym defined in the text, including the definition itself."""
        bodies = [s for s in chosen if s.label_ in ("AGENCY", "ORG")]
        added: list[Span] = []
        for long_form, index in find_definitions(doc, bodies):
            acronym = doc[index].text
            canonical = long_form._.canonical or long_form.text
            for tok in doc:
                if tok.text != acronym or tok.i in blocked:
                    continue
                if tok.i in used:
                    existing = next((s for s in chosen if s.start == tok.i and s.end == tok.i + 1), None)
                    if existing is not None and existing.label_ in ("AGENCY", "ORG") and existing._.canonical is None:
                        existing._.canonical = canonical
                    continue
                span = Span(doc, tok.i, tok.i + 1, label=long_form.label_)
                span._.extractor = "rule:acronym"
                span._.canonical = canonical
                used.add(tok.i)
                added.append(span)
        return added

    def _canonicalise(self, doc: Doc, spans: list[Span]) -> None:
        entities = [s for s in spans if s.label_ in ENTITY_TYPES]
        places = {s.end: s for s in entities if s.label_ == "GPE"}
        records = [self._record(s, places) for s in entities]
        self.state.canonicalise(records)
        for span, record in zip(entities, records):
            span._.canonical = record.canonical
            span._.entity_id = entity_id(span.label_, record.canonical, record.country)
        self._geocode(entities)

    def _record(self, span: Span, places: dict[int, Span]) -> EntityMention:
        """What canonicalisation needs of a mention. An unlisted body with a country owner is the listed body of
        that country where the lexicon has one ("Japan's Ministry of Foreign Affairs"), else carries the owner."""
        owner = self._owner_country(span, places) if span.label_ == "AGENCY" and not span.id_ else None
        listed = self.lexicon.bodies.local_forms.get((owner, span.text)) if owner else None
        if listed is not None:
            return EntityMention(span.label_, span.text, span.start_char, gazetteer_name=listed.name)
        return EntityMention(span.label_, span.text, span.start_char, gazetteer_name=span._.canonical, owner=owner)

    def _owner_country(self, body: Span, places: dict[int, Span]) -> str | None:
        """The country an unlisted body belongs to by a possessive: "Japan's Ministry of Foreign Affairs"."""
        doc = body.doc
        if body.start < 2 or doc[body.start - 1].lower_ not in self.state.possessives:
            return None
        owner = places.get(body.start - 1)
        return self.lexicon.countries.code(owner.text) if owner is not None else None

    def _geocode(self, entities: list[Span]) -> None:
        """``span._.geo`` of GPE/LOC mentions: the place their canonical name (else their text) resolves to."""
        assert self.lexicon is not None
        places = self.lexicon.places
        for span in entities:
            if span.label_ in GEO_TYPES:
                geo = places.lookup(span._.canonical or span.text, span.label_)
                if geo is None and span._.canonical != span.text:
                    geo = places.lookup(span.text, span.label_)
                span._.geo = geo


@Language.factory(
    "news_mentions",
    default_config={"lexicon": {"@misc": "newsfacts.lexicon.v1"}, "scorer": {"@scorers": "newsfacts.spans_scorer.v1"}},
    requires=["doc.spans"],
    assigns=["doc.spans", "span._.canonical", "span._.entity_id", "span._.extractor", "span._.geo"],
)
def make_mentions(nlp: Language, name: str, lexicon: Lexicon, scorer: Callable | None) -> MentionResolver:
    return MentionResolver(lexicon=lexicon, scorer=scorer)
