"""The entity mentions the officials component reads, in one shape.

In the pipeline they are ``doc.spans["news_mentions"]`` (canonical names and
ids set by ``news_mentions``). A component used alone, on a base model only,
falls back to the model's ``doc.ents`` with the written text as canonical
name, so the component still works, with plainer names.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.annotations import ENTITY_TYPES, MENTIONS
from pipeline.ids import entity_id


@dataclass(frozen=True)
class Mention:
    start: int  # token offsets
    end: int
    label: str
    text: str
    canonical: str
    entity_id: str | None


def person_id(canonical: str) -> str:
    return entity_id("PERSON", canonical)


def from_span(span: Span) -> Mention:
    canonical = span._.canonical or span.text
    return Mention(span.start, span.end, span.label_, span.text, canonical,
                   span._.entity_id or (entity_id(span.label_, canonical) if span.label_ != "NORP" else None))


def document_mentions(doc: Doc, government_words: frozenset[str]) -> list[Mention]:
    """Entity mentions sorted by offset: the final ones when present, else the model's entities.

    ``government_words`` mark a public body among the model's ORG entities.
    """
    if MENTIONS in doc.spans:
        spans = [s for s in doc.spans[MENTIONS] if s.label_ in ENTITY_TYPES]
        return sorted((from_span(s) for s in spans), key=lambda m: (m.start, m.end))
    out = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPES:
            continue
        span = _trim(ent)
        if span is None:
            continue
        canonical = span.text
        label = span.label_
        if label == "ORG" and any(word in government_words for word in canonical.split()):
            label = "AGENCY"  # the model has no AGENCY type: "European Commission" is an ORG to it
        out.append(Mention(span.start, span.end, label, span.text, canonical,
                           entity_id(label, canonical) if label != "NORP" else None))
    return out


def _trim(span: Span) -> Span | None:
    """The model keeps possessives and punctuation inside names ("Gonzalez’s"); drop them."""
    start, end = span.start, span.end
    doc = span.doc
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].lower_ == "the"):
        start += 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def token_index(mentions: list[Mention], n_tokens: int) -> list[Mention | None]:
    """For each token, the mention it belongs to."""
    index: list[Mention | None] = [None] * n_tokens
    for mention in mentions:
        for i in range(mention.start, mention.end):
            index[i] = mention
    return index
