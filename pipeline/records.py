"""Processed documents → the records of OUTPUT.md (schema version 1).

Field order is fixed here, so that serialised records are byte-identical
from run to run; ids are content-derived (see :mod:`pipeline.mentions.ids`).
"""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Doc, Span

from pipeline import SCHEMA_VERSION, __version__
from pipeline.io.articles import Article, InputError
from pipeline.mentions.ids import mention_id, short_hash

MENTIONS_KEY = "news_mentions"
BOILERPLATE_KEY = "news_boilerplate"


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


def document_record(article: Article, pieces: list[tuple[int, Doc]], model: str) -> dict[str, Any]:
    """``pieces``: (offset into the article text, doc) — one piece unless the article was too long for one doc."""
    boilerplate = [
        {"start": offset + s.start_char, "end": offset + s.end_char, "kind": s.label_}
        for offset, doc in pieces for s in doc.spans.get(BOILERPLATE_KEY, [])
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


def mention_records(doc_id: str, doc: Doc, offset: int = 0, to_bytes: ByteOffsets | None = None,
                    sentence_base: int = 0) -> list[dict[str, Any]]:
    """Mention records of one doc (or one piece of a long article starting at ``offset``)."""
    to_bytes = to_bytes or ByteOffsets(doc.text)
    starts = _sentence_starts(doc)
    out = []
    for span in doc.spans.get(MENTIONS_KEY, []):
        index = sentence_base + bisect.bisect_right(starts, span.start_char) - 1
        out.append(mention_record(doc_id, span, to_bytes, index, offset))
    return out


def sentence_count(doc: Doc) -> int:
    return len(_sentence_starts(doc))


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
    if type_ == "DATE":
        timex = span._.timex or {}
        for key in ("timex_type", "timex_value", "mod", "date_start", "date_end", "anchor"):
            record[key] = timex.get(key)
    elif type_ == "FIGURE":
        figure = span._.figure or {}
        for key in ("number", "unit", "counts", "qualifier"):
            record[key] = figure.get(key)
        if record["number"] is not None:
            record["number"] = float(record["number"])
    return record


def _mention_refs(doc_id: str, doc: Doc, offset: int = 0):
    """A function from a component's ``{"start", "end"}`` reference to a mention to its mention_id,
    built on one index of the doc's mentions."""
    index = {(s.start_char, s.end_char): s.label_ for s in doc.spans.get(MENTIONS_KEY, [])}

    def resolve(ref: dict[str, Any] | None) -> str | None:
        if not ref or (ref["start"], ref["end"]) not in index:
            return None
        label = index[(ref["start"], ref["end"])]
        return mention_id(doc_id, label, offset + ref["start"], offset + ref["end"])

    return resolve


def official_records(doc_id: str, doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    out = []
    for off in doc._.officials or []:
        start, end = offset + off["start"], offset + off["end"]
        out.append({
            "schema_version": SCHEMA_VERSION,
            "official_id": "o-" + short_hash(doc_id, off.get("entity_id"), off.get("title"), start, end),
            "doc_id": doc_id,
            "entity_id": off.get("entity_id"),
            "name": off.get("name"),
            "title": off.get("title"),
            "org": off.get("org"),
            "org_entity_id": off.get("org_entity_id"),
            "country": off.get("country"),
            "former": bool(off.get("former")),
            "start": start,
            "end": end,
        })
    return out


def event_records(doc_id: str, doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    out = []
    ref = _mention_refs(doc_id, doc, offset)
    for ev in doc._.events or []:
        trigger = ev["trigger"]
        date = ev.get("date")
        location = ev.get("location")
        start, end = offset + trigger["start"], offset + trigger["end"]
        out.append({
            "schema_version": SCHEMA_VERSION,
            "event_id": "e-" + short_hash(doc_id, ev["type"], start, end),
            "doc_id": doc_id,
            "type": ev["type"],
            "trigger": {"start": start, "end": end, "text": trigger["text"]},
            "sentence": {"start": offset + ev["sentence"]["start"], "end": offset + ev["sentence"]["end"]},
            "date": None if not date else {
                "timex_value": date.get("timex_value"), "date_start": date.get("date_start"),
                "date_end": date.get("date_end"), "mention_id": ref(date.get("mention")),
            },
            "location": None if not location else {
                "canonical": location.get("canonical"), "entity_id": location.get("entity_id"),
                "mention_id": ref(location.get("mention")),
            },
            "participants": [
                {"canonical": p.get("canonical"), "entity_id": p.get("entity_id"),
                 "mention_id": ref(p.get("mention")), "role": p.get("role")}
                for p in ev.get("participants") or []
            ],
            "figures": [m for m in (ref(f) for f in ev.get("figures") or []) if m],
            "cluster_id": ev.get("cluster_id"),
        })
    return out


def error_record(error: InputError) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": error.doc_id,
        "input": error.input,
        "error": error.error,
        "message": error.message,
    }
