"""Every trigger record's example sentence fires that record (rule files describe themselves)."""

from __future__ import annotations

import pytest
import spacy
from event_helpers import nlp  # noqa: F401 (fixture)
from spacy.tokens import Doc, Span

from pipeline.annotations import MENTIONS, Figure, Timex
from pipeline.events.context import DocContext
from pipeline.events.triggers import find_candidates
from pipeline.ids import entity_id

pytestmark = pytest.mark.model

# the base model's entity labels, mapped onto the mention types the trigger conditions look at
NER_TYPES = {"PERSON": "PERSON", "ORG": "AGENCY", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP",
             "DATE": "DATE", "CARDINAL": "FIGURE", "MONEY": "FIGURE", "PERCENT": "FIGURE", "QUANTITY": "FIGURE"}
EXTRACTOR = spacy.blank("en").add_pipe("news_events")


def mentions_from_ner(doc: Doc) -> Doc:
    spans = []
    for ent in doc.ents:
        label = NER_TYPES.get(ent.label_)
        if label is None:
            continue
        span = Span(doc, ent.start, ent.end, label=label)
        if label == "DATE":
            span._.timex = Timex(timex_type="DATE")
        elif label == "FIGURE":
            span._.figure = Figure()
        else:
            span._.canonical = ent.text
            span._.entity_id = entity_id(label, ent.text)
        spans.append(span)
    doc.spans[MENTIONS] = spans
    return doc


@pytest.mark.parametrize("rule", EXTRACTOR.state.rules, ids=lambda r: f"{r.type}:{' '.join(r.lemmas)}:{r.pos}")
def test_example_fires_its_record(nlp, rule):
    doc = mentions_from_ner(nlp(rule.example))
    fired = [c.rule for c in find_candidates(DocContext(doc, EXTRACTOR.state, EXTRACTOR.lexicon.countries))]
    assert rule in fired, f"{rule.example!r} fired {[(r.type, r.lemmas) for r in fired]}"
