"""Processed documents → the records of the output contract (``pipeline.schema``).

The annotations of :mod:`pipeline.annotations` are serialised here, field by
field in the order ``pipeline.schema`` declares, so that records are
byte-identical from run to run; ids are content-derived (:mod:`pipeline.ids`).
A reference to a mention is a span of ``doc.spans["news_mentions"]``; its
``mention_id`` is computed from the span itself.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from spacy.tokens import Doc, Span

from pipeline import SCHEMA_VERSION, __version__
from pipeline.annotations import BOILERPLATE, MENTIONS, Attribution, Event, Official, doc_text
from pipeline.ids import mention_id, short_hash
from pipeline.io.articles import Article, InputError
from pipeline.schema import TABLES, Field

_TYPED_FIELDS = tuple(f for f in TABLES["mentions"] if f.only_for)
# The annotation whose attributes a type's scalar fields are (an object field is the extension of its own name).
_ANNOTATION = {"DATE": "timex", "FIGURE": "figure"}


class ByteOffsets:
    """Code-point → UTF-8 byte offsets, cheap for ASCII texts and linear for the rest."""

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii()
        if not self.ascii:
            self.cumulative = [0]
            total = 0
            for ch in text:
                total += len(ch.encode("utf-8", "surrogatepass"))
                self.cumulative.append(total)

    def __call__(self, offset: int) -> int:
        return offset if self.ascii else self.cumulative[offset]


def _plain(value: Any) -> Any:
    """A JSON value: dates as ISO strings, everything else as it is."""
    return value.isoformat() if isinstance(value, dt.date) else value


class _Serialiser:
    """Annotation objects → records of one doc (or one piece of a long article at ``offset``)."""

    def __init__(self, doc_id: str, offset: int) -> None:
        self.doc_id = doc_id
        self.offset = offset

    def mention_ref(self, span: Span | None) -> str | None:
        if span is None:
            return None
        return mention_id(self.doc_id, span.label_, self.offset + span.start_char, self.offset + span.end_char)

    def span(self, span: Span, text: bool = True) -> dict[str, Any]:
        """A span object of a record: article offsets, and the text as written."""
        start, end = self.offset + span.start_char, self.offset + span.end_char
        return {"start": start, "end": end, **({"text": span.text} if text else {})}

    def value(self, f: Field, obj: Any) -> Any:
        if f.name == "mention_id":
            return self.mention_ref(obj.mention)
        value = getattr(obj, f.name)
        if isinstance(value, Span):
            return self.span(value, text=any(p.name == "text" for p in f.properties or ()))
        if f.type == "object" and f.properties:
            return None if value is None else {p.name: self.value(p, value) for p in f.properties}
        if f.type == "array" and isinstance(f.items, tuple):
            return [{p.name: self.value(p, item) for p in f.items} for item in value]
        if f.type == "array":  # mention references
            return [ref for ref in (self.mention_ref(s) for s in value) if ref]
        return _plain(value)

    def record(self, table: str, obj: Any, **given: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in TABLES[table]:
            if f.name == "schema_version":
                out[f.name] = SCHEMA_VERSION
            elif f.name == "doc_id":
                out[f.name] = self.doc_id
            elif f.name in given:
                out[f.name] = given[f.name]
            else:
                out[f.name] = self.value(f, obj)
        return out


def document_record(article: Article, pieces: list[tuple[int, Doc]], model: str) -> dict[str, Any]:
    """``pieces``: (offset into the article text, doc) — one piece unless the article was too long for one doc."""
    boilerplate = [
        {"start": offset + s.start_char, "end": offset + s.end_char, "kind": s.label_}
        for offset, doc in pieces for s in doc.spans.get(BOILERPLATE, [])
    ]
    doc = pieces[0][1]
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": article.doc_id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "published_at_source": article.published_at_source,
        "text_sha256": article.text_sha256,
        "chars": len(article.text),
        "language": doc.lang_,
        "boilerplate": boilerplate,
        "meta": article.meta,
        "pipeline_version": __version__,
        "model": model,
    }


def _sentence_starts(doc: Doc) -> list[int]:
    if not doc.has_annotation("SENT_START"):
        return [0]
    return [s.start_char for s in doc.sents]


def sentence_count(doc: Doc) -> int:
    return len(_sentence_starts(doc))


def mention_records(doc_id: str, doc: Doc, offset: int = 0, to_bytes: ByteOffsets | None = None,
                    sentence_base: int = 0) -> list[dict[str, Any]]:
    """Mention records of one doc (or one piece of a long article starting at ``offset``)."""
    to_bytes = to_bytes or ByteOffsets(doc_text(doc))
    starts = _sentence_starts(doc)
    out = []
    for span in doc.spans.get(MENTIONS, []):
        index = sentence_base + bisect.bisect_right(starts, span.start_char) - 1
        out.append(mention_record(doc_id, span, to_bytes, index, offset))
    return out


def mention_record(doc_id: str, span: Span, to_bytes: ByteOffsets, sentence_index: int, offset: int = 0) -> dict[str, Any]:
    type_ = span.label_
    start, end = offset + span.start_char, offset + span.end_char
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "mention_id": mention_id(doc_id, type_, start, end),
        "doc_id": doc_id,
        "type": type_,
        "start": start,
        "end": end,
        "byte_start": to_bytes(start),
        "byte_end": to_bytes(end),
        "text": span.text,
        "sentence_index": sentence_index,
        "canonical": span._.canonical,
        "entity_id": span._.entity_id,
        "extractor": span._.extractor,
    }
    holder = span._.get(_ANNOTATION[type_]) if type_ in _ANNOTATION else None
    for f in _TYPED_FIELDS:
        if type_ not in f.only_for:
            continue
        if f.type == "object" and f.properties:  # geo: the span extension of that name
            value = span._.get(f.name)
            record[f.name] = None if value is None else {p.name: _plain(getattr(value, p.name)) for p in f.properties}
        else:
            record[f.name] = _plain(getattr(holder, f.name)) if holder is not None else None
    if type_ == "FIGURE" and record["number"] is not None:
        record["number"] = float(record["number"])
    return record


def official_records(doc_id: str, doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    ser = _Serialiser(doc_id, offset)
    return [ser.record("officials", off, **_official_keys(doc_id, off, offset)) for off in doc._.officials or []]


def _official_keys(doc_id: str, official: Official, offset: int) -> dict[str, Any]:
    start, end = offset + official.span.start_char, offset + official.span.end_char
    official_id = "o-" + short_hash(doc_id, official.entity_id, official.title, start, end)
    return {"official_id": official_id, "start": start, "end": end, "former": bool(official.former)}


def event_records(doc_id: str, doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    ser = _Serialiser(doc_id, offset)
    return [ser.record("events", ev, event_id=_event_id(doc_id, ev, offset)) for ev in doc._.events or []]


def _event_id(doc_id: str, event: Event, offset: int) -> str:
    return "e-" + short_hash(doc_id, event.type, offset + event.trigger.start_char, offset + event.trigger.end_char)


def attribution_records(doc_id: str, doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    """Attribution records of one doc (or one piece of a long article at ``offset``), in cue order."""
    ser = _Serialiser(doc_id, offset)
    return [ser.record("attributions", at, **_attribution_keys(ser, doc, at)) for at in doc._.attributions or []]


def _attribution_keys(ser: _Serialiser, doc: Doc, attribution: Attribution) -> dict[str, Any]:
    """The fields that are not an attribute of :class:`Attribution` as it is: the id, the content's covering span
    and fragments (the annotation holds only the fragments), and the STATEMENT's id."""
    cue = attribution.cue
    fragments = sorted(attribution.content, key=lambda s: (s.start_char, s.end_char))
    content = None
    if fragments:
        start, end = fragments[0].start_char, max(s.end_char for s in fragments)
        content = {"start": ser.offset + start, "end": ser.offset + end, "text": doc_text(doc)[start:end]}
    event = attribution.event
    return {
        "attribution_id": "a-" + short_hash(ser.doc_id, ser.offset + cue.start_char, ser.offset + cue.end_char),
        "content": content,
        "content_fragments": [ser.span(s) for s in fragments],
        "direct": bool(attribution.direct),
        "event_id": None if event is None else _event_id(ser.doc_id, event, ser.offset),
    }


def error_record(error: InputError) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": error.doc_id,
        "input": error.input,
        "error": error.error,
        "message": error.message,
    }
