"""The ``news_boilerplate`` spaCy component."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401
from pipeline.boilerplate.rules import find_boilerplate, load_rules

SPAN_KEY = "news_boilerplate"


class BoilerplateDetector:
    """Marks boilerplate blocks in ``doc.spans["news_boilerplate"]``; later components skip them."""

    def __init__(self, rules: str) -> None:
        self.rules = load_rules(rules)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for block in find_boilerplate(doc.text, self.rules):
            span = doc.char_span(block.start, block.end, label=block.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory(
    "news_boilerplate",
    default_config={"rules": "models:patterns/boilerplate.jsonl"},
    assigns=["doc.spans"],
)
def make_boilerplate(nlp: Language, name: str, rules: str) -> BoilerplateDetector:
    return BoilerplateDetector(rules)
