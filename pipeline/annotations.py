"""What the newsfacts components write on a doc, declared once: span keys, extensions, and their types.

Every component reads and writes through the names here, so a span key or an
annotation's shape is defined in one place. Annotations hold spans, not
offsets: ``pipeline.records`` turns them into output records, driven by the
field lists of ``pipeline.schema``, and every field an annotation carries
reaches the output.

Span groups (all token-aligned):

- ``news_boilerplate``: boilerplate blocks, label = kind (``donation`` ...).
- ``news_entities``: PERSON/AGENCY/ORG/GPE/LOC/NORP candidates, label = type.
- ``news_entities_dropped``: the model's entities a rule dropped, label = the rule.
- ``news_dates``: DATE candidates, ``span._.timex`` set.
- ``news_figures``: FIGURE candidates, ``span._.figure`` set.
- ``news_mentions``: the final, non-overlapping mentions, sorted by offset;
  GPE and LOC mentions carry ``span._.geo`` (a :class:`Geo`, or None).

Extensions are registered once, idempotently, on import, so any component
works alone in a plain spaCy pipeline (``spacy.blank("en")`` in tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span

BOILERPLATE = "news_boilerplate"
ENTITIES = "news_entities"
ENTITIES_DROPPED = "news_entities_dropped"  # model entities a rule dropped, label = the rule (countable, never silent)
DATES = "news_dates"
FIGURES = "news_figures"
MENTIONS = "news_mentions"
ENTITY_TYPES = ("PERSON", "AGENCY", "ORG", "GPE", "LOC", "NORP")


@dataclass(frozen=True)
class Timex:
    """What a DATE mention resolves to (TimeML TIMEX3); the fields are the schema's DATE fields."""

    timex_type: str | None = None  # DATE, TIME, DURATION or SET
    timex_value: str | None = None
    mod: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    anchor: dt.date | None = None


@dataclass(frozen=True)
class Figure:
    """What a FIGURE mention states; the fields are the schema's FIGURE fields."""

    number: float | None = None
    unit: str | None = None
    counts: str | None = None
    qualifier: str | None = None
    range_end: float | None = None  # a range's upper end ("5.25% to 5.5%" → 5.5); number is its lower end


@dataclass(frozen=True, slots=True)
class Geo:
    """Where a GPE/LOC mention is on the map (a GeoNames place); the fields are the schema's ``geo`` fields."""

    geonames_id: int
    latitude: float | None = None  # WGS84; null where the source has no point (US states)
    longitude: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2; null for continents
    feature_class: str | None = None  # GeoNames feature class: A (country, region), P (city), L (continent)


@dataclass
class Official:
    """A person holding a public office, as one sentence of the text states it."""

    span: Span  # the person's mention (the record's offsets)
    entity_id: str | None
    name: str
    title: str
    org: str | None = None
    org_entity_id: str | None = None
    country: str | None = None
    former: bool = False


@dataclass
class EventDate:
    timex_value: str | None
    date_start: dt.date | None
    date_end: dt.date | None
    mention: Span | None  # the DATE mention of doc.spans["news_mentions"], if it is one


@dataclass
class EventPlace:
    canonical: str
    entity_id: str | None
    mention: Span | None  # a GPE/LOC mention of doc.spans["news_mentions"]


@dataclass
class Participant:
    canonical: str
    entity_id: str | None
    mention: Span | None  # a mention of doc.spans["news_mentions"]
    role: str | None = None


@dataclass
class Event:
    """One real-world happening reported in the document (repeated reports merged)."""

    type: str
    trigger: Span
    sentence: Span
    date: EventDate | None = None
    location: EventPlace | None = None
    participants: list[Participant] = field(default_factory=list)
    figures: list[Span] = field(default_factory=list)  # FIGURE mentions
    cluster_id: str | None = None


@dataclass
class Chain:
    """One entity and the pronouns and descriptions the text refers to it with ("he", "the mayor").

    ``entity`` is a mention of doc.spans["news_mentions"] (its canonical and entity_id name the
    entity); ``refs`` are the referring spans, in text order, none of them a mention."""

    entity: Span
    refs: list[Span] = field(default_factory=list)


@dataclass
class Speaker:
    """Who an attribution's source is, resolved: a named entity of the document."""

    canonical: str
    entity_id: str | None
    mention: Span | None  # the mention of doc.spans["news_mentions"] that names it (the source itself, or its antecedent)


@dataclass
class Attribution:
    """One place where the text credits speech, writing, a thought or a belief to a source (PolNeAR's sense).

    ``kind`` is ``speech`` ("said", "told reporters", a colon before a quotation, "in a statement"),
    ``thought`` ("believes", "wants", "polls show") or ``according_to``."""

    kind: str
    cue: Span
    sentence: Span
    source: Span | None = None  # the holder as written: "he", "the district attorney", "Blinken"
    speaker: Speaker | None = None  # the holder resolved (through coreference for pronouns and descriptions)
    content: list[Span] = field(default_factory=list)  # what is attributed, one span per fragment, in text order
    direct: bool = False  # the content is a verbatim quotation
    date: EventDate | None = None  # the DATE of the cue's clause
    event: Event | None = None  # the STATEMENT this report belongs to (set by news_events)


DOC_EXTENSIONS: dict[str, object] = {
    "published_at": None,  # datetime.date the article was published: the anchor of date resolution
    "officials": None,  # list[Official]
    "coref": None,  # list[Chain]: pronouns and descriptions resolved to the mentions they refer to
    "attributions": None,  # list[Attribution], in cue order
    "events": None,  # list[Event]
}
SPAN_EXTENSIONS: dict[str, object] = {
    "extractor": None,  # which recogniser produced the span ("model:ner", "rule:gazetteer" ...)
    "canonical": None,  # canonical name within the document (entities)
    "entity_id": None,  # cross-document id such as "person:antony-blinken"
    "timex": None,  # Timex, on DATE spans
    "figure": None,  # Figure, on FIGURE spans
    "geo": None,  # Geo, on GPE/LOC mentions that resolve to one place
}


def register_extensions() -> None:
    """Register every newsfacts extension once (safe to call repeatedly)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token's text again on each access, which a
    component asking per span pays for per span. A doc's text never changes (retokenising keeps it)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def boilerplate_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens inside boilerplate blocks: nothing is extracted from them."""
    return frozenset(i for span in doc.spans.get(BOILERPLATE, []) for i in range(span.start, span.end))


def referent(doc: Doc, span: Span) -> Span | None:
    """The mention ``span`` refers to through ``doc._.coref`` (a chain's entity), or None.

    ``span`` is a referring expression as written ("he", "the mayor"); it matches a chain's
    reference when they share their last token (a description's head)."""
    last = span.end - 1
    for chain in doc._.coref or ():
        if any(ref.end - 1 == last for ref in chain.refs):
            return chain.entity
    return None


def release(doc: Doc) -> None:
    """Drop the doc-level annotations once serialised.

    Officials and events hold spans, and a span holds its doc: stored in the
    doc's own user data they form a reference cycle that only the cyclic
    garbage collector frees, late, with the doc's tensors. A batch run calls
    this after writing a doc's records, so each doc is freed at once and
    memory stays flat.
    """
    for name in ("officials", "coref", "attributions", "events"):
        doc._.set(name, None)


register_extensions()
