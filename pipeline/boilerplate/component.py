"""The ``news_boilerplate`` spaCy component: page furniture that is not the article."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.annotations import BOILERPLATE, doc_text
from pipeline.boilerplate.rules import BoilerplateRule, find_boilerplate, load_rules
from pipeline.component import NewsComponent
from pipeline.resources import DataFiles


class BoilerplateDetector(NewsComponent):
    """Marks boilerplate blocks in ``doc.spans["news_boilerplate"]``; later components skip them."""

    spans_key = BOILERPLATE

    def build(self) -> tuple[BoilerplateRule, ...]:
        return load_rules(self.files.jsonl("rules"), self.files.refs["rules"])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for block in find_boilerplate(doc_text(doc), self.state):
            span = doc.char_span(block.start, block.end, label=block.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[BOILERPLATE] = spans
        return doc


@Language.factory(
    "news_boilerplate",
    default_config={"rules": "models:boilerplate/rules.jsonl", "scorer": {"@scorers": "newsfacts.spans_scorer.v1"}},
    assigns=["doc.spans"],
)
def make_boilerplate(nlp: Language, name: str, rules: str, scorer: Callable | None) -> BoilerplateDetector:
    return BoilerplateDetector(DataFiles({"rules": rules}), scorer=scorer)
