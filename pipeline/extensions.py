"""Custom attributes shared by the newsfacts components.

Registered once, idempotently, so any component can be used alone in a plain
spaCy pipeline (``spacy.blank("en")`` in tests) without importing the others.

Span groups written by the components (all hold token-aligned spans):

- ``news_boilerplate``: boilerplate blocks, label = kind (``donation`` ...).
- ``news_entities``: PERSON/AGENCY/ORG/GPE/LOC/NORP candidates, label = type.
- ``news_dates``: DATE mentions, label ``DATE``, ``span._.timex`` set.
- ``news_figures``: FIGURE mentions, label ``FIGURE``, ``span._.figure`` set.
- ``news_mentions``: the final, non-overlapping mentions, sorted by offset.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS: dict[str, object] = {
    # datetime.date the article was published; the anchor of date resolution.
    "published_at": None,
    # list[dict] of official records (see pipeline.officials)
    "officials": None,
    # list[dict] of event records (see pipeline.events)
    "events": None,
}

SPAN_EXTENSIONS: dict[str, object] = {
    # str: which recogniser produced the span ("model:ner", "rule:agency_gazetteer" ...)
    "extractor": None,
    # str: canonical name within the document (entities) or None
    "canonical": None,
    # str: cross-document id such as "person:antony-blinken"
    "entity_id": None,
    # dict for DATE spans: timex_type, timex_value, mod, date_start, date_end, anchor
    "timex": None,
    # dict for FIGURE spans: number, unit, counts, qualifier
    "figure": None,
}


def register_extensions() -> None:
    """Register every newsfacts extension once (safe to call repeatedly)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register_extensions()
